"""Writes and audited reads of the victim's voice. Keyword-only, typed, atomic; every
one takes the `Actor` and what `samvern.voice.access` let it through with, and records
its audit event in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.cases.access import CaseAccess, Need, PersonAccess
from samvern.cases.models import Person, PersonRole
from samvern.cases.selectors import current_participant_organisations
from samvern.cases.services import CaseRuleError, record_read
from samvern.cases.services.common import audit_case_event, require_content_role
from samvern.core import limits
from samvern.core.numbers import format_number
from samvern.voice import selectors
from samvern.voice.access import AdvocateAccess, access_case_voice
from samvern.voice.models import (
    Advocate,
    ContactChannel,
    InformationKind,
    SharingWish,
    Wishes,
    WishSource,
)

WISHES_RECORDED = "voice.wishes.recorded"
ADVOCATE_APPOINTED = "voice.advocate.appointed"
ADVOCATE_ENDED = "voice.advocate.ended"
VOICE_VIEWED = "voice.case.viewed"


class VoiceRuleError(CaseRuleError):
    """A rule of the victim's voice refused the operation; the message is for the user."""


def _require(access: CaseAccess, need: Need) -> None:
    if not access.grant.allows(need):
        raise VoiceRuleError(_("You cannot do that for this case."))


def _text(value: str, field_name: str, *, required: bool = False) -> str:
    text = value.strip()
    if len(text) > limits.COMMENT:
        raise VoiceRuleError(
            {
                field_name: _("Write at most %(limit)s characters.")
                % {"limit": format_number(limits.COMMENT)}
            }
        )
    if required and not text:
        raise VoiceRuleError({field_name: _("Write what she wants.")})
    return text


# --- wishes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WishesData:
    wants: str
    contact_channel: str
    contact_note: str = ""
    sharing_note: str = ""
    # (organisation, kind of information) she agrees that organisation may see.
    sharing: tuple[tuple[Organisation, str], ...] = ()
    source: str = WishSource.CASE
    conference_date: dt.date | None = None


@transaction.atomic
def record_wishes(
    *, actor: Actor, access: PersonAccess, data: WishesData, today: dt.date
) -> Wishes:
    """A new version of the person's wishes (earlier versions stay as they were)."""
    organisation = require_content_role(actor)
    _require(access, Need.EDIT)
    person = access.person
    if person.role != PersonRole.EXPOSED or person.case_id != access.case.pk:
        raise VoiceRuleError(_("Wishes are recorded for a person exposed to violence."))
    wants = _text(data.wants, "wants", required=True)
    if data.contact_channel not in ContactChannel.values:
        raise VoiceRuleError({"contact_channel": _("Choose how she wants to be contacted.")})
    if data.source not in WishSource.values:
        raise VoiceRuleError(_("Choose where the wishes were recorded."))
    if data.source == WishSource.CONFERENCE and data.conference_date is None:
        raise VoiceRuleError(_("Name the conference the wishes were heard at."))
    participants = {o.pk for o in current_participant_organisations(case=access.case, day=today)}
    for agency, kind in data.sharing:
        if agency.pk not in participants:
            raise VoiceRuleError(
                {"sharing": _("Only organisations taking part in the case can be named.")}
            )
        if kind not in InformationKind.values:
            raise VoiceRuleError({"sharing": _("Choose a kind of information from the list.")})
    assert actor.user is not None
    Person.objects.select_for_update().filter(pk=person.pk).first()
    latest = Wishes.objects.filter(person=person).aggregate(v=Max("version"))["v"] or 0
    wishes = Wishes.objects.create(
        case=access.case,
        person=person,
        version=latest + 1,
        wants=wants,
        contact_channel=data.contact_channel,
        contact_note=_text(data.contact_note, "contact_note"),
        sharing_note=_text(data.sharing_note, "sharing_note"),
        source=data.source,
        conference_date=data.conference_date if data.source == WishSource.CONFERENCE else None,
        recorded_on=today,
        recorded_by=actor.user,
        organisation=organisation,
    )
    SharingWish.objects.bulk_create(
        SharingWish(wishes=wishes, organisation=agency, kind=kind)
        for agency, kind in dict.fromkeys(data.sharing)
    )
    audit_case_event(
        actor=actor,
        action=WISHES_RECORDED,
        case=access.case,
        target=wishes,
        detail={"person": str(person.pk), "version": wishes.version, "source": data.source},
    )
    return wishes


# --- the advocate ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AdvocateData:
    person: Person
    organisation: Organisation
    user: User
    started_on: dt.date


@transaction.atomic
def appoint_advocate(
    *, actor: Actor, access: CaseAccess, data: AdvocateData, today: dt.date
) -> Advocate:
    """Name her advocate; a current advocate of hers is ended the day before."""
    require_content_role(actor)
    _require(access, Need.EDIT)
    assert actor.user is not None
    person = data.person
    if person.case_id != access.case.pk or person.role != PersonRole.EXPOSED:
        raise VoiceRuleError({"person": _("Choose a person exposed to violence in this case.")})
    if data.started_on > today:
        raise VoiceRuleError({"started_on": _("The date cannot be in the future.")})
    participants = list(current_participant_organisations(case=access.case, day=today))
    candidates = selectors.advocate_candidates(participants, day=today)
    if not any(
        m.user_id == data.user.pk and m.organisation_id == data.organisation.pk for m in candidates
    ):
        raise VoiceRuleError(
            {
                "advocate": _(
                    "The advocate must be a case worker of a support service taking part "
                    "in the case."
                )
            }
        )
    current = (
        Advocate.objects.select_for_update().filter(person=person, ended_on__isnull=True).first()
    )
    if current is not None:
        if current.started_on > data.started_on:
            raise VoiceRuleError(
                {"started_on": _("The new advocate cannot start before the current one did.")}
            )
        current.ended_on = data.started_on
        current.ended_by = actor.user
        current.save(update_fields=["ended_on", "ended_by", "updated_at"])
    advocate = Advocate.objects.create(
        case=access.case,
        person=person,
        organisation=data.organisation,
        user=data.user,
        started_on=data.started_on,
        appointed_by=actor.user,
    )
    audit_case_event(
        actor=actor,
        action=ADVOCATE_APPOINTED,
        case=access.case,
        target=advocate,
        detail={
            "person": str(person.pk),
            "advocate_organisation": str(data.organisation.pk),
            "replaced": str(current.pk) if current is not None else "",
        },
    )
    return advocate


@transaction.atomic
def end_advocate(*, actor: Actor, access: AdvocateAccess, ended_on: dt.date) -> Advocate:
    require_content_role(actor)
    _require(access, Need.EDIT)
    assert actor.user is not None
    advocate = Advocate.objects.select_for_update().get(pk=access.advocate.pk)
    if advocate.ended_on is not None:
        raise VoiceRuleError(_("This advocate's task has already ended."))
    if ended_on < advocate.started_on:
        raise VoiceRuleError(
            _("The end cannot be before %(date)s.")
            % {"date": date_format(advocate.started_on, "DATE_FORMAT")}
        )
    advocate.ended_on = ended_on
    advocate.ended_by = actor.user
    advocate.save(update_fields=["ended_on", "ended_by", "updated_at"])
    audit_case_event(
        actor=actor,
        action=ADVOCATE_ENDED,
        case=access.case,
        target=advocate,
        detail={"person": str(advocate.person_id)},
    )
    return advocate


# --- reads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoicePage:
    access: CaseAccess
    persons: list[selectors.PersonVoice]


def read_voice(actor: Actor, case_id: object, *, via: str = "page") -> VoicePage:
    """The wishes, consents and advocates of the case's persons exposed, with the read's
    audit event."""
    access = access_case_voice(actor, case_id, Need.VIEW)
    persons = selectors.case_voice(access.case)
    record_read(
        actor=actor,
        case=access.case,
        action=VOICE_VIEWED,
        detail={"via": via, "persons": len(persons)},
    )
    return VoicePage(access=access, persons=persons)
