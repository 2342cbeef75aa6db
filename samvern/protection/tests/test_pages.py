"""The pages: the case's measures by person, adding, changing and ending a measure, the
release date, the panel on the case page, the organisation's list with its filters and a
constant number of queries, the start page, and the audit of every read and write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.protection import services
from samvern.protection.models import MeasureKind, MeasureType, ProtectiveMeasure
from samvern.protection.tests.conftest import add_measure

pytestmark = pytest.mark.django_db


def _actions_after(last: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(pk__gt=last).order_by("pk").values_list("action", flat=True)
    )


def _last() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_the_case_page_shows_the_panel_to_those_taking_part(pw, client):
    login(client, pw.participant)
    last = _last()
    html = client.get(reverse("cases:detail", args=[pw.case.pk]))
    body = html.content.decode()
    assert 'data-testid="protection-panel"' in body
    assert "Voldsalarm" in body and "Utløper om 10 dager" in body
    assert "Varsle den utsatte før løslatelsen" in body
    assert "Beskyttelsestiltak og løslatelsesdatoer" in body  # the link
    assert services.PANEL_VIEWED in _actions_after(last)


def test_the_panel_leaves_out_measures_far_from_their_end(pw, client):
    ProtectiveMeasure.objects.update(ends_on=pw.day + dt.timedelta(days=60))
    pw.release.informed_on = pw.day
    pw.release.release_on = pw.day + dt.timedelta(days=40)
    pw.release.save()
    login(client, pw.referrer)
    body = client.get(reverse("cases:detail", args=[pw.case.pk])).content.decode()
    assert 'data-testid="protection-panel"' not in body


def test_adding_a_restraining_order_records_it_and_audits(pw, client):
    login(client, pw.participant)
    url = reverse("protection:add_measure", args=[pw.exposed.pk])
    last = _last()
    response = client.post(
        url,
        {
            "kind": MeasureKind.RESTRAINING_ORDER,
            "measure_type": MeasureType.VISITING_BAN_HOME,
            "starts_on": pw.day.isoformat(),
            "ends_on": (pw.day + dt.timedelta(days=90)).isoformat(),
            "responsible": str(pw.crisis.pk),
            "conditions": "Ikke oppholde seg i boligen.",
            "note": "",
        },
    )
    assert response.status_code == 302
    measure = ProtectiveMeasure.objects.get(kind=MeasureKind.RESTRAINING_ORDER)
    assert measure.responsible == pw.crisis and measure.organisation == pw.crisis
    assert _actions_after(last) == [services.MEASURE_ADDED]
    event = AuditEvent.objects.filter(action=services.MEASURE_ADDED).latest("pk")
    assert event.case_id == str(pw.case.pk) and event.actor_id == str(pw.participant.pk)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": "2001-01-01"}, "ends_on", "Slutten kan ikke være før starten."),
        ({"measure_type": ""}, "measure_type", "Velg typen tiltak."),
        ({"kind": MeasureKind.SHELTER_STAY}, "conditions", "Vilkår hører til"),
    ],
)
def test_bad_input_is_refused_in_bokmal_and_nothing_is_stored(pw, client, changes, field, message):
    login(client, pw.referrer)
    data = {
        "kind": MeasureKind.RESTRAINING_ORDER,
        "measure_type": MeasureType.VISITING_BAN,
        "starts_on": "2030-01-10",
        "ends_on": "2030-03-10",
        "responsible": str(pw.police.pk),
        "conditions": "Ikke kontakt.",
        "note": "",
        **changes,
    }
    if changes.get("kind") == MeasureKind.SHELTER_STAY:
        data["measure_type"] = ""
    before = ProtectiveMeasure.objects.count()
    url = reverse("protection:add_measure", args=[pw.exposed.pk])
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ProtectiveMeasure.objects.count() == before


def test_an_organisation_not_taking_part_cannot_be_made_responsible(pw, client):
    login(client, pw.referrer)
    url = reverse("protection:add_measure", args=[pw.exposed.pk])
    response = client.post(
        url,
        {
            "kind": MeasureKind.PERSONAL_ALARM,
            "starts_on": pw.day.isoformat(),
            "responsible": str(pw.child_welfare.pk),
        },
    )
    assert response.status_code == 200
    assert ProtectiveMeasure.objects.count() == 1
    # The choice is not offered either.
    assert str(pw.child_welfare.pk) not in client.get(url).content.decode()


def test_a_measure_protects_the_person_exposed_or_a_child_only(pw, client):
    login(client, pw.referrer)
    assert client.get(reverse("protection:add_measure", args=[pw.using.pk])).status_code == 404
    assert client.get(reverse("protection:add_release", args=[pw.exposed.pk])).status_code == 404


def test_the_responsible_organisation_changes_and_ends_the_measure(pw, client):
    login(client, pw.referrer)
    last = _last()
    url = reverse("protection:edit_measure", args=[pw.measure.pk])
    new_end = pw.day + dt.timedelta(days=40)
    response = client.post(
        url,
        {
            "measure_type": "",
            "starts_on": pw.measure.starts_on.isoformat(),
            "ends_on": new_end.isoformat(),
            "responsible": str(pw.police.pk),
            "conditions": "",
            "note": "Forlenget.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    pw.measure.refresh_from_db()
    assert pw.measure.ends_on == new_end and pw.measure.kind == MeasureKind.PERSONAL_ALARM
    end = reverse("protection:end_measure", args=[pw.measure.pk])
    assert client.post(end, {"ended_on": pw.day.isoformat(), "reason": "Levert"}).status_code == 302
    pw.measure.refresh_from_db()
    assert pw.measure.ended_on == pw.day
    assert _actions_after(last) == [services.MEASURE_CHANGED, services.MEASURE_ENDED]
    detail = AuditEvent.objects.get(action=services.MEASURE_CHANGED).detail
    assert detail["fields"] == ["ends_on", "note"]


def test_ending_before_the_start_is_refused(pw, client):
    login(client, pw.referrer)
    end = reverse("protection:end_measure", args=[pw.measure.pk])
    response = client.post(end, {"ended_on": "2001-01-01"}, HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 200
    assert "Et tiltak kan ikke avsluttes før det startet." in response.content.decode()
    pw.measure.refresh_from_db()
    assert pw.measure.ended_on is None


def test_the_release_date_is_recorded_and_marked_informed(pw, client):
    login(client, pw.referrer)
    url = reverse("protection:edit_release", args=[pw.release.pk])
    response = client.post(
        url,
        {
            "release_on": pw.release.release_on.isoformat(),
            "source": pw.release.source,
            "responsible": str(pw.police.pk),
            "informed_on": pw.day.isoformat(),
            "note": "",
        },
    )
    assert response.status_code == 302
    pw.release.refresh_from_db()
    assert pw.release.informed_on == pw.day
    assert AuditEvent.objects.filter(action=services.RELEASE_CHANGED).count() == 1


def test_every_read_page_is_audited_with_its_case(pw, client):
    login(client, pw.referrer)
    pages = [
        (reverse("protection:case", args=[pw.case.pk]), services.MEASURES_VIEWED),
        (reverse("protection:measure", args=[pw.measure.pk]), services.MEASURE_VIEWED),
        (
            reverse("protection:reassessment", args=[pw.reassessment.pk]),
            services.REASSESSMENT_VIEWED,
        ),
        (reverse("protection:edit_measure", args=[pw.measure.pk]), services.MEASURE_VIEWED),
        (reverse("protection:add_measure", args=[pw.exposed.pk]), services.MEASURES_VIEWED),
    ]
    for url, action in pages:
        last = _last()
        assert client.get(url).status_code == 200
        events = AuditEvent.objects.filter(pk__gt=last)
        assert [e.action for e in events] == [action], url
        assert events.get().case_id == str(pw.case.pk)
    last = _last()
    client.get(reverse("protection:ours"))
    client.get(reverse("protection:reassessments"))
    listed = AuditEvent.objects.filter(pk__gt=last).order_by("pk")
    assert [e.action for e in listed] == [
        services.MEASURES_LISTED,
        services.RELEASES_LISTED,
        services.REASSESSMENTS_LISTED,
    ]
    assert listed[0].detail["cases"] == [str(pw.case.pk)]


@pytest.mark.parametrize(
    ("show", "expected"),
    [("", True), ("ending_soon", True), ("active", True), ("ended", False), ("bogus", True)],
)
def test_our_measures_filters(pw, client, show, expected):
    login(client, pw.referrer)
    body = client.get(reverse("protection:ours"), {"show": show}).content.decode()
    assert (f'href="/protection/measure/{pw.measure.pk}/"' in body) is expected


def test_the_crisis_centre_lists_only_what_it_is_responsible_for(pw, client):
    login(client, pw.participant)
    body = client.get(reverse("protection:ours")).content.decode()
    assert str(pw.measure.pk) not in body


def _queries_for_list(pw, client) -> int:
    login(client, pw.referrer)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("protection:ours")).status_code == 200
    return len(captured)


def test_the_list_takes_the_same_queries_for_2_and_20_measures(pw, client):
    add_measure(pw.base, starts_on=pw.day, ends_on=pw.day + dt.timedelta(days=3))
    two = _queries_for_list(pw, client)
    for i in range(18):
        add_measure(pw.base, starts_on=pw.day, ends_on=pw.day + dt.timedelta(days=i))
    twenty = _queries_for_list(pw, client)
    assert ProtectiveMeasure.objects.count() == 20
    assert twenty == two


def test_the_case_measures_page_takes_the_same_queries_for_2_and_20(pw, client):
    def count() -> int:
        login(client, pw.referrer)
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("protection:case", args=[pw.case.pk]))
        return len(captured)

    add_measure(pw.base, starts_on=pw.day, ends_on=None)
    two = count()
    for _ in range(18):
        add_measure(pw.base, starts_on=pw.day, ends_on=None)
    assert count() == two


def test_the_start_page_counts_without_content(pw, client):
    login(client, pw.referrer)
    body = client.get(reverse("core:home")).content.decode()
    assert "1 tiltak utløper innen 14 dager" in body
    assert "1 løslatelse nærmer seg: varsle den utsatte" in body
    assert "Tiril" not in body


def test_the_start_page_has_no_panel_for_an_org_admin(pw, client):
    login(client, pw.org_admin)
    body = client.get(reverse("core:home")).content.decode()
    assert "utløper innen 14 dager" not in body
