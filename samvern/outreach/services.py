"""Writes of the outreach queue, and its audited reads.

Every write is keyword-only and atomic, takes the `Actor`, checks its own rules (raising
`OutreachRuleError` with a message for the user, nothing saved) and records its audit event
in the same transaction. The moment that deadlines count from is passed in (`now`), so
that tests fix it; pages and the API read the clock once, at their edge.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation
from samvern.audit.services import audit_log
from samvern.cases import identity
from samvern.cases import services as case_services
from samvern.cases.models import CaseParticipant, PersonRole, ReferralSource
from samvern.cases.services import PersonData, record_refused
from samvern.directory.models import Service
from samvern.outreach import selectors
from samvern.outreach.access import NoticeAccess, access_notice, may_register
from samvern.outreach.deadlines import first_contact_deadline
from samvern.outreach.models import (
    Attempt,
    AttemptResult,
    DesignatedService,
    EntryStatus,
    Notice,
    NoticeBasis,
    NoticePerson,
    OutreachSettings,
    PersonKind,
    QueueEntry,
)
from samvern.outreach.signals import notice_registered
from samvern.partnerships.models import Partnership, PartnershipMember


class OutreachRuleError(ValidationError):
    """A rule of the outreach queue refused the operation; the message is for the user."""


UNKNOWN_PARTNERSHIP = _("Choose a partnership your organisation is a member of.")
UNKNOWN_SERVICE = _("Choose a service of the partnership's directory.")
UNKNOWN_ORGANISATION = _("Choose an organisation in Samvern.")
NOT_A_CHOICE = _("Not one of the values offered.")

# The role a person of a notice gets in the case made from it.
CASE_ROLE = {
    PersonKind.EXPOSED_ADULT: PersonRole.EXPOSED,
    PersonKind.CHILD: PersonRole.CHILD,
    PersonKind.USING_VIOLENCE: PersonRole.USING_VIOLENCE,
}


@dataclass(frozen=True)
class SettingsData:
    deadline_hours: int
    working_days_only: bool
    attempts_before_not_reached: int
    # Kind of person → the organisations designated for it.
    designations: dict[str, Sequence[Organisation]] = field(default_factory=dict)


@dataclass(frozen=True)
class NoticePersonData:
    kind: str
    first_name: str
    last_name: str
    birth_date: dt.date | None = None
    birth_year: int | None = None
    phone: str = ""
    identity_number: str = ""


@dataclass(frozen=True)
class NoticeData:
    partnership: Partnership
    occurred_at: dt.datetime
    incident_type: str
    children_present: bool
    legal_basis: str
    persons: tuple[NoticePersonData, ...]
    statutory_basis: str = ""
    summary: str = ""


@dataclass(frozen=True)
class AttemptData:
    result: str
    note: str = ""
    referred_to_service: Service | None = None
    referred_to_organisation: Organisation | None = None
    referred_to_name: str = ""


def _member_on(partnership_id: uuid.UUID, organisation: Organisation, day: dt.date) -> bool:
    return (
        PartnershipMember.objects.active_on(day)
        .filter(partnership=partnership_id, organisation=organisation)
        .exists()
    )


def _notice_detail(notice: Notice, **extra: object) -> dict[str, object]:
    return {"notice": str(notice.pk), "partnership": str(notice.partnership_id), **extra}


# --- settings ----------------------------------------------------------------------------


@transaction.atomic
def save_settings(
    *, actor: Actor, partnership: Partnership, data: SettingsData
) -> OutreachSettings:
    """The partnership's outreach settings, as its manager sets them (the caller fetched
    the partnership with `partnerships.access` Need.MANAGE). Designated services must be
    current members of the partnership."""
    if not 1 <= data.deadline_hours <= 24 * 30:
        raise OutreachRuleError(
            {"deadline_hours": _("The deadline is between 1 hour and 30 days (720 hours).")}
        )
    if not 1 <= data.attempts_before_not_reached <= 20:
        raise OutreachRuleError(
            {"attempts_before_not_reached": _("Give a number of attempts from 1 to 20.")}
        )
    members = set(
        PartnershipMember.objects.active_on(timezone.localdate())
        .filter(partnership=partnership)
        .values_list("organisation_id", flat=True)
    )
    for kind, organisations in data.designations.items():
        if kind not in PersonKind.values:
            raise OutreachRuleError(_("Unknown kind of person."))
        if any(organisation.pk not in members for organisation in organisations):
            raise OutreachRuleError(
                _("Only current members of the partnership can receive its notices.")
            )
    settings, _created = OutreachSettings.objects.get_or_create(partnership=partnership)
    settings.deadline_hours = data.deadline_hours
    settings.working_days_only = data.working_days_only
    settings.attempts_before_not_reached = data.attempts_before_not_reached
    settings.updated_by = actor.user
    settings.save()
    settings.designations.all().delete()
    DesignatedService.objects.bulk_create(
        DesignatedService(settings=settings, person_kind=kind, organisation=organisation)
        for kind, organisations in data.designations.items()
        for organisation in organisations
    )
    audit_log(
        actor=actor,
        action="outreach.settings.changed",
        target=settings,
        organisation=actor.organisation,
        detail={
            "partnership": str(partnership.pk),
            "deadline_hours": data.deadline_hours,
            "working_days_only": data.working_days_only,
            "attempts_before_not_reached": data.attempts_before_not_reached,
            "designations": {
                kind: sorted(o.name for o in organisations)
                for kind, organisations in data.designations.items()
            },
        },
    )
    return settings


# --- registering a notice ----------------------------------------------------------------


def _clean_person(data: NoticePersonData) -> NoticePerson:
    if data.kind not in PersonKind.values:
        raise OutreachRuleError(_("Choose the role of every person."))
    if not data.first_name.strip() or not data.last_name.strip():
        raise OutreachRuleError(_("Give the first and last name of every person."))
    person = NoticePerson(
        kind=data.kind,
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        birth_date=data.birth_date,
        birth_year=data.birth_year or (data.birth_date.year if data.birth_date else None),
        phone=data.phone.strip(),
    )
    if data.identity_number.strip():
        number = identity.validate_nin(data.identity_number)
        person.nin_encrypted = identity.encrypt_nin(number)
        person.nin_hash = identity.hash_nin(number)
        person.nin_masked = identity.mask_nin(number)
    return person


@transaction.atomic
def register_notice(*, actor: Actor, data: NoticeData, now: dt.datetime) -> Notice:
    """Register an incident notice and put it in the queue of each support service
    designated for the kinds of person in it. A person already followed in an open case
    of the partnership is marked so; a service all of whose persons are followed gets
    the notice as "already followed", without a deadline to meet."""
    if not may_register(actor):
        raise OutreachRuleError(_("Only the police can register an incident notice."))
    police = actor.organisation
    assert police is not None and actor.user is not None
    partnership = data.partnership
    if not _member_on(partnership.pk, police, timezone.localdate(now)):
        raise OutreachRuleError(
            {"partnership": _("Your organisation is not a member of this partnership.")}
        )
    if data.occurred_at > now:
        raise OutreachRuleError({"occurred_on": _("The incident cannot be in the future.")})
    if data.legal_basis not in NoticeBasis.values:
        raise OutreachRuleError({"legal_basis": _("Choose the basis for passing this on.")})
    if data.legal_basis == NoticeBasis.OTHER_STATUTORY and not data.statutory_basis.strip():
        raise OutreachRuleError({"statutory_basis": _("Name the statutory basis.")})
    if not data.persons:
        raise OutreachRuleError(_("Add at least one person."))
    persons = [_clean_person(person) for person in data.persons]
    settings = OutreachSettings.objects.filter(partnership=partnership).first()
    members = set(
        PartnershipMember.objects.active_on(timezone.localdate(now))
        .filter(partnership=partnership)
        .values_list("organisation_id", flat=True)
    )
    kinds_present = {person.kind for person in persons}
    receivers: dict[Organisation, set[str]] = {}
    if settings is not None:
        for designation in settings.designations.select_related("organisation"):
            if designation.person_kind in kinds_present and designation.organisation_id in members:
                receivers.setdefault(designation.organisation, set()).add(designation.person_kind)
    if settings is None or not receivers:
        raise OutreachRuleError(
            _(
                "No support service is designated for the people in this notice. Ask the "
                "partnership's coordinator to set up its outreach."
            )
        )
    notice = Notice.objects.create(
        partnership=partnership,
        police_organisation=police,
        registered_by=actor.user,
        registered_at=now,
        occurred_at=data.occurred_at,
        incident_type=data.incident_type,
        summary=data.summary.strip(),
        children_present=data.children_present,
        legal_basis=data.legal_basis,
        statutory_basis=data.statutory_basis.strip()
        if data.legal_basis == NoticeBasis.OTHER_STATUTORY
        else "",
    )
    followed = selectors.followed_in_open_case(partnership=partnership, persons=persons)
    for index, person in enumerate(persons):
        person.notice = notice
        person.followed_in_open_case = index in followed
    NoticePerson.objects.bulk_create(persons)
    deadline = first_contact_deadline(
        now, hours=settings.deadline_hours, working_days_only=settings.working_days_only
    )
    entries = []
    for organisation, kinds in sorted(receivers.items(), key=lambda item: item[0].name):
        concerned = [p for p in persons if p.kind in kinds]
        all_followed = all(p.followed_in_open_case for p in concerned)
        entries.append(
            QueueEntry(
                notice=notice,
                organisation=organisation,
                person_kinds=sorted(kinds),
                deadline=deadline,
                status=EntryStatus.ALREADY_FOLLOWED if all_followed else EntryStatus.OPEN,
            )
        )
    QueueEntry.objects.bulk_create(entries)
    audit_log(
        actor=actor,
        action="outreach.notice.registered",
        target=notice,
        organisation=police,
        detail=_notice_detail(
            notice,
            persons=len(persons),
            followed=len(followed),
            receivers=[entry.organisation.name for entry in entries],
            legal_basis=notice.legal_basis,
        ),
    )
    notice_registered.send(sender=Notice, notice=notice, persons=persons)
    return notice


# --- reads -------------------------------------------------------------------------------


def read_notice(actor: Actor, notice_id: object, *, via: str = "page") -> NoticeAccess:
    """Fetch a notice through access and record the read, in one step."""
    access = access_notice(actor, notice_id)
    record_notice_read(actor=actor, access=access, via=via)
    return access


def record_notice_read(
    *, actor: Actor, access: NoticeAccess, via: str = "page", view: str = ""
) -> None:
    """A notice's content (its facts, its persons) shown to someone, on its own page or
    on a form about it (`view`: "attempt", "refer")."""
    audit_log(
        actor=actor,
        action="outreach.notice.viewed",
        target=access.notice,
        organisation=actor.organisation,
        detail=_notice_detail(
            access.notice,
            via=via,
            as_receiver=access.receiving,
            as_notifier=access.notifying,
            **({"view": view} if view else {}),
        ),
    )


def record_list_read(
    *, actor: Actor, action: str, notices: Sequence[Notice], via: str, view: str
) -> None:
    """A list of notices shown to someone (the queue, the police's own notices): which
    notices, so that "who has seen this notice" can be answered from the trail."""
    if not notices:
        return
    audit_log(
        actor=actor,
        action=action,
        target_type="outreach.notice",
        organisation=actor.organisation,
        detail={"notices": [str(n.pk) for n in notices], "via": via, "view": view},
    )


# --- attempts ----------------------------------------------------------------------------


@transaction.atomic
def record_attempt(
    *, actor: Actor, access: NoticeAccess, data: AttemptData, now: dt.datetime
) -> Attempt:
    """Record one attempt at contact and what came of it. The entry's outcome follows:
    reached, declined, referred on, or — after the partnership's number of unanswered
    attempts — not reached."""
    entry = access.entry
    if entry is None:
        raise OutreachRuleError(_("Your service does not receive this notice."))
    assert actor.user is not None
    # Lock the entry, so that two attempts recorded at once count each other.
    entry = QueueEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != EntryStatus.OPEN:
        raise OutreachRuleError(_("This notice already has an outcome."))
    if data.result not in AttemptResult.values:
        raise OutreachRuleError({"result": _("Choose the result of the attempt.")})
    name = data.referred_to_name.strip()
    if data.result == AttemptResult.REFERRED_ON:
        if data.referred_to_service is None and data.referred_to_organisation is None and not name:
            raise OutreachRuleError(
                {"referred_to_service": _("Say which service the person was referred on to.")}
            )
        if (
            data.referred_to_service is not None
            and data.referred_to_service.partnership_id != access.notice.partnership_id
        ):
            raise OutreachRuleError({"referred_to_service": UNKNOWN_SERVICE})
    referral = data.result == AttemptResult.REFERRED_ON
    attempt = Attempt.objects.create(
        entry=entry,
        made_at=now,
        made_by=actor.user,
        result=data.result,
        note=data.note.strip(),
        referred_to_service=data.referred_to_service if referral else None,
        referred_to_organisation=data.referred_to_organisation if referral else None,
        referred_to_name=name if referral else "",
    )
    status = {
        AttemptResult.REACHED: EntryStatus.REACHED,
        AttemptResult.DECLINED: EntryStatus.DECLINED,
        AttemptResult.REFERRED_ON: EntryStatus.REFERRED_ON,
    }.get(AttemptResult(data.result))
    if status is None:
        settings = OutreachSettings.objects.filter(partnership=access.notice.partnership_id).first()
        limit = settings.attempts_before_not_reached if settings else 3
        unanswered = entry.attempts.filter(result=AttemptResult.NO_ANSWER).count()
        if unanswered >= limit:
            status = EntryStatus.NOT_REACHED
    if status is not None:
        entry.status = status
        entry.closed_at = now
        entry.save(update_fields=["status", "closed_at", "updated_at"])
    audit_log(
        actor=actor,
        action="outreach.attempt.recorded",
        target=attempt,
        organisation=actor.organisation,
        detail=_notice_detail(access.notice, result=data.result, status=entry.status),
    )
    return attempt


# --- turning a notice into a case referral -----------------------------------------------


def default_reason(notice: Notice) -> str:
    text = _("Police notice of %(type)s on %(date)s.") % {
        "type": notice.get_incident_type_display().lower(),
        "date": date_format(timezone.localtime(notice.occurred_at).date()),
    }
    if notice.children_present:
        text += " " + str(_("Children were present."))
    return text


@transaction.atomic
def refer_notice(
    *, actor: Actor, access: NoticeAccess, reason: str, now: dt.datetime
) -> CaseParticipant:
    """Turn the notice into a case referral, through the case layer: the notifying police
    organisation refers a case with the notice's persons (the officer who registered the
    notice is the person referring, and hears what comes of it), and the receiving
    service gets it as a pending referral from the police, which it accepts or declines
    like any other. The receiving service's user is the one who acts, and every event
    names them. Returns the receiving service's referral."""
    entry = access.entry
    if entry is None:
        raise OutreachRuleError(_("Your service does not receive this notice."))
    assert actor.user is not None
    entry = QueueEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.case_id is not None or entry.status == EntryStatus.REFERRAL_MADE:
        raise OutreachRuleError(_("This notice has already been turned into a case referral."))
    if not reason.strip():
        raise OutreachRuleError({"reason": _("Describe the reason for the referral.")})
    notice = access.notice
    day = timezone.localdate(now)
    persons = [
        PersonData(
            role=CASE_ROLE[PersonKind(person.kind)],
            first_name=person.first_name,
            last_name=person.last_name,
            birth_date=person.birth_date,
            birth_year=person.birth_year,
            phone=person.phone,
            identity_number=identity.decrypt_nin(person.nin_encrypted)
            if person.nin_encrypted
            else "",
        )
        for person in notice.persons.all()
    ]
    try:
        case = case_services.refer_case(
            actor=actor,
            partnership=notice.partnership,
            source=ReferralSource.POLICE_INCIDENT,
            reason=reason,
            referred_on=day,
            person=persons[0],
            more_persons=persons[1:],
            on_behalf_of=case_services.Referrer(
                organisation=notice.police_organisation, user=notice.registered_by
            ),
            referred_to=[access.organisation],
            detail={"notice": str(notice.pk)},
            day=day,
        )
    except ValidationError as error:
        raise OutreachRuleError(error.messages) from error
    referral = CaseParticipant.objects.get(
        case=case, organisation=access.organisation, removed_on__isnull=True
    )
    entry.status = EntryStatus.REFERRAL_MADE
    entry.case = case
    entry.closed_at = entry.closed_at or now
    entry.save(update_fields=["status", "case", "closed_at", "updated_at"])
    audit_log(
        actor=actor,
        action="outreach.notice.referred",
        target=notice,
        organisation=actor.organisation,
        detail=_notice_detail(
            notice, case=str(case.pk), reference=case.reference, referral=str(referral.pk)
        ),
    )
    return referral


def refused(
    actor: Actor, route: str, method: str, identifiers: dict[str, object], via: str
) -> None:
    """A refused outreach request is a case-layer security event, like any other."""
    record_refused(actor=actor, route=route, method=method, identifiers=identifiers, via=via)
