"""Outcome follow-up (issue 12): the 6- and 12-month follow-ups after a case's first
conference, asked of the case's lead organisation (the partnership's coordinating
organisation), recorded once each, feeding the partnership statistics with small-number
suppression. Dates are fixed or passed in, never the real clock's day in the rules."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, OrganisationKind, Role, User
from samvern.accounts.testing import login, make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.audit.models import AuditEvent
from samvern.cases.models import Case
from samvern.conferences import followup
from samvern.conferences.access import access_follow_up
from samvern.conferences.models import Answer, FollowUp, FollowUpSettings
from samvern.conferences.services import followup as services
from samvern.conferences.statistics import Period, compute_statistics, raw_figures
from samvern.conferences.tests.factories import (
    AgendaItemFactory,
    ConferenceFactory,
    make_case,
    make_partnership,
)
from samvern.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


class World:
    def __init__(self, *, joined: dt.date) -> None:
        self.police: Organisation = OrganisationFactory(
            name="Oppfølgingspolitiet", kind=OrganisationKind.POLICE
        )
        self.crisis: Organisation = OrganisationFactory(
            name="Oppfølgingssenteret", kind=OrganisationKind.CRISIS_CENTRE
        )
        self.municipality: Organisation = OrganisationFactory(
            name="Oppfølgingskommunen", kind=OrganisationKind.MUNICIPALITY
        )
        self.partnership: Partnership = make_partnership(
            "Oppfølgingssamarbeidet",
            coordinator=self.municipality,
            members=(self.police, self.crisis, self.municipality),
            joined=joined,
        )
        self.coordinator: User = make_member(self.municipality, Role.CONFERENCE_COORDINATOR)
        self.police_worker: User = make_member(self.police, Role.CASE_WORKER)
        self.outsider: User = make_member(
            OrganisationFactory(name="Utenforstående"), Role.CONFERENCE_COORDINATOR
        )

    def heard_case(self, heard_on: dt.date, *, reference: str = "") -> Case:
        case = make_case(
            self.partnership,
            self.police,
            self.police_worker,
            participants=(self.crisis,),
            referred_on=heard_on - dt.timedelta(days=20),
        )
        if reference:
            case.reference = reference
            case.save(update_fields=["reference"])
        conference = ConferenceFactory(
            partnership=self.partnership, date=heard_on, held=True, created_by=self.coordinator
        )
        AgendaItemFactory(conference=conference, case=case)
        return case


@pytest.fixture
def world() -> World:
    return World(joined=timezone.localdate() - dt.timedelta(days=1200))


# --- the dates (pure) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 1, 15), 6, dt.date(2025, 7, 15)),
        (dt.date(2025, 1, 15), 12, dt.date(2026, 1, 15)),
        (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2025, 10, 31), 1, dt.date(2025, 11, 30)),
    ],
)
def test_a_follow_up_falls_due_so_many_months_after_the_first_conference(day, months, expected):
    assert followup.add_months(day, months) == expected


def test_the_first_conference_is_the_first_held_and_the_months_are_the_partnership_s(world):
    case = world.heard_case(dt.date(2025, 1, 15))
    later = ConferenceFactory(
        partnership=world.partnership,
        date=dt.date(2025, 3, 1),
        held=True,
        created_by=world.coordinator,
    )
    AgendaItemFactory(conference=later, case=case)
    cancelled = ConferenceFactory(
        partnership=world.partnership,
        date=dt.date(2024, 12, 1),
        status="cancelled",
        created_by=world.coordinator,
    )
    AgendaItemFactory(conference=cancelled, case=case)
    schedule = followup.case_schedule(case)
    assert [(d.months, d.due_on) for d in schedule] == [
        (6, dt.date(2025, 7, 15)),
        (12, dt.date(2026, 1, 15)),
    ]
    FollowUpSettings.objects.create(partnership=world.partnership, first_months=3, second_months=9)
    assert [d.due_on for d in followup.case_schedule(case)] == [
        dt.date(2025, 4, 15),
        dt.date(2025, 10, 15),
    ]


def test_the_due_list_holds_what_is_due_or_coming_within_30_days_and_not_recorded(world):
    due_case = world.heard_case(dt.date(2025, 1, 15), reference="OPF-000001")
    coming = world.heard_case(dt.date(2025, 2, 10), reference="OPF-000002")
    world.heard_case(dt.date(2025, 6, 1), reference="OPF-000003")  # not for months
    today = dt.date(2025, 7, 20)
    found = followup.due_for_partnerships([world.partnership.pk], today=today)
    assert [(d.case.reference, d.months, d.is_due(today)) for d in found] == [
        ("OPF-000001", 6, True),
        ("OPF-000002", 6, False),
    ]
    FollowUp.objects.create(
        case=due_case,
        checkpoint=1,
        months=6,
        due_on=dt.date(2025, 7, 15),
        new_incident=Answer.NO,
        new_referral=False,
        safe_housing=Answer.YES,
        in_contact=Answer.YES,
        recorded_on=today,
        recorded_by=world.coordinator,
        organisation=world.municipality,
    )
    found = followup.due_for_partnerships([world.partnership.pk], today=today)
    assert [d.case.pk for d in found] == [coming.pk]


# --- recording -------------------------------------------------------------------------------


def _data(**overrides: object) -> services.FollowUpData:
    values: dict[str, object] = {
        "new_incident": Answer.NO,
        "new_referral": False,
        "safe_housing": Answer.YES,
        "in_contact": Answer.UNKNOWN,
    }
    values.update(overrides)
    return services.FollowUpData(**values)  # type: ignore[arg-type]


def _count() -> tuple[int, int]:
    return (
        FollowUp.objects.count(),
        AuditEvent.objects.filter(action=services.FOLLOW_UP_RECORDED).count(),
    )


def test_the_lead_organisation_records_each_follow_up_once_when_it_is_due(world):
    today = timezone.localdate()
    case = world.heard_case(today - dt.timedelta(days=200))
    actor = Actor.load(world.coordinator)
    access = access_follow_up(actor, case.pk, record=True)
    before = _count()
    with pytest.raises(services.FollowUpRuleError):  # the 12-month one is not due yet
        services.record_follow_up(
            actor=actor, access=access, checkpoint=2, data=_data(), today=today
        )
    with pytest.raises(services.FollowUpRuleError):  # the police are not the lead here
        services.record_follow_up(
            actor=actor,
            access=access,
            checkpoint=1,
            data=_data(checked_police_records=True, new_incident="perhaps"),
            today=today,
        )
    assert _count() == before
    record = services.record_follow_up(
        actor=actor,
        access=access,
        checkpoint=1,
        data=_data(checked_police_records=True),
        today=today,
    )
    assert record.months == 6 and record.organisation == world.municipality
    assert _count() == (before[0] + 1, before[1] + 1)
    with pytest.raises(services.FollowUpRuleError):
        services.record_follow_up(
            actor=actor, access=access, checkpoint=1, data=_data(), today=today
        )


def test_only_the_lead_organisation_s_coordinators_may_record(world):
    case = world.heard_case(timezone.localdate() - dt.timedelta(days=200))
    participant = Actor.load(world.police_worker)
    access = access_follow_up(participant, case.pk, record=False)  # reads the follow-ups
    assert access.lead is False
    with pytest.raises(Http404):
        access_follow_up(participant, case.pk, record=True)
    with pytest.raises(Http404):
        access_follow_up(Actor.load(world.outsider), case.pk, record=False)


def _client(user: User) -> Client:
    client = Client(raise_request_exception=False)
    login(client, user)
    return client


def test_the_pages_for_the_lead_the_participant_and_the_outsider(world):
    case = world.heard_case(timezone.localdate() - dt.timedelta(days=200), reference="OPF-100001")
    lead = _client(world.coordinator)
    listed = lead.get(reverse("conferences:followup_list"))
    assert listed.status_code == 200 and "OPF-100001" in listed.content.decode()
    url = reverse("conferences:followup_record", args=[case.pk, 1])
    assert lead.get(url).status_code == 200
    created = lead.post(
        url,
        {
            "new_incident": "no",
            "new_referral": "no",
            "safe_housing": "yes",
            "in_contact": "unknown",
            "checked_police_records": "on",
        },
    )
    assert created.status_code == 302
    assert FollowUp.objects.filter(case=case, checkpoint=1).exists()
    participant = _client(world.police_worker)
    assert participant.get(reverse("conferences:followup_case", args=[case.pk])).status_code == 200
    before = _count()
    for client in (participant, _client(world.outsider)):
        for route in (url, reverse("conferences:followup_record", args=[case.pk, 2])):
            refused = client.post(route, {"new_incident": "yes"})
            missing = client.post(
                reverse("conferences:followup_record", args=[uuid.uuid4(), 2]),
                {"new_incident": "yes"},
            )
            assert refused.status_code == missing.status_code == 404
            assert refused.content == missing.content
    assert participant.get(reverse("conferences:followup_list")).status_code == 404
    assert _count() == before


def test_bad_input_is_refused_with_a_message(world):
    case = world.heard_case(timezone.localdate() - dt.timedelta(days=200))
    response = _client(world.coordinator).post(
        reverse("conferences:followup_record", args=[case.pk, 1]), {"new_incident": "maybe"}
    )
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()
    assert not FollowUp.objects.exists()


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("conferences:followup_list"))
    assert response.status_code == 200
    return len(queries)


def test_the_due_list_takes_the_same_number_of_queries_for_2_and_20_cases(world):
    client = _client(world.coordinator)
    day = timezone.localdate() - dt.timedelta(days=200)
    for _ in range(2):
        world.heard_case(day)
    two = _list_queries(client)
    for _ in range(18):
        world.heard_case(day)
    twenty = _list_queries(client)
    assert two == twenty
    body = client.get(reverse("conferences:followup_list")).content.decode()
    assert body.count("/follow-ups/cases/") >= 20


def test_the_api_lists_due_follow_ups_and_records_one(world):
    case = world.heard_case(timezone.localdate() - dt.timedelta(days=200))
    client = _client(world.coordinator)
    listed = client.get("/api/v1/conferences/follow-ups/")
    assert listed.status_code == 200
    assert [row["case_id"] for row in listed.json()] == [str(case.pk)]
    created = client.post(
        f"/api/v1/conferences/follow-ups/cases/{case.pk}/",
        {
            "checkpoint": 1,
            "new_incident": "yes",
            "new_referral": True,
            "safe_housing": "no",
            "in_contact": "yes",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    participant = _client(world.police_worker)
    refused = participant.post(
        f"/api/v1/conferences/follow-ups/cases/{case.pk}/", {}, content_type="application/json"
    )
    assert refused.status_code == 404
    read = participant.get(f"/api/v1/conferences/follow-ups/cases/{case.pk}/").json()
    assert read[0]["record"]["new_incident"] == "yes"


# --- the statistics (hand-computed) ----------------------------------------------------------


def _recorded(world: World, checkpoint: int, due_on: dt.date, answers: list[str]) -> None:
    for answer in answers:
        case = world.heard_case(due_on - dt.timedelta(days=183))
        FollowUp.objects.create(
            case=case,
            checkpoint=checkpoint,
            months=6 if checkpoint == 1 else 12,
            due_on=due_on,
            new_incident=answer,
            new_referral=False,
            safe_housing=Answer.YES,
            in_contact=Answer.YES,
            recorded_on=due_on,
            recorded_by=world.coordinator,
            organisation=world.municipality,
        )


def test_the_statistics_count_follow_ups_due_in_the_period_with_small_numbers_suppressed(world):
    period = Period(2025, 3)  # July to September 2025
    inside, outside = dt.date(2025, 8, 10), dt.date(2025, 10, 2)
    # At 6 months: 7 with no new incident, 2 with one, 1 not known (10); one outside.
    _recorded(world, 1, inside, ["no"] * 7 + ["yes"] * 2 + ["unknown"])
    _recorded(world, 1, outside, ["yes"])
    # At 12 months: 3 only, all without a new incident.
    _recorded(world, 2, inside, ["no"] * 3)
    raw = raw_figures(world.partnership, period, today=dt.date(2025, 12, 1))
    assert raw.follow_ups == {
        1: {"no": 7, "yes": 2, "unknown": 1},
        2: {"no": 3, "yes": 0, "unknown": 0},
    }
    figures = compute_statistics(world.partnership, period, today=dt.date(2025, 12, 1))
    found = next(t for t in figures.tables if t.key == "follow_up_new_incidents")
    cells = {row.key: row.cells for row in found.rows}
    # 6 months: 2 and 1 are under 5 (two hidden, summing to 3: neither follows); 12
    # months: a total of 3 hides the whole line.
    assert cells == {"no": (7, None), "yes": (None, None), "unknown": (None, None)}
    assert found.total is not None and found.total.cells == (10, None)
    shares = {m.key: m.value for m in found.measures}
    assert shares == {
        "no_new_incident_share_first": 70.0,
        "no_new_incident_share_second": None,
    }
    assert [c.label for c in found.columns] == ["Etter 6 måneder", "Etter 12 måneder"]


def test_the_statistics_page_shows_the_follow_up_table(world):
    period = Period.last_complete_quarter(timezone.localdate())
    _recorded(world, 1, period.start + dt.timedelta(days=10), ["no"] * 5)
    response = _client(world.coordinator).get(
        reverse("conferences:statistics"),
        {
            "partnership": str(world.partnership.pk),
            "year": str(period.year),
            "quarter": str(period.quarter),
        },
    )
    body = response.content.decode()
    assert 'data-testid="statistics-follow_up_new_incidents"' in body
    assert "100 %" in body.replace("\u00a0", " ")
