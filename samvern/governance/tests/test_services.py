"""Decision numbering, carry-over of open commitments, status rules, reminders with fixed
dates, minutes as PDF and Word, the calendar feed and the demo."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from samvern.audit.models import AuditEvent
from samvern.governance import documents, reminders, selectors, services
from samvern.governance.access import Need, access_commitment, access_meeting
from samvern.governance.models import (
    Commitment,
    CommitmentFollowUp,
    CommitmentStatus,
    Decision,
    SentCommitmentReminder,
)
from samvern.governance.services import calendar
from samvern.governance.tests.world import World, commit, make_world

DAY = dt.date(2027, 3, 10)
pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world(day=DAY)


def _decide(world: World, meeting_index: int, text: str = "Vedtak") -> Decision:
    actor = world.actor("coordinator")
    access = access_meeting(actor, world.meetings[meeting_index].pk, Need.EDIT)
    return services.record_decision(actor=actor, access=access, text=text)


def test_decisions_are_numbered_per_body_and_year(world: World) -> None:
    first = _decide(world, 0)
    second = _decide(world, 1)
    assert (first.reference, second.reference) == ("OG 2027/01", "OG 2027/02")
    # Another body numbers from 1 again.
    other = build_body_copy(world)
    actor = world.actor("coordinator")
    access = access_meeting(actor, other.pk, Need.EDIT)
    assert services.record_decision(actor=actor, access=access, text="x").reference == "AG 2027/01"


def build_body_copy(world: World) -> object:
    from samvern.governance.access import access_body, access_governance
    from samvern.governance.models import BodyKind

    actor = world.actor("coordinator")
    grant = access_governance(actor, world.partnership.pk, Need.MANAGE)
    body = services.create_body(
        actor=actor,
        grant=grant,
        data=services.BodyData(
            kind=BodyKind.WORKING_GROUP,
            name="Arbeidsgruppe",
            short_code="ag",
            started_on=DAY - dt.timedelta(days=10),
            is_temporary=True,
            ends_on=DAY + dt.timedelta(days=100),
        ),
    )
    return services.schedule_meeting(
        actor=actor,
        access=access_body(actor, body.pk, Need.EDIT),
        data=services.MeetingData(date=DAY, starts_at=dt.time(9)),
        today=DAY,
    )


def test_a_new_year_starts_at_one(world: World) -> None:
    actor = world.actor("coordinator")
    from samvern.governance.access import access_body

    access = access_body(actor, world.body.pk, Need.EDIT)  # type: ignore[union-attr]
    later = services.schedule_meeting(
        actor=actor,
        access=access,
        data=services.MeetingData(date=dt.date(2028, 1, 12), starts_at=dt.time(9)),
        today=DAY,
    )
    _decide(world, 0)
    meeting_access = access_meeting(actor, later.pk, Need.EDIT)
    decision = services.record_decision(actor=actor, access=meeting_access, text="Nytt år")
    assert decision.reference == "OG 2028/01"


def test_a_temporary_body_needs_an_end_date(world: World) -> None:
    from samvern.governance.access import access_governance
    from samvern.governance.models import Body, BodyKind

    actor = world.actor("coordinator")
    grant = access_governance(actor, world.partnership.pk, Need.MANAGE)
    before = Body.objects.count()
    with pytest.raises(ValidationError):
        services.create_body(
            actor=actor,
            grant=grant,
            data=services.BodyData(
                kind=BodyKind.WORKING_GROUP,
                name="X",
                short_code="X",
                started_on=DAY,
                is_temporary=True,
            ),
        )
    assert Body.objects.count() == before


def test_open_commitments_come_back_until_closed(world: World) -> None:
    actor = world.actor("coordinator")
    first, second = world.meetings
    commitment = commit(world, first)
    assert isinstance(commitment, Commitment)
    assert list(CommitmentFollowUp.objects.values_list("meeting_id", flat=True)) == [second.pk]
    # Held, with a third meeting planned: the follow-up stays on the second and, once the
    # second is held with the commitment still open, it moves on to the third.
    from samvern.governance.access import access_body

    third = services.schedule_meeting(
        actor=actor,
        access=access_body(actor, world.body.pk, Need.EDIT),  # type: ignore[union-attr]
        data=services.MeetingData(date=second.date + dt.timedelta(days=30), starts_at=dt.time(9)),
        today=DAY,
    )
    services.hold_meeting(
        actor=actor,
        access=access_meeting(actor, first.pk, Need.EDIT),
        now=timezone.now(),
        today=DAY,
    )
    on = set(CommitmentFollowUp.objects.values_list("meeting_id", flat=True))
    assert on == {second.pk}
    with pytest.raises(ValidationError):  # the second meeting is still in the future
        services.hold_meeting(
            actor=actor,
            access=access_meeting(actor, second.pk, Need.EDIT),
            now=timezone.now(),
            today=second.date - dt.timedelta(days=1),
        )
    services.hold_meeting(
        actor=actor,
        access=access_meeting(actor, second.pk, Need.EDIT),
        now=timezone.now(),
        today=second.date,
    )
    on = set(CommitmentFollowUp.objects.values_list("meeting_id", flat=True))
    assert on == {second.pk, third.pk}
    assert [c.pk for c in selectors.agenda(third).follow_ups] == [commitment.pk]
    # Done: it stays on the third meeting's record but goes nowhere else.
    services.update_status(
        actor=actor,
        access=access_commitment(actor, commitment.pk, Need.UPDATE_STATUS),
        status=CommitmentStatus.DONE,
        today=third.date,
        meeting=third,
    )
    services.sync_follow_ups(world.body, today=DAY)  # type: ignore[arg-type]
    assert CommitmentFollowUp.objects.filter(commitment=commitment).count() == 2


def test_holding_a_meeting_puts_its_minutes_first_on_the_next_planned_one(world: World) -> None:
    actor = world.actor("coordinator")
    first, second = world.meetings  # both planned before either was held
    second_access = access_meeting(actor, second.pk, Need.EDIT)
    services.add_item(actor=actor, access=second_access, title="Nødbolig")
    services.hold_meeting(
        actor=actor,
        access=access_meeting(actor, first.pk, Need.EDIT),
        now=timezone.now(),
        today=DAY,
    )
    items = selectors.agenda(second).items
    assert [(item.kind, item.approves_id) for item in items] == [
        ("minutes_approval", first.pk),
        ("regular", None),
    ]
    services.approve_minutes(actor=actor, access=second_access, item=items[0], today=DAY)
    first.refresh_from_db()
    assert first.minutes_approved_on == second.date


def test_not_possible_needs_a_reason_and_changes_nothing_without(world: World) -> None:
    commitment = commit(world, world.meetings[0])
    relay = world.actor("relay")
    access = access_commitment(relay, commitment.pk, Need.UPDATE_STATUS)  # type: ignore[attr-defined]
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.update_status(
            actor=relay, access=access, status=CommitmentStatus.NOT_POSSIBLE, today=DAY
        )
    commitment.refresh_from_db()  # type: ignore[attr-defined]
    assert commitment.status == CommitmentStatus.OPEN  # type: ignore[attr-defined]
    assert AuditEvent.objects.count() == events
    services.update_status(
        actor=relay,
        access=access,
        status=CommitmentStatus.NOT_POSSIBLE,
        note="Ingen ressurser",
        today=DAY,
    )
    commitment.refresh_from_db()  # type: ignore[attr-defined]
    assert commitment.status_reason == "Ingen ressurser"  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action="governance.commitment.status_recorded").exists()


def test_a_reader_of_another_organisation_may_not_update(world: World) -> None:
    from django.http import Http404

    commitment = commit(world, world.meetings[0], organisation=world.shelter)
    with pytest.raises(Http404):
        access_commitment(world.actor("relay"), commitment.pk, Need.UPDATE_STATUS)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (dt.date(2027, 2, 10), None),  # due 20 Feb: 10 days ahead, too early
        (dt.date(2027, 2, 13), "before"),  # 7 days ahead
        (dt.date(2027, 2, 20), "before"),  # the due date
        (dt.date(2027, 2, 21), "after"),  # one day late
    ],
)
def test_reminder_windows(world: World, today: dt.date, kind: str | None) -> None:
    commit(world, world.meetings[0], due=10)  # first meeting 8 Feb 2027 → due 18 Feb
    Commitment.objects.update(due_on=dt.date(2027, 2, 20))
    due = reminders.due_reminders(today)
    assert [r.kind for r in due] == ([kind] if kind else [])
    if kind:
        assert due[0].recipient == world.people["relay"]


def test_reminders_are_sent_once_and_recorded(world: World) -> None:
    commit(world, world.meetings[0])
    Commitment.objects.update(due_on=dt.date(2027, 2, 20))
    assert reminders.send_due_reminders(dt.date(2027, 2, 18)) == 1
    assert reminders.send_due_reminders(dt.date(2027, 2, 19)) == 0
    assert len(mail.outbox) == 1
    assert "Operativ gruppe" in mail.outbox[0].body
    assert "Lage rutine" not in mail.outbox[0].body
    assert SentCommitmentReminder.objects.count() == 1
    assert reminders.send_due_reminders(dt.date(2027, 2, 22)) == 1  # the "after" one


def test_minutes_pdf_and_docx_by_content(world: World) -> None:
    from docx import Document
    from pypdf import PdfReader

    actor = world.actor("coordinator")
    meeting = world.meetings[0]
    access = access_meeting(actor, meeting.pk, Need.EDIT)
    item = services.add_item(actor=actor, access=access, title="Nødbolig")
    services.record_minutes(actor=actor, access=access, item=item, minutes="Drøftet behovet.")
    services.record_decision(actor=actor, access=access, text="Rutinen lages.", item=item)
    services.record_attendance(
        actor=actor,
        access=access,
        user=world.people["relay"],
        organisation=world.nav,
        status="present",
    )
    agenda = selectors.agenda(meeting)
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(documents.minutes_pdf(agenda))).pages
    )
    assert "Nødbolig" in text and "OG 2027/01" in text and "Kjell Kontakt" in text
    docx = Document(io.BytesIO(documents.minutes_docx(agenda)))
    body = "\n".join(p.text for p in docx.paragraphs)
    assert (
        "Drøftet behovet." in body and "OG 2027/01" in body and "Kjell Kontakt (NAV Test)" in body
    )


def test_calendar_feed_shows_commitments_of_the_relays_organisation(world: World) -> None:
    commitment = commit(world, world.meetings[0])
    new = calendar.create_feed(actor=world.actor("relay"))
    feed = calendar.feed_for_token(new.token)
    assert feed is not None
    body = calendar.fetch_calendar(feed, day=DAY)
    assert f"governance-commitment-{commitment.pk}@samvern" in body  # type: ignore[attr-defined]
    assert "Lage rutine" not in body
    calendar.revoke_feed(actor=world.actor("relay"))
    assert calendar.feed_for_token(new.token) is None
    assert calendar.feed_for_token("nonsense") is None
