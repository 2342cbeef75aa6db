"""Writes and audited reads of programme referrals. Keyword-only, typed, atomic; each
takes the `Actor` and what `samvern.programmes.access` let it through with, records the
step as a `ProgrammeUpdate` (what the referrer and the case see) and its audit event in
the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.audit.services import audit_log
from samvern.cases.access import CaseAccess, Need
from samvern.cases.models import Person, PersonRole
from samvern.cases.services import CaseRuleError, record_read
from samvern.cases.services.common import audit_case_event, require_content_role
from samvern.core import limits
from samvern.core.numbers import format_number
from samvern.directory.models import Service, ServiceKind
from samvern.programmes import selectors
from samvern.programmes.access import ReferralAccess, access_case_programmes, access_referral
from samvern.programmes.models import (
    EndResult,
    IntakeResult,
    ProgrammeReferral,
    ProgrammeSession,
    ProgrammeUpdate,
    UpdateKind,
)

REFERRED = "programmes.referral.made"
INTAKE_RECORDED = "programmes.intake.recorded"
SESSION_RECORDED = "programmes.session.recorded"
ENDED = "programmes.referral.ended"
REFERRAL_VIEWED = "programmes.referral.viewed"
CASE_VIEWED = "programmes.case.viewed"
LIST_VIEWED = "programmes.list.viewed"


class ProgrammeRuleError(CaseRuleError):
    """A rule of programme referrals refused the operation; the message is for the user."""


def _acting(actor: Actor, access: CaseAccess) -> tuple[User, Organisation]:
    organisation = require_content_role(actor)
    if not access.grant.allows(Need.EDIT) or actor.user is None:
        raise ProgrammeRuleError(_("You cannot do that for this case."))
    return actor.user, organisation


def _text(value: str, field_name: str) -> str:
    text = value.strip()
    if len(text) > limits.COMMENT:
        raise ProgrammeRuleError(
            {
                field_name: _("Write at most %(limit)s characters.")
                % {"limit": format_number(limits.COMMENT)}
            }
        )
    return text


def _not_future(day: dt.date, today: dt.date, field_name: str) -> None:
    if day > today:
        raise ProgrammeRuleError({field_name: _("The date cannot be in the future.")})


def _not_before(day: dt.date, earliest: dt.date, field_name: str) -> None:
    if day < earliest:
        raise ProgrammeRuleError(
            {
                field_name: _("The date cannot be before %(date)s.")
                % {"date": date_format(earliest, "DATE_FORMAT")}
            }
        )


def _update(
    referral: ProgrammeReferral, kind: str, on: dt.date, user: User, organisation: Organisation
) -> ProgrammeUpdate:
    return ProgrammeUpdate.objects.create(
        referral=referral, kind=kind, on=on, recorded_by=user, organisation=organisation
    )


def _audit(actor: Actor, access: CaseAccess, action: str, target: object, **detail: object) -> None:
    audit_case_event(
        actor=actor,
        action=action,
        case=access.case,
        target=target,  # type: ignore[arg-type]
        detail={str(key): value for key, value in detail.items()},
    )


# --- referral ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralData:
    person: Person
    service: Service
    referred_on: dt.date
    reason: str = ""


@transaction.atomic
def refer(
    *, actor: Actor, access: CaseAccess, data: ReferralData, today: dt.date
) -> ProgrammeReferral:
    """Refer the case's person using violence to a programme of the partnership's
    directory."""
    user, organisation = _acting(actor, access)
    case = access.case
    if data.person.case_id != case.pk or data.person.role != PersonRole.USING_VIOLENCE:
        raise ProgrammeRuleError({"person": _("Choose a person using violence in this case.")})
    service = data.service
    if (
        service.partnership_id != case.partnership_id
        or not service.is_active
        or service.kind != ServiceKind.VIOLENCE_PROGRAMME
    ):
        raise ProgrammeRuleError(
            {"service": _("Choose a programme from the partnership's service directory.")}
        )
    _not_future(data.referred_on, today, "referred_on")
    _not_before(data.referred_on, case.referred_on, "referred_on")
    referral = ProgrammeReferral.objects.create(
        case=case,
        person=data.person,
        service=service,
        programme_name=service.name,
        provider=service.provider,
        reason=_text(data.reason, "reason"),
        referred_on=data.referred_on,
        referred_by=user,
        referring_organisation=organisation,
    )
    _update(referral, UpdateKind.REFERRED, data.referred_on, user, organisation)
    _audit(actor, access, REFERRED, referral, person=str(data.person.pk), service=str(service.pk))
    return referral


# --- intake, sessions, ending ----------------------------------------------------------------


def _locked(access: ReferralAccess) -> ProgrammeReferral:
    referral = ProgrammeReferral.objects.select_for_update().get(pk=access.referral.pk)
    referral.case = access.case
    return referral


@transaction.atomic
def record_intake(
    *,
    actor: Actor,
    access: ReferralAccess,
    accepted: bool,
    intake_on: dt.date,
    note: str = "",
    today: dt.date,
) -> ProgrammeReferral:
    user, organisation = _acting(actor, access)
    referral = _locked(access)
    if referral.intake_result != IntakeResult.PENDING:
        raise ProgrammeRuleError(_("The intake has already been recorded."))
    _not_future(intake_on, today, "intake_on")
    _not_before(intake_on, referral.referred_on, "intake_on")
    referral.intake_result = IntakeResult.ACCEPTED if accepted else IntakeResult.NOT_ACCEPTED
    referral.intake_on = intake_on
    referral.intake_note = _text(note, "note")
    referral.save(update_fields=["intake_result", "intake_on", "intake_note", "updated_at"])
    kind = UpdateKind.ACCEPTED if accepted else UpdateKind.NOT_ACCEPTED
    _update(referral, kind, intake_on, user, organisation)
    _audit(actor, access, INTAKE_RECORDED, referral, accepted=accepted)
    return referral


@transaction.atomic
def record_session(
    *,
    actor: Actor,
    access: ReferralAccess,
    held_on: dt.date,
    attended: bool,
    note: str = "",
    today: dt.date,
) -> ProgrammeSession:
    user, organisation = _acting(actor, access)
    referral = _locked(access)
    if referral.intake_result != IntakeResult.ACCEPTED or referral.intake_on is None:
        raise ProgrammeRuleError(_("Sessions are recorded once he has been accepted at intake."))
    if referral.ended_on is not None:
        raise ProgrammeRuleError(_("The programme has ended; no more sessions can be recorded."))
    _not_future(held_on, today, "held_on")
    _not_before(held_on, referral.intake_on, "held_on")
    if ProgrammeSession.objects.filter(referral=referral, held_on=held_on).exists():
        raise ProgrammeRuleError({"held_on": _("A session on that day is already recorded.")})
    session = ProgrammeSession.objects.create(
        referral=referral,
        held_on=held_on,
        attended=attended,
        note=_text(note, "note"),
        recorded_by=user,
        organisation=organisation,
    )
    kind = UpdateKind.ATTENDED if attended else UpdateKind.MISSED
    _update(referral, kind, held_on, user, organisation)
    _audit(actor, access, SESSION_RECORDED, session, referral=str(referral.pk), attended=attended)
    return session


@transaction.atomic
def record_end(
    *,
    actor: Actor,
    access: ReferralAccess,
    result: str,
    ended_on: dt.date,
    note: str = "",
    today: dt.date,
) -> ProgrammeReferral:
    user, organisation = _acting(actor, access)
    referral = _locked(access)
    if result not in EndResult.values:
        raise ProgrammeRuleError({"result": _("Choose completed or dropped out.")})
    if referral.intake_result != IntakeResult.ACCEPTED or referral.intake_on is None:
        raise ProgrammeRuleError(_("Only a programme he was accepted into can end."))
    if referral.ended_on is not None:
        raise ProgrammeRuleError(_("The ending has already been recorded."))
    _not_future(ended_on, today, "ended_on")
    last_session = referral.sessions.order_by("-held_on").values_list("held_on", flat=True).first()
    _not_before(ended_on, last_session or referral.intake_on, "ended_on")
    referral.end_result = result
    referral.ended_on = ended_on
    referral.end_note = _text(note, "note")
    referral.save(update_fields=["end_result", "ended_on", "end_note", "updated_at"])
    kind = UpdateKind.COMPLETED if result == EndResult.COMPLETED else UpdateKind.DROPPED_OUT
    _update(referral, kind, ended_on, user, organisation)
    _audit(actor, access, ENDED, referral, result=result)
    return referral


# --- reads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralPage:
    access: ReferralAccess
    sessions: list[ProgrammeSession]
    updates: list[ProgrammeUpdate]


def read_referral(actor: Actor, referral_id: object, *, via: str = "page") -> ReferralPage:
    access = access_referral(actor, referral_id, Need.VIEW)
    referral = access.referral
    sessions = list(referral.sessions.select_related("organisation").order_by("held_on"))
    record_read(
        actor=actor,
        case=access.case,
        action=REFERRAL_VIEWED,
        target=referral,
        detail={"via": via},
    )
    return ReferralPage(access=access, sessions=sessions, updates=selectors.updates([referral.pk]))


def read_case_referrals(
    actor: Actor, case_id: object, *, via: str = "page"
) -> tuple[CaseAccess, list[ProgrammeReferral]]:
    access = access_case_programmes(actor, case_id, Need.VIEW)
    referrals = selectors.case_referrals(access.case)
    record_read(
        actor=actor,
        case=access.case,
        action=CASE_VIEWED,
        detail={"via": via, "referrals": len(referrals)},
    )
    return access, referrals


@dataclass(frozen=True)
class ReferralListPage:
    """One page of the organisation's programme referrals: the paginator's page, its rows."""

    page: Page[ProgrammeReferral]
    rows: list[selectors.ReferralRow]


def read_organisation_referrals(
    actor: Actor,
    *,
    day: dt.date,
    take: Callable[[QuerySet[ProgrammeReferral]], Sequence[ProgrammeReferral]],
    via: str = "page",
) -> list[selectors.ReferralRow]:
    """The part of the organisation's referrals that `take` picks from the list's query
    (a page, the API's paginator); only those are read and recorded, one event naming
    their cases."""
    rows = selectors.referral_rows(
        actor, list(take(selectors.organisation_referrals_query(actor, day=day))), day=day
    )
    audit_log(
        actor=actor,
        action=LIST_VIEWED,
        organisation=actor.organisation,
        target_type="programmes.programmereferral",
        detail={
            "via": via,
            "cases": sorted({str(row.referral.case_id) for row in rows}),
            "referrals": len(rows),
        },
    )
    return rows


def read_organisation_referral_page(
    actor: Actor, *, day: dt.date, number: str | int | None = None
) -> ReferralListPage:
    """Page `number` of the list (the first when it is not a number, the last beyond the
    end)."""
    found: dict[str, Page[ProgrammeReferral]] = {}

    def take(referrals: QuerySet[ProgrammeReferral]) -> Sequence[ProgrammeReferral]:
        found["page"] = Paginator(referrals, selectors.PAGE_SIZE).get_page(number)
        return list(found["page"].object_list)

    rows = read_organisation_referrals(actor, day=day, take=take)
    return ReferralListPage(page=found["page"], rows=rows)
