"""The content's shape (JSON Schema) and the comparison of two versions."""

from __future__ import annotations

import datetime as dt

import pytest

from samvern.safetyplans.content import (
    SCHEMA,
    AgenciesSection,
    AlarmsSection,
    Commitment,
    ContactSection,
    ContentError,
    EmergencyNumber,
    Order,
    OrdersSection,
    OrganisationRef,
    PlanContent,
    from_json,
    schema_problems,
    to_json,
)
from samvern.safetyplans.diff import changed_section_keys, compare

POLICE = OrganisationRef("p", "Politiet")
CRISIS = OrganisationRef("k", "Krisesenteret")


def _content(**sections) -> PlanContent:
    return PlanContent(**sections)


def test_content_round_trips_through_json():
    content = _content(
        alarms=AlarmsSection(
            personal_alarm="issued",
            alarm_issued_by=POLICE,
            alarm_issued_on=dt.date(2026, 1, 5),
            emergency_numbers=(EmergencyNumber("Politi", "112"),),
        ),
        orders=OrdersSection(orders=(Order("restraining", "granted", dt.date(2027, 1, 1)),)),
        agencies=AgenciesSection(commitments=(Commitment(POLICE, "Ringer"),)),
    )
    data = to_json(content)
    assert schema_problems(data) == []
    assert from_json(data) == content


@pytest.mark.parametrize(
    ("broken", "path"),
    [
        ({"contact": {"how": 1}}, "contact/how"),
        ({"contact": {"colour": "blå"}}, "contact"),
        ({"alarms": {"personal_alarm": "maybe"}}, "alarms/personal_alarm"),
        ({"alarms": {"alarm_issued_on": "5.1.2026"}}, "alarms/alarm_issued_on"),
        ({"orders": {"orders": [{"kind": "restraining"}]}}, "orders/orders/0"),
        ({"agencies": {"commitments": [{"action": "x"}]}}, "agencies/commitments/0"),
        ({"contact": {"how": "x" * 5001}}, "contact/how"),
        ({"format": 2}, "format"),
    ],
)
def test_content_of_the_wrong_shape_is_refused_with_its_path(broken, path):
    with pytest.raises(ContentError) as caught:
        from_json(broken)
    assert any(message.startswith(path) for message in caught.value.messages)


def test_the_schema_names_every_section():
    assert set(SCHEMA["properties"]) == {
        "format",
        "contact",
        "places",
        "alarms",
        "orders",
        "digital",
        "children",
        "agencies",
    }


def test_fields_that_changed_are_listed_with_before_and_after():
    before = _content(contact=ContactSection(how="Ring", when="Morgen"))
    after = _content(contact=ContactSection(how="SMS", when="Morgen"))
    diff = compare(before, after)
    [section] = diff.changed_sections
    assert section.key == "contact"
    [change] = section.fields
    assert (str(change.label), change.before, change.after) == (
        "Slik tar du kontakt",
        "Ring",
        "SMS",
    )


def test_commitments_added_removed_and_changed():
    before = _content(
        agencies=AgenciesSection(
            commitments=(Commitment(POLICE, "Ringer"), Commitment(CRISIS, "Samtale"))
        )
    )
    after = _content(
        agencies=AgenciesSection(
            commitments=(
                Commitment(POLICE, "Ringer hver dag"),
                Commitment(OrganisationRef("b", "Barnevernet"), "Samtale med barnet"),
            )
        )
    )
    [section] = compare(before, after).changed_sections
    [changes] = section.lists
    assert changes.added == ["Barnevernet: Samtale med barnet"]
    assert changes.removed == ["Krisesenteret: Samtale"]
    assert [(c.before, c.after) for c in changes.changed] == [
        ("Politiet: Ringer", "Politiet: Ringer hver dag")
    ]


def test_rows_moved_are_not_changes():
    a, b = EmergencyNumber("Politi", "112"), EmergencyNumber("Legevakt", "116 117")
    before = _content(alarms=AlarmsSection(emergency_numbers=(a, b)))
    after = _content(alarms=AlarmsSection(emergency_numbers=(b, a)))
    assert not compare(before, after).any


def test_an_order_changing_status_is_one_change():
    before = _content(orders=OrdersSection(orders=(Order("restraining", "requested"),)))
    after = _content(orders=OrdersSection(orders=(Order("restraining", "granted"),)))
    [section] = compare(before, after).changed_sections
    [changes] = section.lists
    assert not changes.added and not changes.removed
    assert len(changes.changed) == 1


def test_a_first_version_changes_the_sections_it_fills():
    content = _content(contact=ContactSection(how="Ring"))
    assert changed_section_keys(None, content) == ["contact"]
