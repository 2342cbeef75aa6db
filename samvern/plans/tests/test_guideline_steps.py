"""The national guideline's steps beside the plan text: the initiative, the steering group,
involvement, the communication plan with the annual cycle (also as iCalendar) and the
external quality review. The plan's editor (alice) records them on their pages; its
reader (bob) sees them without forms; an editor of another municipality (charlie) gets
404; a refused write changes nothing and records no event."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.plans import services
from samvern.plans.models import (
    CommunicationItem,
    Initiative,
    InvolvedGroup,
    Involvement,
    QualityReview,
    SteeringGroupMember,
)
from samvern.plans.quality import run_quality_check
from samvern.plans.services import guideline as steps
from samvern.plans.tests.helpers import adopted, as_actor, new_plan, ready_for_consultation

pytestmark = pytest.mark.django_db

GUIDELINE_CHECKS = {
    "initiative",
    "steering_group",
    "involvement",
    "communication",
    "quality_review",
}


def last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def rows() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Initiative, SteeringGroupMember, Involvement, CommunicationItem, QualityReview)
    )


def url(version, name, *extra):
    return reverse(f"plans:{name}", args=[version.plan_id, version.pk, *extra])


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def draft(alice, bergen):
    version = ready_for_consultation(alice, new_plan(alice, [bergen]), measures=1)
    services.add_working_group_member(
        actor=as_actor(alice), version=version, name="Kari Nilsen", is_leader=True
    )
    return version


@pytest.fixture
def recorded(alice, draft):
    """One record of each step, made through the services."""
    actor = as_actor(alice)
    steps.save_initiative(
        actor=actor,
        version=draft,
        data=steps.InitiativeData(proposed_by="Bystyregruppa", problem="Mange anmeldelser."),
    )
    member = steps.save_steering_member(
        actor=actor,
        version=draft,
        data=steps.SteeringMemberData(name="Ola Dahl", position="Kommunaldirektør", chairs=True),
    )
    involvement = steps.save_involvement(
        actor=actor,
        version=draft,
        data=steps.InvolvementData(group=InvolvedGroup.CHILDREN, participants="Ungdomsrådet"),
    )
    item = steps.save_communication_item(
        actor=actor,
        version=draft,
        data=steps.CommunicationItemData(audience="Alle ansatte", message="Planen er vedtatt."),
    )
    return {"member": member, "involvement": involvement, "item": item}


# --- The editor records every step through the pages ------------------------------------


def test_the_editor_records_each_step_on_its_page(client, alice, draft):
    login(client, alice)
    before = last_id()
    posts = [
        (
            "initiative",
            {
                "proposed_by": "Arbeiderpartiets gruppe",
                "proposed_on": days_ago(90).isoformat(),
                "reason": "Flere saker i barnevernet.",
                "problem": "Ingen felles rutine.",
            },
        ),
        (
            "steering_group",
            {
                "new-name": "Ola Dahl",
                "new-position": "Kommunaldirektør helse",
                "new-organisation": "Bergen kommune",
                "new-chairs": "on",
            },
        ),
        (
            "involvement",
            {
                "new-group": InvolvedGroup.YOUNG_PEOPLE,
                "new-participants": "Ungdomsrådet",
                "new-method": "Verksted",
                "new-heard_on": days_ago(30).isoformat(),
                "new-what_changed": "Tiltak 3 handler nå om skolen.",
            },
        ),
        (
            "communication",
            {
                "new-audience": "Alle ansatte i helse",
                "new-message": "Hva planen betyr for deg",
                "new-due_on": days_ago(-60).isoformat(),
                "new-channel": "Intranett",
                "new-responsible": "Kommunikasjonsavdelingen",
            },
        ),
        (
            "quality_review",
            {
                "reviewer": "Siri Berg",
                "reviewer_role": "Rådgiver, RVTS Vest",
                "reviewed_on": days_ago(5).isoformat(),
                "findings": "Målene er målbare.",
            },
        ),
    ]
    for name, data in posts:
        response = client.post(url(draft, name), data)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
        assert response["Location"] == url(draft, name)
    assert rows() == (1, 1, 1, 1, 1)
    assert SteeringGroupMember.objects.get().chairs
    actions = list(
        AuditEvent.objects.filter(id__gt=before).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "plans.initiative.created",
        "plans.steering_group.member_added",
        "plans.involvement.added",
        "plans.communication.item_added",
        "plans.quality_review.recorded",
    ]
    pages = {
        "initiative": "Ingen felles rutine.",
        "steering_group": "Ola Dahl",
        "involvement": "Tiltak 3 handler nå om skolen.",
        "communication": "Alle ansatte i helse",
        "quality_review": "Målene er målbare.",
    }
    for name, text in pages.items():
        html = client.get(url(draft, name)).content.decode()
        assert text in html, name
        assert f'href="{url(draft, name)}" aria-current="page"' in html, name


def test_list_records_are_edited_and_removed_through_their_pages(client, alice, draft, recorded):
    login(client, alice)
    cases = [
        ("steering_group", recorded["member"], {"name": "Ola Dahl", "position": "Rådmann"}),
        ("involvement", recorded["involvement"], {"group": "users", "participants": "Brukerråd"}),
        ("communication", recorded["item"], {"audience": "Bystyret", "message": "Status"}),
    ]
    for name, record, data in cases:
        assert client.get(url(draft, f"{name}_edit", record.pk)).status_code == 200
        before = last_id()
        response = client.post(url(draft, f"{name}_edit", record.pk), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        record.refresh_from_db()
        for field, value in data.items():
            assert getattr(record, field) == value
        assert AuditEvent.objects.filter(id__gt=before).get().action.endswith("updated")
        response = client.post(url(draft, f"{name}_remove", record.pk))
        assert response.status_code == 302
        assert not type(record).objects.filter(pk=record.pk).exists()
    assert rows() == (1, 0, 0, 0, 0)


def test_a_new_chair_takes_over_the_role(alice, draft, recorded):
    steps.save_steering_member(
        actor=as_actor(alice),
        version=draft,
        data=steps.SteeringMemberData(name="Eva Lie", chairs=True),
    )
    assert list(draft.steering_group.filter(chairs=True).values_list("name", flat=True)) == [
        "Eva Lie"
    ]


# --- Readers and outsiders -------------------------------------------------------------


def write_requests(version, recorded):
    member, involvement, item = recorded["member"], recorded["involvement"], recorded["item"]
    return [
        (url(version, "initiative"), {"proposed_by": "X"}),
        (url(version, "steering_group"), {"new-name": "X"}),
        (url(version, "steering_group_edit", member.pk), {"name": "X"}),
        (url(version, "steering_group_remove", member.pk), {}),
        (url(version, "involvement"), {"new-group": "users"}),
        (url(version, "involvement_edit", involvement.pk), {"group": "users"}),
        (url(version, "involvement_remove", involvement.pk), {}),
        (url(version, "communication"), {"new-audience": "X", "new-message": "Y"}),
        (url(version, "communication_edit", item.pk), {"audience": "X", "message": "Y"}),
        (url(version, "communication_remove", item.pk), {}),
        (
            url(version, "quality_review"),
            {"reviewer": "X", "reviewed_on": days_ago(1).isoformat(), "findings": "Y"},
        ),
    ]


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_a_reader_and_an_outsider_cannot_write_and_nothing_changes(
    client, request, who, draft, recorded
):
    login(client, request.getfixturevalue(who))
    before, counts = last_id(), rows()
    names = {m.pk: m.name for m in SteeringGroupMember.objects.all()}
    for address, data in write_requests(draft, recorded):
        assert client.post(address, data).status_code == 404, address
    assert rows() == counts
    assert {m.pk: m.name for m in SteeringGroupMember.objects.all()} == names
    assert not AuditEvent.objects.filter(id__gt=before).exists()


def test_the_reader_sees_the_pages_without_forms_and_the_outsider_gets_404(
    client, bob, charlie, draft, recorded
):
    pages = ["initiative", "steering_group", "involvement", "communication", "quality_review"]
    login(client, bob)
    for name in pages:
        response = client.get(url(draft, name))
        assert response.status_code == 200, name
        assert "<form" not in response.content.decode().split('class="plan-layout"')[1], name
    assert client.get(url(draft, "annual_cycle_ics")).status_code == 200
    assert client.get(url(draft, "steering_group_edit", recorded["member"].pk)).status_code == 404
    login(client, charlie)
    for name in [*pages, "annual_cycle_ics"]:
        assert client.get(url(draft, name)).status_code == 404, name
    client.logout()
    assert client.get(url(draft, "initiative")).status_code in {302, 404}


def test_a_record_of_another_version_is_not_found(client, alice, bergen, draft, recorded):
    other = new_plan(alice, [bergen], title="Annen plan").versions.get()
    login(client, alice)
    address = url(other, "steering_group_edit", recorded["member"].pk)
    assert client.post(address, {"name": "X"}).status_code == 404
    assert client.post(
        url(other, "involvement_remove", recorded["involvement"].pk)
    ).status_code == (404)
    assert rows() == (1, 1, 1, 1, 0)


# --- Bad input gets a translated message -------------------------------------------------


def test_the_reviewer_must_be_outside_the_working_group(client, alice, draft):
    login(client, alice)
    before = last_id()
    response = client.post(
        url(draft, "quality_review"),
        {"reviewer": "  kari  NILSEN ", "reviewed_on": days_ago(1).isoformat(), "findings": "Ok"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "er med i arbeidsgruppen" in html
    assert 'id="id_reviewer_error"' in html
    assert not QualityReview.objects.exists()
    assert not AuditEvent.objects.filter(id__gt=before).exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("initiative", {"proposed_by": ""}, "Dette feltet er påkrevd."),
        (
            "initiative",
            {"proposed_by": "Rådmannen", "proposed_on": "2999-01-01"},
            "Datoen kan ikke være fram i tid.",
        ),
        ("involvement", {"new-group": "pets"}, "Velg et gyldig valg."),
        (
            "involvement",
            {"new-group": "children", "new-heard_on": "2999-01-01"},
            "Datoen kan ikke være fram i tid.",
        ),
        ("communication", {"new-audience": "Bystyret", "new-message": ""}, "påkrevd"),
        ("quality_review", {"reviewer": "Siri Berg", "reviewed_on": "i går"}, "gyldig dato"),
    ],
)
def test_bad_input_is_refused_with_a_message_in_bokmal(client, alice, draft, name, data, message):
    login(client, alice)
    before, counts = last_id(), rows()
    response = client.post(url(draft, name), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert rows() == counts
    assert not AuditEvent.objects.filter(id__gt=before).exists()


def test_after_adoption_the_draft_steps_are_closed_but_the_running_ones_are_open(
    client, alice, bergen
):
    version = adopted(alice, new_plan(alice, [bergen]), measures=1)
    login(client, alice)
    response = client.post(url(version, "involvement"), {"new-group": "children"})
    assert response.status_code == 400
    assert Involvement.objects.count() == 0
    assert client.post(url(version, "steering_group"), {"new-name": "Ola"}).status_code == 302
    response = client.post(
        url(version, "communication"), {"new-audience": "Bystyret", "new-message": "Vedtatt"}
    )
    assert response.status_code == 302
    assert rows() == (0, 1, 0, 1, 0)


# --- The annual cycle and its iCalendar export -------------------------------------------


def unfold(body: str) -> str:
    return body.replace("\r\n ", "")


def parse_events(body: str) -> list[dict[str, str]]:
    """The VEVENTs of an iCalendar text as property → value (parameters kept in the key)."""
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    events = []
    for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", unfold(body), flags=re.S):
        event = {}
        for line in block.strip("\r\n").split("\r\n"):
            key, _sep, value = line.partition(":")
            event[key] = value
        events.append(event)
    return events


def test_the_annual_cycle_is_listed_by_month_and_exported_as_icalendar(client, alice, bergen):
    version = adopted(alice, new_plan(alice, [bergen]), measures=1)
    period_end = version.period_end
    spring = version.period_start + dt.timedelta(days=120)
    autumn = version.period_start + dt.timedelta(days=300)
    talk = version.period_start + dt.timedelta(days=45)
    actor = as_actor(alice)
    services.create_reporting_round(actor=actor, version=version, title="Vår", due_date=spring)
    services.create_reporting_round(actor=actor, version=version, title="Høst", due_date=autumn)
    steps.save_communication_item(
        actor=actor,
        version=version,
        data=steps.CommunicationItemData(
            audience="Alle ledere", message="Gjennomgang; tiltak, frister", due_on=talk
        ),
    )
    steps.save_communication_item(
        actor=actor,
        version=version,
        data=steps.CommunicationItemData(audience="Uten dato", message="Løpende"),
    )
    settings = version.settings
    login(client, bob := alice)
    assert bob is alice
    response = client.get(url(version, "annual_cycle_ics"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    events = parse_events(response.content.decode())
    got = {(e["DTSTART;VALUE=DATE"], e["SUMMARY"].split(" · ")[0]) for e in events}
    expected = {
        (spring.strftime("%Y%m%d"), "Statusrapporter til: Vår"),
        (autumn.strftime("%Y%m%d"), "Statusrapporter til: Høst"),
        (settings.midterm_evaluation_on.strftime("%Y%m%d"), "Midtveisevaluering"),
        (settings.final_evaluation_on.strftime("%Y%m%d"), "Sluttevaluering"),
        (period_end.strftime("%Y%m%d"), "Planperioden slutter"),
        (
            period_end.replace(year=period_end.year - 1).strftime("%Y%m%d"),
            "Start revisjonen av planen",
        ),
        (talk.strftime("%Y%m%d"), "Informer: Alle ledere"),
    }
    assert got == expected
    assert len({e["UID"] for e in events}) == len(events)
    for event in events:
        start = dt.datetime.strptime(event["DTSTART;VALUE=DATE"], "%Y%m%d").date()
        end = dt.datetime.strptime(event["DTEND;VALUE=DATE"], "%Y%m%d").date()
        assert end - start == dt.timedelta(days=1)
        assert event["URL"].startswith("http")
    talk_event = next(e for e in events if e["SUMMARY"].startswith("Informer"))
    assert talk_event["DESCRIPTION"] == "Gjennomgang\\; tiltak\\, frister"
    # The same export again keeps the UIDs, so a calendar updates instead of doubling.
    again = parse_events(client.get(url(version, "annual_cycle_ics")).content.decode())
    assert [e["UID"] for e in again] == [e["UID"] for e in events]

    html = client.get(url(version, "communication")).content.decode()
    cycle = html.split('data-testid="annual-cycle"')[1]
    months = re.findall(r'<h3 class="ds-heading" data-size="xs" id="month-\d+">([^<]+)</h3>', cycle)
    assert len(months) == len({(d[0][:6]) for d in expected})
    assert cycle.index("Informer: Alle ledere") < cycle.index("Statusrapporter til: Vår")


# --- The quality check lists the missing steps ------------------------------------------


def test_the_quality_check_lists_the_missing_steps_without_blocking(alice, draft):
    report = run_quality_check(draft)
    guideline = {c.key: c for c in report.checks if c.key in GUIDELINE_CHECKS}
    assert set(guideline) == GUIDELINE_CHECKS
    assert all(c.result == "warning" and c.optional for c in guideline.values())
    assert guideline["involvement"].problems == [
        "Ingen brukere av tjenestene er registrert som hørt.",
        "Ingen barn eller unge er registrert som hørt.",
    ]
    assert not set(guideline) & {c.key for c in report.unexplained_warnings}
    assert not set(guideline) & {c.key for c in report.failures}


def test_recorded_steps_pass_and_users_and_children_both_count(alice, draft, recorded):
    def results():
        return {
            c.key: c.result for c in run_quality_check(draft).checks if c.key in GUIDELINE_CHECKS
        }

    assert results() == {
        "initiative": "pass",
        "steering_group": "pass",
        "involvement": "warning",  # children heard, users not yet
        "communication": "pass",
        "quality_review": "warning",
    }
    actor = as_actor(alice)
    steps.save_involvement(
        actor=actor, version=draft, data=steps.InvolvementData(group=InvolvedGroup.USERS)
    )
    steps.save_quality_review(
        actor=actor,
        version=draft,
        data=steps.QualityReviewData(reviewer="Siri Berg", reviewed_on=days_ago(2), findings="Ok"),
    )
    assert set(results().values()) == {"pass"}


def test_the_quality_page_says_the_steps_are_optional(client, alice, draft):
    login(client, alice)
    html = client.get(url(draft, "quality")).content.decode()
    block = html.split('id="check-initiative"')[1].split("</li>\n")[0]
    assert "valgfritt steg" in block
    assert url(draft, "initiative") in block
    assert 'name="check" value="initiative"' not in html


# --- Revision ---------------------------------------------------------------------------


def test_a_revision_copies_the_steering_group_and_the_communication_plan(alice, bergen):
    version = adopted(alice, new_plan(alice, [bergen]), measures=1)
    actor = as_actor(alice)
    steps.save_steering_member(
        actor=actor,
        version=version,
        data=steps.SteeringMemberData(name="Ola Dahl", position="Rådmann", chairs=True),
    )
    steps.save_communication_item(
        actor=actor,
        version=version,
        data=steps.CommunicationItemData(audience="Bystyret", message="Status", channel="Møte"),
    )
    Initiative.objects.create(version=version, proposed_by="Bystyret")
    new = services.revise_version(actor=actor, version=version)
    assert list(new.steering_group.values_list("name", "position", "chairs")) == [
        ("Ola Dahl", "Rådmann", True)
    ]
    assert list(new.communication_items.values_list("audience", "message", "channel")) == [
        ("Bystyret", "Status", "Møte")
    ]
    assert not Initiative.objects.filter(version=new).exists()
    assert version.steering_group.count() == 1


# --- Query budgets ----------------------------------------------------------------------


def count_queries(client, address):
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("steering_group", 22),
        ("involvement", 22),
        ("communication", 24),
        ("annual_cycle_ics", 14),
        ("initiative", 20),
        ("quality_review", 20),
        ("quality", 30),
    ],
)
def test_the_pages_stay_within_budget_and_do_not_grow(
    client, alice, draft, recorded, name, budget, django_assert_max_num_queries
):
    login(client, alice)
    address = url(draft, name)
    small = count_queries(client, address)
    actor = as_actor(alice)
    for i in range(6):
        steps.save_steering_member(
            actor=actor, version=draft, data=steps.SteeringMemberData(name=f"Leder {i}")
        )
        steps.save_involvement(
            actor=actor, version=draft, data=steps.InvolvementData(group=InvolvedGroup.USERS)
        )
        steps.save_communication_item(
            actor=actor,
            version=draft,
            data=steps.CommunicationItemData(
                audience=f"Gruppe {i}", message="Info", due_on=days_ago(-i)
            ),
        )
    with django_assert_max_num_queries(budget):
        client.get(address)
    assert count_queries(client, address) == small


# --- The public page and the plan document ------------------------------------------------


def docx_text(content: bytes) -> str:
    import io

    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_the_public_page_and_the_document_show_the_steering_group_and_who_was_heard(
    client, alice, bergen
):
    from samvern.plans import documents

    version = adopted(alice, new_plan(alice, [bergen]), measures=1)
    steps.save_steering_member(
        actor=as_actor(alice),
        version=version,
        data=steps.SteeringMemberData(
            name="Ola Dahl", position="Kommunaldirektør", organisation="Bergen kommune"
        ),
    )
    # Adopted content is locked for the services; the involvement was recorded before.
    Involvement.objects.create(
        version=version,
        group=InvolvedGroup.CHILDREN,
        participants="Barn på krisesenteret",
        what_changed="Eget tiltak for barn",
    )
    html = client.get(reverse("plans:public_plan", args=[version.plan_id])).content.decode()
    assert "Kommunaldirektør (Bergen kommune)" in html
    assert "Barn (Barn på krisesenteret): Eget tiltak for barn" in html
    assert "Ola Dahl" not in html

    internal = docx_text(documents.plan_docx(version, public=False))
    public = docx_text(documents.plan_docx(version, public=True))
    assert "Ola Dahl, Kommunaldirektør, Bergen kommune" in internal
    assert "Styringsgruppe (administrativ forankring)" in public
    assert "Kommunaldirektør, Bergen kommune" in public and "Ola Dahl" not in public
    assert "Eget tiltak for barn" in public
