"""Schedule pages as each persona sees them: the coordinator, an attendee of a taking-part
organisation before and after confirming, an attendee with a declared conflict, a case
worker of a taking-part organisation that does not attend, a member organisation with no
part in the case, an organisation that left, a data protection officer and an outsider."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.models import CaseState
from samvern.conferences.models import (
    AgendaItem,
    AttendanceStatus,
    Attendee,
    Conference,
    ConferenceReturn,
    ConferenceSeries,
    ConferenceStatus,
    ConfidentialityStatement,
    ConflictOfInterest,
)
from samvern.conferences.tests.world import (
    CASE_A_REASON,
    STATEMENT_V1,
    make_schedule_world,
    more_cases,
    put_on_agenda,
)

pytestmark = pytest.mark.django_db

REFUSED = "security.case.refused"


@pytest.fixture
def world():
    return make_schedule_world(today=timezone.localdate())


def client_for(user):
    return login(Client(), user)


def detail_url(world):
    return reverse("conferences:detail", args=[world.conference.pk])


def write_events():
    return AuditEvent.objects.exclude(action=REFUSED).count()


def confirm(world, user):
    response = client_for(user).post(
        reverse("conferences:confirm", args=[world.conference.pk]), {"confirm": "on"}
    )
    assert response.status_code == 302
    return response


# --- who sees the conference -------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("coordinator", True),
        ("attendee", True),
        ("conflicted", True),
        ("participant", True),
        ("absent", True),
        ("member", True),
        ("leaver", False),
        ("dpo", False),
        ("outsider", False),
    ],
)
def test_list_and_page_for_each_persona(world, who, sees):
    client = client_for(world.personas()[who])
    listing = client.get(reverse("conferences:list"))
    page = client.get(detail_url(world))
    if sees:
        assert listing.status_code == 200
        assert detail_url(world) in listing.content.decode()
        assert page.status_code == 200
    else:
        missing = client.get(reverse("conferences:detail", args=[uuid.uuid4()]))
        assert listing.status_code == page.status_code == missing.status_code == 404
        assert page.content == missing.content


def test_the_404_for_a_forbidden_conference_is_the_404_for_a_missing_one(world, settings):
    settings.DEBUG = False
    client = client_for(world.outsider)
    forbidden = client.get(detail_url(world))
    missing = client.get(reverse("conferences:detail", args=[uuid.uuid4()]))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    assert client.post(reverse("conferences:hold", args=[world.conference.pk])).content == (
        missing.content
    )


def test_anonymous_is_sent_to_login(world):
    response = Client().get(detail_url(world))
    assert response.status_code == 302 and "login" in response["Location"]


# --- references before confirming, case facts after ----------------------------------------


def test_case_information_is_hidden_before_confirming_and_shown_after(world):
    put_on_agenda(world, world.case_a, world.case_b)
    client = client_for(world.referrer)
    before = client.get(detail_url(world)).content.decode()
    assert world.case_a.reference in before
    assert CASE_A_REASON not in before
    assert 'data-testid="confirm-first"' in before
    form = client.get(reverse("conferences:confirm", args=[world.conference.pk]))
    assert STATEMENT_V1 in form.content.decode()
    confirm(world, world.referrer)
    after = client.get(detail_url(world)).content.decode()
    assert CASE_A_REASON in after
    assert 'data-testid="confirmed"' in after
    attendee = Attendee.objects.get(pk=world.attendees["referrer"].pk)
    assert attendee.confirmed_statement == world.statement
    world.conference.refresh_from_db()
    assert world.conference.statement == world.statement
    viewed = AuditEvent.objects.filter(action="conference.schedule.viewed").order_by("id")
    assert [event.detail["facts"] for event in viewed] == [False, True]
    assert str(world.case_a.pk) in viewed.last().detail["cases"]


def test_confirming_without_ticking_changes_nothing(world):
    client = client_for(world.referrer)
    response = client.post(reverse("conferences:confirm", args=[world.conference.pk]), {})
    assert response.status_code == 200
    assert Attendee.objects.get(pk=world.attendees["referrer"].pk).confirmed_at is None
    assert not AuditEvent.objects.filter(action="conference.attendance.confirmed").exists()


@pytest.mark.parametrize("who", ["absent", "member", "coordinator"])
def test_not_on_the_list_cannot_confirm_and_sees_references_only(world, who):
    put_on_agenda(world, world.case_a)
    client = client_for(world.personas()[who])
    url = reverse("conferences:confirm", args=[world.conference.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "on"}).status_code == 404
    body = client.get(detail_url(world)).content.decode()
    assert CASE_A_REASON not in body
    world.conference.refresh_from_db()
    assert world.conference.statement is None


def test_a_member_with_no_part_in_the_case_does_not_see_its_reference(world):
    put_on_agenda(world, world.case_a, world.case_b)
    body = client_for(world.member_worker).get(detail_url(world)).content.decode()
    assert world.case_a.reference not in body and world.case_b.reference not in body
    assert 'data-testid="hidden-count"' in body


def test_a_non_attending_organisation_sees_facts_only_after_a_held_meeting_it_attended(world):
    put_on_agenda(world, world.case_a)
    body = client_for(world.absent).get(detail_url(world)).content.decode()
    assert world.case_a.reference in body and CASE_A_REASON not in body
    # The crisis centre attended; its other case worker (not on the list) sees the record
    # once the conference is held.
    from samvern.accounts.models import Role
    from samvern.accounts.testing import make_member

    colleague = make_member(world.crisis, Role.CASE_WORKER, username="k-colleague")
    assert CASE_A_REASON not in client_for(colleague).get(detail_url(world)).content.decode()
    Attendee.objects.filter(pk=world.attendees["participant"].pk).update(
        status=AttendanceStatus.PRESENT
    )
    Conference.objects.filter(pk=world.conference.pk).update(status=ConferenceStatus.HELD)
    assert CASE_A_REASON in client_for(colleague).get(detail_url(world)).content.decode()
    assert CASE_A_REASON not in client_for(world.absent).get(detail_url(world)).content.decode()


# --- conflicts ---------------------------------------------------------------------------


def test_a_declared_conflict_withholds_the_case_and_every_view_is_recorded(world):
    item_a, _item_b = put_on_agenda(world, world.case_a, world.case_b)
    client = client_for(world.conflicted)
    url = reverse("conferences:conflict", args=[item_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Kjenner familien privat."})
    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get()
    assert conflict.attendee.user == world.conflicted and conflict.item == item_a
    assert AuditEvent.objects.filter(action="conference.conflict.declared").count() == 1
    confirm(world, world.conflicted)
    for expected in (1, 2):
        body = client.get(detail_url(world)).content.decode()
        assert CASE_A_REASON not in body
        assert 'data-testid="withheld"' in body
        assert "Henvist i testen." in body  # case_b's facts are shown
        excluded = AuditEvent.objects.filter(action="conference.conflict.excluded")
        assert excluded.count() == expected
        assert excluded.last().detail["case"] == str(world.case_a.pk)
    # A colleague of the same organisation without a conflict still sees the case.
    confirm(world, world.referrer)
    assert CASE_A_REASON in client_for(world.referrer).get(detail_url(world)).content.decode()


@pytest.mark.parametrize("who", ["absent", "member", "outsider", "leaver"])
def test_only_attendees_declare_a_conflict(world, who):
    (item,) = put_on_agenda(world, world.case_a)
    client = client_for(world.personas()[who])
    url = reverse("conferences:conflict", args=[item.pk])
    before = write_events()
    assert client.post(url, {"reason": "Kjenner henne."}).status_code == 404
    assert not ConflictOfInterest.objects.exists()
    assert write_events() == before


# --- writes by the coordinator, refusals for everyone else ---------------------------------


def test_the_coordinator_builds_orders_and_prunes_the_agenda(world):
    client = client_for(world.coordinator)
    response = client.post(
        reverse("conferences:agenda_build", args=[world.conference.pk]), follow=True
    )
    assert response.redirect_chain[-1][1] == 302
    items = list(world.conference.items.order_by("position"))
    assert len(items) == 3
    shown = [str(message) for message in response.context["messages"]]
    assert "3 saker ble lagt til på sakslisten." in shown
    client.post(reverse("conferences:agenda_move", args=[items[2].pk]), {"direction": "up"})
    client.post(reverse("conferences:agenda_urgent", args=[items[0].pk]), {"urgent": "on"})
    client.post(reverse("conferences:agenda_remove", args=[items[1].pk]))
    rows = list(world.conference.items.order_by("-urgent", "position"))
    assert [row.pk for row in rows] == [items[0].pk, items[2].pk]
    assert rows[0].urgent
    codes = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "conference.agenda.built",
        "conference.agenda.item_moved",
        "conference.agenda.item_urgency_changed",
        "conference.agenda.item_removed",
    } <= codes
    # Add the removed case back by its reference.
    removed = items[1].case
    client.post(
        reverse("conferences:agenda_add", args=[world.conference.pk]),
        {"reference": removed.reference},
    )
    assert world.conference.items.filter(case=removed).exists()
    page = client.get(detail_url(world)).content.decode()
    assert removed.reference in page


def test_the_coordinator_manages_attendance(world):
    client = client_for(world.coordinator)
    from samvern.accounts.models import Membership

    membership = Membership.objects.get(user=world.absent)
    client.post(
        reverse("conferences:attendee_add", args=[world.conference.pk]),
        {"person": membership.pk},
    )
    row = Attendee.objects.get(conference=world.conference, user=world.absent)
    client.post(
        reverse("conferences:attendance_set", args=[row.pk]),
        {"status": AttendanceStatus.SUBSTITUTE, "substitute_for": "Hege Hansen"},
    )
    row.refresh_from_db()
    assert (row.status, row.substitute_for) == (AttendanceStatus.SUBSTITUTE, "Hege Hansen")
    # The leaver's membership is no candidate.
    leaver = Membership.objects.get(user=world.leaver)
    client.post(
        reverse("conferences:attendee_add", args=[world.conference.pk]), {"person": leaver.pk}
    )
    assert not Attendee.objects.filter(user=world.leaver).exists()
    page = client.get(detail_url(world)).content.decode()
    assert "Hege Hansen" in page


@pytest.mark.parametrize(
    "who", ["attendee", "conflicted", "absent", "member", "leaver", "dpo", "outsider"]
)
def test_refused_writes_change_nothing_and_look_like_missing(world, who):
    (item,) = put_on_agenda(world, world.case_a)
    world.conference.date = world.today
    world.conference.save()
    client = client_for(world.personas()[who])
    attendee = world.attendees["participant"]
    posts = [
        (reverse("conferences:agenda_build", args=[world.conference.pk]), {}),
        (
            reverse("conferences:agenda_add", args=[world.conference.pk]),
            {"reference": world.case_b.reference},
        ),
        (reverse("conferences:agenda_remove", args=[item.pk]), {}),
        (reverse("conferences:agenda_move", args=[item.pk]), {"direction": "down"}),
        (reverse("conferences:agenda_urgent", args=[item.pk]), {"urgent": "on"}),
        (
            reverse("conferences:attendee_add", args=[world.conference.pk]),
            {"person": "1"},
        ),
        (reverse("conferences:attendance_set", args=[attendee.pk]), {"status": "apologies"}),
        (reverse("conferences:hold", args=[world.conference.pk]), {}),
        (reverse("conferences:cancel", args=[world.conference.pk]), {}),
        (reverse("conferences:series_add"), {"title": "X"}),
        (reverse("conferences:extra_add"), {"date": world.today.isoformat()}),
    ]
    before = (
        write_events(),
        AgendaItem.objects.count(),
        list(AgendaItem.objects.values_list("pk", "position", "urgent")),
        list(Attendee.objects.values_list("pk", "status")),
        Conference.objects.count(),
        world.conference.status,
    )
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    world.conference.refresh_from_db()
    after = (
        write_events(),
        AgendaItem.objects.count(),
        list(AgendaItem.objects.values_list("pk", "position", "urgent")),
        list(Attendee.objects.values_list("pk", "status")),
        Conference.objects.count(),
        world.conference.status,
    )
    assert after == before
    assert AuditEvent.objects.filter(action=REFUSED).count() == len(posts)


def test_hold_moves_the_agenda_and_reports(world):
    put_on_agenda(world, world.case_a, world.case_review)
    world.conference.date = world.today
    world.conference.save()
    client = client_for(world.coordinator)
    assert client.get(reverse("conferences:hold", args=[world.conference.pk])).status_code == 200
    response = client.post(reverse("conferences:hold", args=[world.conference.pk]), follow=True)
    assert response.status_code == 200
    world.case_a.refresh_from_db()
    assert world.case_a.state == CaseState.HEARD
    world.conference.refresh_from_db()
    assert world.conference.status == ConferenceStatus.HELD


def test_bring_back_page(world):
    client = client_for(world.coordinator)
    url = reverse("conferences:bring_back", args=[world.case_review.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "repeat_referral", "note": "Ny melding fra lege."})
    assert response.status_code == 302
    world.case_review.refresh_from_db()
    assert world.case_review.state == CaseState.AWAITING_CONFERENCE
    assert ConferenceReturn.objects.get().reason == "repeat_referral"
    # Nobody outside the case brings it back.
    for user in (world.referrer, world.member_worker, world.outsider, world.dpo, world.leaver):
        assert client_for(user).post(url, {"reason": "review"}).status_code == 404
    assert ConferenceReturn.objects.count() == 1


def test_statement_page_versions(world):
    url = reverse("conferences:statement", args=[world.partnership.pk])
    client = client_for(world.coordinator)
    assert STATEMENT_V1 in client.get(url).content.decode()
    response = client.post(url, {"text": "Versjon to av erklæringen."})
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "Versjon to av erklæringen." in body and STATEMENT_V1 in body
    assert ConfidentialityStatement.objects.filter(partnership=world.partnership).count() == 2
    assert AuditEvent.objects.filter(action="conference.statement.written").count() == 1
    # An attendee reads it but cannot write a version.
    reader = client_for(world.referrer)
    assert reader.get(url).status_code == 200
    assert reader.post(url, {"text": "Ikke tillatt."}).status_code == 404
    for user in (world.outsider, world.leaver, world.dpo):
        assert client_for(user).get(url).status_code == 404
    assert ConfidentialityStatement.objects.filter(partnership=world.partnership).count() == 2


def test_series_and_extra_pages(world):
    client = client_for(world.coordinator)
    first = world.today + dt.timedelta(days=3)
    response = client.post(
        reverse("conferences:series_add"),
        {
            "partnership": world.partnership.pk,
            "title": "Annenhver tirsdag",
            "recurrence": "weekly",
            "interval": "2",
            "first_date": first.isoformat(),
            "until": "",
            "starts_at": "09:00",
            "duration_minutes": "120",
            "location": "Rådhuset",
        },
    )
    assert response.status_code == 302
    series = ConferenceSeries.objects.get()
    assert series.conferences.count() >= 10
    end = client.get(reverse("conferences:series_end", args=[series.pk]))
    assert end.status_code == 200
    client.post(
        reverse("conferences:series_end", args=[series.pk]),
        {"until": (first + dt.timedelta(days=14)).isoformat()},
    )
    assert series.conferences.filter(status=ConferenceStatus.PLANNED).count() == 2
    response = client.post(
        reverse("conferences:extra_add"),
        {
            "partnership": world.partnership.pk,
            "date": world.today.isoformat(),
            "starts_at": "14:00",
            "duration_minutes": "60",
            "location": "",
            "reference": world.case_b.reference,
        },
    )
    assert response.status_code == 302
    extra = Conference.objects.get(is_extra=True)
    assert extra.items.get().case == world.case_b
    listing = client.get(reverse("conferences:list")).content.decode()
    assert "Annenhver tirsdag" in listing
    # Nobody but the coordinator opens these pages.
    for user in (world.referrer, world.outsider, world.dpo):
        other = client_for(user)
        assert other.get(reverse("conferences:series_add")).status_code == 404
        assert other.get(reverse("conferences:series_end", args=[series.pk])).status_code == 404


# --- audit in the same transaction -------------------------------------------------------


def test_a_failing_audit_write_undoes_the_agenda_build(world, monkeypatch):
    from samvern.conferences.services import agenda

    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(agenda, "audit_log", broken)
    client = client_for(world.coordinator)
    client.raise_request_exception = False
    response = client.post(reverse("conferences:agenda_build", args=[world.conference.pk]))
    assert response.status_code == 500
    assert not world.conference.items.exists()


def test_a_failing_audit_write_undoes_the_confirmation(world, monkeypatch):
    from samvern.conferences.services import attendance

    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(attendance, "audit_log", broken)
    client = client_for(world.referrer)
    client.raise_request_exception = False
    response = client.post(
        reverse("conferences:confirm", args=[world.conference.pk]), {"confirm": "on"}
    )
    assert response.status_code == 500
    assert Attendee.objects.get(pk=world.attendees["referrer"].pk).confirmed_at is None
    world.conference.refresh_from_db()
    assert world.conference.statement is None


# --- query budgets -----------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["coordinator", "attendee", "conflicted", "member"])
def test_the_conference_page_costs_the_same_for_2_and_20_cases(
    world, who, django_assert_num_queries
):
    cases = more_cases(world, 20)
    put_on_agenda(world, world.case_a, world.case_b)
    if who in ("attendee", "conflicted"):
        user = world.personas()[who]
        confirm(world, user)
        if who == "conflicted":
            item = world.conference.items.get(case=world.case_a)
            client_for(user).post(
                reverse("conferences:conflict", args=[item.pk]), {"reason": "Kjenner dem."}
            )
    client = client_for(world.personas()[who])
    client.get(detail_url(world))  # warm the session and caches
    measured = _count(client, detail_url(world))
    put_on_agenda(world, *cases[:18])
    assert world.conference.items.count() == 20
    with django_assert_num_queries(measured):
        response = client.get(detail_url(world))
    assert response.status_code == 200


def test_the_list_costs_the_same_for_few_and_many_conferences(world, django_assert_num_queries):
    client = client_for(world.referrer)
    client.get(reverse("conferences:list"))
    measured = _count(client, reverse("conferences:list"))
    for offset in range(20):
        Conference.objects.create(
            partnership=world.partnership,
            date=world.today + dt.timedelta(days=10 + offset),
            starts_at=dt.time(9, 0),
            created_by=world.coordinator,
        )
    with django_assert_num_queries(measured):
        client.get(reverse("conferences:list"))


def test_a_held_conference_offers_to_bring_its_cases_back(world):
    put_on_agenda(world, world.case_review, world.case_a)
    Conference.objects.filter(pk=world.conference.pk).update(status=ConferenceStatus.HELD)
    body = client_for(world.coordinator).get(detail_url(world)).content.decode()
    assert reverse("conferences:bring_back", args=[world.case_review.pk]) in body
    assert reverse("conferences:bring_back", args=[world.case_a.pk]) not in body


def test_the_case_page_offers_the_way_back_only_to_the_coordinators(world):
    back = reverse("conferences:bring_back", args=[world.case_review.pk])
    # The coordinator sees the conference summary of the case, the referrer its case page.
    summary = reverse("cases:summary", args=[world.case_review.pk])
    page = reverse("cases:detail", args=[world.case_review.pk])
    coordinator_page = client_for(world.coordinator).get(summary)
    assert coordinator_page.status_code == 200
    assert back in coordinator_page.content.decode()
    referrer_page = client_for(world.referrer).get(page)
    assert referrer_page.status_code == 200
    assert back not in referrer_page.content.decode()
    # The address itself answers as missing for them, as the link's absence says.
    assert client_for(world.referrer).get(back).status_code == 404
