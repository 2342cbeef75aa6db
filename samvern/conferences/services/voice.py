"""The person exposed's voice at the meeting: her current wishes and advocate shown with
the meeting's case information, whether her advocate's organisation attended, whether
her wishes were heard, and her wishes as recorded at the conference. Every read and write
records its audit event in the same transaction (through the meeting's `_audit`, which
names case, conference and agenda item)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.cases.access import PersonAccess
from samvern.cases.models import Person
from samvern.conferences.access import AgendaCaseAccess
from samvern.conferences.models import AttendanceStatus, Attendee, WishesHeard
from samvern.conferences.services.meeting import (
    MeetingRuleError,
    _audit,
    _require,
    _text,
    may_write_minutes,
)
from samvern.core import limits
from samvern.voice import selectors as voice_selectors
from samvern.voice.models import Advocate, Wishes, WishSource
from samvern.voice.services import WishesData, record_wishes

VOICE_VIEWED = "conference.voice.viewed"
WISHES_HEARD_SAVED = "conference.voice.wishes_heard_saved"


@dataclass(frozen=True)
class AdvocatePresence:
    """An advocate and how her organisation stands on this conference's list."""

    advocate: Advocate
    on_list: bool  # the advocate herself is on the list
    status: str  # her own status, or the best of her organisation's ("" when none)

    @property
    def present(self) -> bool:
        return self.status in (AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE)

    @property
    def status_label(self) -> str:
        if not self.status:
            return str(_("Not on the attendance list"))
        return str(AttendanceStatus(self.status).label)


@dataclass(frozen=True)
class VoiceAtMeeting:
    persons: list[voice_selectors.PersonVoice]
    advocates: list[AdvocatePresence]
    heard: WishesHeard | None


STATUS_ORDER = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.SUBSTITUTE,
    AttendanceStatus.EXPECTED,
    AttendanceStatus.APOLOGIES,
)


def _presence(advocate: Advocate, rows: list[Attendee]) -> AdvocatePresence:
    own = next((row for row in rows if row.user_id == advocate.user_id), None)
    if own is not None:
        return AdvocatePresence(advocate=advocate, on_list=True, status=own.status)
    statuses = {row.status for row in rows if row.organisation_id == advocate.organisation_id}
    best = next((status for status in STATUS_ORDER if status in statuses), "")
    return AdvocatePresence(advocate=advocate, on_list=False, status=best)


def voice_at_meeting(access: AgendaCaseAccess) -> VoiceAtMeeting:
    """What the meeting shows of her voice (no audit: see `read_voice_at_meeting`). Seven
    queries."""
    case = access.case.case
    persons = voice_selectors.case_voice(case)
    current = [p.advocate for p in persons if p.advocate is not None]
    rows = list(
        Attendee.objects.filter(
            conference_id=access.item.conference_id,
            organisation_id__in=[a.organisation_id for a in current],
        )
    )
    return VoiceAtMeeting(
        persons=persons,
        advocates=[_presence(advocate, rows) for advocate in current],
        heard=WishesHeard.objects.filter(item=access.item).select_related("organisation").first(),
    )


def read_voice_at_meeting(
    actor: Actor, access: AgendaCaseAccess, *, via: str = "page"
) -> VoiceAtMeeting | None:
    """Her voice at this meeting, for those who may see the meeting's case information
    (None for everyone else), with the read recorded."""
    if not access.meeting:
        return None
    voice = voice_at_meeting(access)
    _audit(
        actor=actor,
        access=access,
        action=VOICE_VIEWED,
        detail={"via": via, "persons": len(voice.persons)},
    )
    return voice


@transaction.atomic
def save_wishes_heard(
    *, actor: Actor, access: AgendaCaseAccess, heard: bool, note: str = ""
) -> WishesHeard:
    _require(may_write_minutes(access))
    if actor.user is None or actor.organisation is None:
        raise MeetingRuleError(_("You need a case role in this organisation to do that."))
    text = _text(note, limits.COMMENT, "note")
    row, _created = WishesHeard.objects.select_for_update().update_or_create(
        item=access.item,
        defaults={
            "heard": heard,
            "note": text,
            "recorded_by": actor.user,
            "organisation": actor.organisation,
        },
    )
    _audit(actor=actor, access=access, action=WISHES_HEARD_SAVED, detail={"heard": heard})
    return row


@transaction.atomic
def record_wishes_at_conference(
    *,
    actor: Actor,
    access: AgendaCaseAccess,
    person: Person,
    data: WishesData,
    today: dt.date,
) -> Wishes:
    """Her wishes as heard at this conference: a new version in her case, dated with the
    conference."""
    _require(may_write_minutes(access))
    case = access.case.case
    if person.case_id != case.pk:
        raise MeetingRuleError(_("Choose a person exposed to violence in this case."))
    conference = access.conference.conference
    return record_wishes(
        actor=actor,
        access=PersonAccess(case=case, grant=access.case.grant, person=person),
        data=WishesData(
            wants=data.wants,
            contact_channel=data.contact_channel,
            contact_note=data.contact_note,
            sharing_note=data.sharing_note,
            sharing=data.sharing,
            source=WishSource.CONFERENCE,
            conference_date=conference.date,
        ),
        today=today,
    )
