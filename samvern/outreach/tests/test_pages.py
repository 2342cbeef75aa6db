"""The outreach pages used as people would: the police register a notice (bad input is
refused with a message in bokmål and nothing is saved), the crisis centre's queue shows
it by deadline with the overdue ones marked and the followed ones said so, an attempt
and a referral are recorded, the coordinator changes the settings and sees only a count.
Every read of a notice and of the queue is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.models import Case
from samvern.outreach.models import Attempt, EntryStatus, Notice, QueueEntry
from samvern.outreach.services import NoticePersonData
from samvern.outreach.tests.conftest import EXPOSED, FOLLOWED, register

pytestmark = pytest.mark.django_db


def _form(world, **changes: str) -> dict[str, str]:
    occurred = timezone.localtime() - dt.timedelta(hours=3)
    data = {
        "partnership": str(world.partnership.pk),
        "occurred_on": occurred.date().isoformat(),
        "occurred_time": occurred.strftime("%H:%M"),
        "incident_type": "physical",
        "summary": "Nabo ringte.",
        "children_present": "on",
        "legal_basis": "consent",
        "statutory_basis": "",
        "person0-kind": "exposed_adult",
        "person0-first_name": EXPOSED[0],
        "person0-last_name": EXPOSED[1],
        "person0-birth_date": EXPOSED[2].isoformat(),
        "person0-phone": "+47 400 00 999",
        "person1-kind": "child",
        "person1-first_name": "Oskar",
        "person1-last_name": "Kvamme",
        "person1-birth_year": "2019",
    }
    data.update(changes)
    return data


def test_the_police_register_a_notice_on_the_page(world):
    client = login(Client(), world.officer)
    response = client.post("/outreach/notices/register/", _form(world))
    notice = Notice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/outreach/notices/{notice.pk}/"
    assert notice.persons.count() == 2
    assert set(notice.entries.values_list("organisation__name", flat=True)) == {
        "Testkrisesenteret",
        "Testbarnevernet",
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"occurred_on": "2999-01-01"}, "Hendelsen kan ikke være i fremtiden."),
        ({"legal_basis": "other_statutory"}, "Oppgi hjemmelen."),
        ({"person0-last_name": ""}, "Dette feltet er påkrevd."),
        ({"person0-identity_number": "12345678901"}, "kontrollsifrene"),
        ({"person0-birth_year": "tjue"}, "Oppgi et heltall"),
        (
            {
                "person0-kind": "",
                "person0-first_name": "",
                "person0-last_name": "",
                "person0-birth_date": "",
                "person0-phone": "",
                "person1-kind": "",
                "person1-first_name": "",
                "person1-last_name": "",
                "person1-birth_year": "",
            },
            "Legg til minst én person.",
        ),
    ],
)
def test_bad_input_is_refused_in_bokmal_and_nothing_is_saved(world, changes, message):
    client = login(Client(), world.officer)
    before = AuditEvent.objects.count()
    response = client.post("/outreach/notices/register/", _form(world, **changes))
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower()
    assert not Notice.objects.exists()
    assert AuditEvent.objects.count() == before


def test_the_queue_shows_deadlines_in_order_overdue_and_followed(world):
    now = timezone.now()
    late = register(world, now=now - dt.timedelta(hours=60))
    soon = register(world, now=now - dt.timedelta(hours=1))
    followed = register(
        world,
        now=now - dt.timedelta(hours=2),
        persons=(
            NoticePersonData(
                kind="exposed_adult",
                first_name=FOLLOWED[0],
                last_name=FOLLOWED[1],
                birth_date=FOLLOWED[2],
            ),
        ),
    )
    client = login(Client(), world.adviser)
    response = client.get("/outreach/")
    body = response.content.decode()
    order = [body.index(f"/outreach/notices/{n.pk}/") for n in (late, followed, soon)]
    assert order == sorted(order)
    assert body.count('data-status="overdue"') == 1
    assert body.count('data-status="already_followed"') == 1
    assert "allerede fulgt opp i en åpen sak" in body.lower()
    # … without naming the case that follows her.
    assert world.open_case.reference not in body
    event = AuditEvent.objects.filter(action="outreach.queue.viewed").latest("pk")
    assert set(event.detail["notices"]) == {str(late.pk), str(soon.pk), str(followed.pk)}


def test_reading_a_notice_is_audited(world):
    notice = register(world)
    login(Client(), world.officer).get(f"/outreach/notices/{notice.pk}/")
    login(Client(), world.adviser).get(f"/outreach/notices/{notice.pk}/")
    events = AuditEvent.objects.filter(action="outreach.notice.viewed", target_id=str(notice.pk))
    assert sorted(e.actor_id for e in events) == sorted(
        [str(world.officer.pk), str(world.adviser.pk)]
    )


def test_an_attempt_and_a_referral_from_the_pages(world):
    notice = register(world)
    client = login(Client(), world.adviser)
    response = client.post(
        f"/outreach/notices/{notice.pk}/attempts/add/", {"result": "reached", "note": "Ringte."}
    )
    assert response.status_code == 302
    assert Attempt.objects.get().note == "Ringte."
    entry = QueueEntry.objects.get(notice=notice, organisation=world.crisis)
    assert entry.status == EntryStatus.REACHED
    # A referral on without naming the service is refused, with a message.
    refused = client.post(f"/outreach/notices/{notice.pk}/attempts/add/", {"result": "referred_on"})
    assert refused.status_code == 200 and Attempt.objects.count() == 1
    response = client.post(f"/outreach/notices/{notice.pk}/refer/", {"reason": "Høy risiko."})
    case = Case.objects.get(referring_organisation=world.police)
    referral = case.participants.get(organisation=world.crisis)
    assert response["Location"] == f"/cases/referrals/{referral.pk}/"
    # Pending: the crisis centre sees the referral, not yet the case (test_referral.py).
    assert login(Client(), world.adviser).get(f"/cases/{case.pk}/").status_code == 404
    # The police see what came of their notice.
    page = login(Client(), world.officer).get(f"/outreach/notices/{notice.pk}/").content.decode()
    assert 'data-status="referral_made"' in page and case.reference in page


def test_the_coordinator_sets_up_outreach_and_sees_only_a_count(world):
    client = login(Client(), world.coord)
    response = client.post(
        f"/outreach/partnerships/{world.partnership.pk}/settings/",
        {
            "deadline_hours": "24",
            "working_days_only": "on",
            "attempts_before_not_reached": "2",
            "exposed_adult": [str(world.crisis.pk)],
            "child": [str(world.child_welfare.pk)],
        },
    )
    assert response.status_code == 302
    settings = world.partnership.outreach_settings
    settings.refresh_from_db()
    assert (settings.deadline_hours, settings.working_days_only) == (24, True)
    assert AuditEvent.objects.filter(action="outreach.settings.changed").count() == 2
    bad = client.post(
        f"/outreach/partnerships/{world.partnership.pk}/settings/",
        {"deadline_hours": "0", "attempts_before_not_reached": "2"},
    )
    assert bad.status_code == 200
    settings.refresh_from_db()
    assert settings.deadline_hours == 24

    now = timezone.now()
    register(world, now=now - dt.timedelta(days=3))
    register(world, now=now - dt.timedelta(days=4))
    register(world, now=now - dt.timedelta(hours=1))
    home = client.get("/").content.decode()
    assert "2 meldinger har passert fristen" in home
    assert EXPOSED[0] not in home
    # The coordinator's own queue is empty, and no notice opens for them.
    assert client.get(f"/outreach/notices/{Notice.objects.first().pk}/").status_code == 404


def test_the_menu_and_start_page_show_outreach_to_those_who_use_it(world):
    register(world)
    for user in (world.officer, world.adviser):
        home = login(Client(), user).get("/").content.decode()
        assert 'href="/outreach/"' in home
    for user in (world.nurse, world.privacy, world.admin):
        home = login(Client(), user).get("/").content.decode()
        assert 'href="/outreach/"' not in home
