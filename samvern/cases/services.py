"""Writes in the case layer. Each service is keyword-only, atomic, takes the actor and the
organisation the actor acts for, checks its own rules, and writes its audit event in the
same transaction. Reads of case data are audited through `record_read`.

Callers fetch objects through `cases.access` first; services re-check what depends on
the operation itself (who may share an item, which state may follow which, ...).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samvern.accounts.models import CASE_CONTENT_ROLES, Organisation, Role
from samvern.audit.services import audit_log, keyed_reference
from samvern.cases import identity
from samvern.cases.access import CaseGrant, acting_roles, grant_for, today
from samvern.cases.models import (
    Assessment,
    Case,
    CaseParticipant,
    CaseState,
    Consent,
    InformationItem,
    ItemKind,
    LegalBasis,
    Person,
    PersonMatch,
    PersonRole,
    Share,
    ShareScope,
    StateChange,
)
from samvern.partnerships.models import Partnership, PartnershipMember


class CaseRuleError(ValidationError):
    """A rule of the case layer refused the operation; the message is for the user."""


# Which state may follow which. Closing is possible from every open state.
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseState.REFERRED: frozenset({CaseState.SCREENED, CaseState.CLOSED}),
    CaseState.SCREENED: frozenset(
        {CaseState.AWAITING_CONFERENCE, CaseState.MONITORING, CaseState.CLOSED}
    ),
    CaseState.AWAITING_CONFERENCE: frozenset(
        {CaseState.HEARD, CaseState.SCREENED, CaseState.CLOSED}
    ),
    CaseState.HEARD: frozenset(
        {CaseState.ACTIONS_IN_PROGRESS, CaseState.MONITORING, CaseState.CLOSED}
    ),
    CaseState.ACTIONS_IN_PROGRESS: frozenset({CaseState.MONITORING, CaseState.CLOSED}),
    CaseState.MONITORING: frozenset({CaseState.ACTIONS_IN_PROGRESS, CaseState.CLOSED}),
    CaseState.CLOSED: frozenset({CaseState.REOPENED}),
    CaseState.REOPENED: frozenset(
        {CaseState.SCREENED, CaseState.AWAITING_CONFERENCE, CaseState.CLOSED}
    ),
}
# The conference coordinator who does not take part in a case runs the agenda only.
COORDINATOR_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (CaseState.SCREENED, CaseState.AWAITING_CONFERENCE),
        (CaseState.REOPENED, CaseState.AWAITING_CONFERENCE),
        (CaseState.AWAITING_CONFERENCE, CaseState.SCREENED),
        (CaseState.AWAITING_CONFERENCE, CaseState.HEARD),
    }
)
REPEAT_WINDOW_DAYS = 365

# Security events of the case layer, for the data protection officer.
REFUSED_ACTION = "security.case.refused"
OWN_ORGANISATION_ADDED_ACTION = "security.case.own_organisation_added"
CONSENT_WITHDRAWN_FOR_OTHER_ACTION = "security.consent.withdrawn_for_other_organisation"


def allowed_transitions(case: Case, grant: CaseGrant) -> list[str]:
    following = TRANSITIONS.get(case.state, frozenset())
    if grant.content:
        allowed = following
    elif grant.conference:
        allowed = frozenset(to for to in following if (case.state, to) in COORDINATOR_TRANSITIONS)
    else:
        allowed = frozenset()
    return [state for state in CaseState.values if state in allowed]


def _audit(
    *,
    actor: Any,
    organisation: Organisation,
    action: str,
    case: Case,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Every case-layer event names its case in `detail.case`, which is what the "who has
    seen this case" page selects on."""
    audit_log(
        actor=actor,
        action=action,
        target=target if target is not None else case,
        organisation=organisation,
        detail={"case": str(case.pk), "reference": case.reference, **(detail or {})},
    )


@transaction.atomic
def record_read(
    *,
    actor: Any,
    organisation: Organisation,
    action: str,
    case: Case,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Audit one read of case data (a page, an API response, a download, an export)."""
    _audit(
        actor=actor,
        organisation=organisation,
        action=action,
        case=case,
        target=target,
        detail=detail,
    )


def record_refused(
    *,
    actor: Any,
    organisation: Organisation | None,
    route: str,
    method: str,
    identifiers: dict[str, Any],
    via: str,
) -> None:
    """Record a case-layer request that was answered 404 — missing and not allowed are the
    same answer, and so the same event. It names no target and holds the requested
    identifiers only as keyed references, so it says nothing about whether they exist;
    equal references show the same identifier tried again. Called after the request's
    transaction has rolled back, in a transaction of its own."""
    audit_log(
        actor=actor,
        action=REFUSED_ACTION,
        organisation=organisation,
        detail={
            "route": route,
            "method": method,
            "via": via,
            **{name: keyed_reference(str(value)) for name, value in sorted(identifiers.items())},
        },
    )


def _require_content_role(actor: Any, organisation: Organisation) -> None:
    if not acting_roles(actor, organisation) & CASE_CONTENT_ROLES:
        raise CaseRuleError(_("You need a case role in this organisation to do that."))


def _new_reference(day: dt.date) -> str:
    return f"S-{day.year}-{secrets.token_hex(3).upper()}"


def _one_year_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=REPEAT_WINDOW_DAYS)


# --- persons ---------------------------------------------------------------------------


@dataclass
class PersonData:
    role: str
    first_name: str
    last_name: str
    role_uncertain: bool = False
    birth_date: dt.date | None = None
    birth_year: int | None = None
    gender: str = "unknown"
    language: str = ""
    needs_interpreter: bool = False
    phone: str = ""
    email: str = ""
    safe_contact: str = ""
    no_case_content_in_messages: bool = True
    protected_address: bool = False
    street_address: str = ""
    postal_code: str = ""
    postal_place: str = ""
    identity_number: str = ""


def _flag_repeat(*, actor: Any, organisation: Organisation, case: Case, person: Person) -> None:
    """A new referral whose person exposed (same identity) had a case in the same
    partnership closed within the last 12 months is a repeat."""
    if person.role != PersonRole.EXPOSED or case.is_repeat:
        return
    earlier = (
        Case.objects.filter(
            partnership=case.partnership_id,
            persons__identity=person.identity,
            persons__role=PersonRole.EXPOSED,
            closed_on__isnull=False,
            closed_on__gte=_one_year_before(case.referred_on),
            closed_on__lte=case.referred_on,
        )
        .exclude(pk=case.pk)
        .order_by("-closed_on")
        .first()
    )
    if earlier is None:
        return
    case.is_repeat = True
    case.repeat_of = earlier
    case.save(update_fields=["is_repeat", "repeat_of", "updated_at"])
    # The referring user may not see the earlier case: the event names it by id only.
    _audit(
        actor=actor,
        organisation=organisation,
        action="cases.case.flagged_repeat",
        case=case,
        detail={"earlier_case": str(earlier.pk)},
    )


def _link_identity(
    *, actor: Any, organisation: Organisation, person: Person, other: Person, method: str
) -> None:
    old_identity = other.identity
    Person.objects.filter(identity=old_identity).update(identity=person.identity)
    PersonMatch.objects.create(
        person=person,
        other=other,
        method=method,
        confirmed_by=actor if method == "confirmed" else None,
    )
    _audit(
        actor=actor,
        organisation=organisation,
        action="cases.person.matched",
        case=person.case,
        target=person,
        detail={"other_person": str(other.pk), "other_case": str(other.case_id), "method": method},
    )


def _create_person(
    *, actor: Any, organisation: Organisation, case: Case, data: PersonData
) -> Person:
    person = Person(
        case=case,
        role=data.role,
        role_uncertain=data.role_uncertain,
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        birth_date=data.birth_date,
        birth_year=data.birth_year or (data.birth_date.year if data.birth_date else None),
        gender=data.gender,
        language=data.language,
        needs_interpreter=data.needs_interpreter,
        phone=data.phone,
        email=data.email,
        safe_contact=data.safe_contact,
        no_case_content_in_messages=data.no_case_content_in_messages,
        protected_address=data.protected_address,
        street_address=data.street_address,
        postal_code=data.postal_code,
        postal_place=data.postal_place,
    )
    if data.identity_number:
        number = identity.validate_nin(data.identity_number)
        person.nin_encrypted = identity.encrypt_nin(number)
        person.nin_hash = identity.hash_nin(number)
        person.nin_masked = identity.mask_nin(number)
    person.identity = person.pk
    person.save()
    _audit(
        actor=actor,
        organisation=organisation,
        action="cases.person.added",
        case=case,
        target=person,
        detail={"role": person.role},
    )
    if person.nin_hash:
        # Exact matching within the same partnership: the system links the records;
        # nobody is shown the other case unless they already have access to it.
        other = (
            Person.objects.filter(nin_hash=person.nin_hash, case__partnership=case.partnership_id)
            .exclude(pk=person.pk)
            .exclude(identity=person.identity)
            .order_by("created_at")
            .first()
        )
        if other is not None:
            _link_identity(
                actor=actor, organisation=organisation, person=other, other=person, method="nin"
            )
            person.refresh_from_db(fields=["identity"])
    _flag_repeat(actor=actor, organisation=organisation, case=case, person=person)
    return person


@transaction.atomic
def add_person(*, actor: Any, organisation: Organisation, case: Case, data: PersonData) -> Person:
    _require_content_role(actor, organisation)
    return _create_person(actor=actor, organisation=organisation, case=case, data=data)


@dataclass
class PersonChanges:
    """The editable facts of a person. An address field left as None keeps the stored
    value (the edit page does not show a protected address, so it cannot send it)."""

    first_name: str
    last_name: str
    birth_date: dt.date | None
    birth_year: int | None
    gender: str
    language: str
    needs_interpreter: bool
    phone: str
    email: str
    safe_contact: str
    no_case_content_in_messages: bool
    protected_address: bool
    street_address: str | None = None
    postal_code: str | None = None
    postal_place: str | None = None


@transaction.atomic
def update_person(
    *, actor: Any, organisation: Organisation, person: Person, changes: PersonChanges
) -> list[str]:
    """Change a person's facts. Returns the names of the fields that changed.

    The audit trail names the changed fields, never their values, so it never holds a
    copy of an address. Switching the address protection is its own event. Removing the
    protection shows the address to everyone in the case, so only a user who may reveal
    it may do that."""
    _require_content_role(actor, organisation)
    first_name, last_name = changes.first_name.strip(), changes.last_name.strip()
    if not first_name or not last_name:
        raise CaseRuleError(_("A person needs a first name and a last name."))
    if changes.birth_date is not None and changes.birth_date > today():
        raise CaseRuleError(_("The birth date cannot be in the future."))
    if person.protected_address and not changes.protected_address:
        grant = grant_for(actor, person.case, organisation)
        if grant is None or not grant.reveal_address:
            raise CaseRuleError(
                _("Only someone who may reveal the address can remove its protection.")
            )
    wanted: dict[str, Any] = {
        "first_name": first_name,
        "last_name": last_name,
        "birth_date": changes.birth_date,
        "birth_year": changes.birth_year
        or (changes.birth_date.year if changes.birth_date else None),
        "gender": changes.gender,
        "language": changes.language.strip(),
        "needs_interpreter": changes.needs_interpreter,
        "phone": changes.phone.strip(),
        "email": changes.email.strip(),
        "safe_contact": changes.safe_contact.strip(),
        "no_case_content_in_messages": changes.no_case_content_in_messages,
        "protected_address": changes.protected_address,
    }
    for name in ("street_address", "postal_code", "postal_place"):
        value = getattr(changes, name)
        if value is not None:
            wanted[name] = value.strip()
    changed = [name for name, value in wanted.items() if getattr(person, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(person, name, wanted[name])
    person.save(update_fields=[*changed, "updated_at"])
    facts = [name for name in changed if name != "protected_address"]
    if facts:
        _audit(
            actor=actor,
            organisation=organisation,
            action="cases.person.updated",
            case=person.case,
            target=person,
            detail={"fields": facts},
        )
    if "protected_address" in changed:
        _audit(
            actor=actor,
            organisation=organisation,
            action="cases.person.protection_changed",
            case=person.case,
            target=person,
            detail={"protected_address": person.protected_address},
        )
    return changed


@transaction.atomic
def confirm_match(*, actor: Any, organisation: Organisation, person: Person, other: Person) -> None:
    """A person confirms that two records (both visible to them) are the same human."""
    _require_content_role(actor, organisation)
    if person.pk == other.pk or person.identity == other.identity:
        raise CaseRuleError(_("These records are already linked."))
    if person.case.partnership_id != other.case.partnership_id:
        raise CaseRuleError(_("Only records in the same partnership can be linked."))
    _link_identity(
        actor=actor, organisation=organisation, person=person, other=other, method="confirmed"
    )
    for record in (person, other):
        record.refresh_from_db(fields=["identity"])
        _flag_repeat(actor=actor, organisation=organisation, case=record.case, person=record)


@transaction.atomic
def reveal_address(*, actor: Any, organisation: Organisation, person: Person, reason: str) -> None:
    """Record that the actor is shown a protected address, and why."""
    if not reason.strip():
        raise CaseRuleError(_("Give the reason for seeing the protected address."))
    _audit(
        actor=actor,
        organisation=organisation,
        action="cases.address.revealed",
        case=person.case,
        target=person,
        detail={"reason": reason.strip()},
    )


# --- referral and participation ----------------------------------------------------------


@transaction.atomic
def refer_case(
    *,
    actor: Any,
    organisation: Organisation,
    partnership: Partnership,
    source: str,
    reason: str,
    referred_on: dt.date,
    person: PersonData,
) -> Case:
    """Refer a case to a partnership. The referring organisation must be a member of the
    partnership on the referral date and today, and takes part in the case from the
    start."""
    _require_content_role(actor, organisation)
    day = today()
    if referred_on > day:
        raise CaseRuleError(_("The referral date cannot be in the future."))
    members = PartnershipMember.objects.filter(partnership=partnership, organisation=organisation)
    if not members.active_on(referred_on).exists() or not members.active_on(day).exists():
        raise CaseRuleError(
            _("Your organisation was not a member of this partnership on the referral date.")
        )
    if not reason.strip():
        raise CaseRuleError(_("Describe the reason for the referral."))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    partnership=partnership,
                    reference=_new_reference(referred_on),
                    source=source,
                    reason=reason.strip(),
                    referred_on=referred_on,
                    referring_organisation=organisation,
                    referred_by=actor,
                )
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - five random collisions in a row
        raise CaseRuleError(_("Could not create a case reference; please try again."))
    CaseParticipant.objects.create(
        case=case,
        organisation=organisation,
        added_on=referred_on,
        added_by=actor,
        reason=str(_("Referring organisation")),
    )
    _audit(
        actor=actor,
        organisation=organisation,
        action="cases.case.referred",
        case=case,
        detail={"partnership": str(partnership.pk), "source": source},
    )
    _create_person(actor=actor, organisation=organisation, case=case, data=person)
    return case


@transaction.atomic
def add_participant(
    *, actor: Any, organisation: Organisation, case: Case, participant: Organisation, reason: str
) -> CaseParticipant:
    """Share the case with another member organisation of its partnership."""
    day = today()
    if not reason.strip():
        raise CaseRuleError(_("Give the reason for sharing the case with this organisation."))
    if (
        not PartnershipMember.objects.active_on(day)
        .filter(partnership=case.partnership_id, organisation=participant)
        .exists()
    ):
        raise CaseRuleError(_("Only current members of the partnership can take part."))
    if CaseParticipant.objects.filter(
        case=case, organisation=participant, removed_on__isnull=True
    ).exists():
        raise CaseRuleError(_("This organisation already takes part in the case."))
    row = CaseParticipant.objects.create(
        case=case, organisation=participant, added_on=day, added_by=actor, reason=reason.strip()
    )
    _audit(
        actor=actor,
        organisation=organisation,
        action="cases.participant.added",
        case=case,
        target=row,
        detail={"participant": str(participant.pk), "participant_name": participant.name},
    )
    if participant.pk == organisation.pk:
        # A conference coordinator opening a case's content to her own organisation:
        # allowed with the recorded reason, and flagged to the data protection officers
        # (this organisation's on the audit trail; the case's in "who has seen this case").
        _audit(
            actor=actor,
            organisation=organisation,
            action=OWN_ORGANISATION_ADDED_ACTION,
            case=case,
            target=row,
            detail={"participant": str(participant.pk), "reason": reason.strip()},
        )
    return row


@transaction.atomic
def remove_participant(
    *,
    actor: Any,
    organisation: Organisation,
    case: Case,
    participation: CaseParticipant,
    reason: str,
) -> None:
    """End an organisation's part in a case from today (its history stays)."""
    if participation.case_id != case.pk or participation.removed_on is not None:
        raise CaseRuleError(_("This organisation does not take part in the case."))
    if participation.organisation_id == case.referring_organisation_id:
        raise CaseRuleError(_("The referring organisation cannot be removed."))
    if not reason.strip():
        raise CaseRuleError(_("Give the reason for removing the organisation."))
    day = today()
    participation.removed_on = max(day, participation.added_on)
    participation.save(update_fields=["removed_on", "updated_at"])
    _audit(
        actor=actor,
        organisation=organisation,
        action="cases.participant.removed",
        case=case,
        target=participation,
        detail={"participant": str(participation.organisation_id), "reason": reason},
    )


@transaction.atomic
def transition_case(
    *, actor: Any, organisation: Organisation, case: Case, to_state: str, note: str = ""
) -> Case:
    grant: CaseGrant = case.grant
    if to_state not in allowed_transitions(case, grant):
        raise CaseRuleError(_("The case cannot move to that state from where it is now."))
    if to_state == CaseState.CLOSED and not note.strip():
        raise CaseRuleError(_("Write a short note on why the case is closed."))
    from_state = case.state
    case.state = to_state
    if to_state == CaseState.CLOSED:
        case.closed_on = today()
    elif to_state == CaseState.REOPENED:
        case.closed_on = None
    case.save(update_fields=["state", "closed_on", "updated_at"])
    StateChange.objects.create(
        case=case,
        from_state=from_state,
        to_state=to_state,
        changed_by=actor,
        organisation=organisation,
        note=note.strip(),
    )
    _audit(
        actor=actor,
        organisation=organisation,
        action="cases.case.state_changed",
        case=case,
        detail={"from": from_state, "to": to_state},
    )
    return case


# --- information items, shares and consent ---------------------------------------------


@dataclass
class ShareData:
    scope: str
    legal_basis: str
    purpose: str
    recipients: list[Organisation]
    statutory_basis: str = ""
    consent: Consent | None = None
    expires_on: dt.date | None = None


def _create_share(
    *, actor: Any, organisation: Organisation, item: InformationItem, data: ShareData
) -> Share:
    case = item.case
    if item.author_organisation_id != organisation.pk:
        raise CaseRuleError(_("Only the organisation that wrote the information can share it."))
    if not data.purpose.strip():
        raise CaseRuleError(_("State the purpose of sharing."))
    if data.expires_on is not None and data.expires_on < today():
        raise CaseRuleError(_("The expiry date has already passed."))
    if data.legal_basis == LegalBasis.CONSENT:
        if data.consent is None:
            raise CaseRuleError(_("Choose the consent this sharing is based on."))
        if data.consent.person.case_id != case.pk:
            raise CaseRuleError(_("The consent must be given by a person in this case."))
        if data.consent.is_withdrawn:
            raise CaseRuleError(_("That consent has been withdrawn."))
    elif data.consent is not None:
        raise CaseRuleError(_("A consent can only be linked when the legal basis is consent."))
    if data.legal_basis == LegalBasis.OTHER_STATUTORY and not data.statutory_basis.strip():
        raise CaseRuleError(_("Name the statutory basis."))
    recipients = list(data.recipients)
    if data.scope == ShareScope.NAMED:
        if not recipients:
            raise CaseRuleError(_("Choose at least one recipient organisation."))
        participating = set(
            CaseParticipant.objects.filter(case=case, removed_on__isnull=True).values_list(
                "organisation_id", flat=True
            )
        )
        if any(r.pk not in participating or r.pk == organisation.pk for r in recipients):
            raise CaseRuleError(
                _("Recipients must be other organisations that take part in the case.")
            )
    else:
        recipients = []
    share = Share.objects.create(
        item=item,
        scope=data.scope,
        legal_basis=data.legal_basis,
        statutory_basis=data.statutory_basis.strip(),
        consent=data.consent,
        purpose=data.purpose.strip(),
        expires_on=data.expires_on,
        shared_by=actor,
        organisation=organisation,
    )
    share.recipients.set(recipients)
    _audit(
        actor=actor,
        organisation=organisation,
        action="cases.share.created",
        case=case,
        target=share,
        detail={
            "item": str(item.pk),
            "scope": data.scope,
            "legal_basis": data.legal_basis,
            "statutory_basis": data.statutory_basis,
            "consent": str(data.consent.pk) if data.consent else None,
            "recipients": [str(r.pk) for r in recipients],
            "expires_on": data.expires_on,
        },
    )
    return share


@transaction.atomic
def share_item(
    *, actor: Any, organisation: Organisation, item: InformationItem, data: ShareData
) -> Share:
    _require_content_role(actor, organisation)
    return _create_share(actor=actor, organisation=organisation, item=item, data=data)


@transaction.atomic
def add_note(
    *,
    actor: Any,
    organisation: Organisation,
    case: Case,
    title: str,
    body: str,
    share: ShareData | None = None,
) -> InformationItem:
    _require_content_role(actor, organisation)
    if not title.strip() or not body.strip():
        raise CaseRuleError(_("A note needs a title and a text."))
    item = InformationItem.objects.create(
        case=case,
        kind=ItemKind.NOTE,
        title=title.strip(),
        body=body.strip(),
        author=actor,
        author_organisation=organisation,
    )
    _audit(
        actor=actor,
        organisation=organisation,
        action="cases.item.created",
        case=case,
        target=item,
        detail={"kind": item.kind},
    )
    if share is not None:
        _create_share(actor=actor, organisation=organisation, item=item, data=share)
    return item


# Accepted upload types: extension → (content type, leading bytes that must match).
UPLOAD_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain", (b"",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
}


def case_file_dir() -> Path:
    """Uploaded case files live outside static and media URL space; the only way to read
    one is the access-checked, audited download view."""
    configured = getattr(settings, "SAMVERN_CASE_FILES_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "case-files"


def check_upload(upload: UploadedFile) -> tuple[str, str]:
    """Return (extension, content type) or raise CaseRuleError naming the problem."""
    limit = settings.SAMVERN_UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise CaseRuleError(
            _("The file is too large: the limit is %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        )
    if upload.size == 0:
        raise CaseRuleError(_("The file is empty."))
    extension = Path(upload.name or "").suffix.lower()
    if extension not in UPLOAD_TYPES:
        raise CaseRuleError(
            _("Only PDF, PNG, JPEG, plain text and Word (DOCX) files are accepted.")
        )
    content_type, signatures = UPLOAD_TYPES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension == ".txt":
        if b"\x00" in head:
            raise CaseRuleError(_("The file content does not match its type."))
    elif not any(head.startswith(signature) for signature in signatures):
        raise CaseRuleError(_("The file content does not match its type."))
    return extension, content_type


@transaction.atomic
def upload_document(
    *,
    actor: Any,
    organisation: Organisation,
    case: Case,
    title: str,
    upload: UploadedFile,
    share: ShareData | None = None,
) -> InformationItem:
    _require_content_role(actor, organisation)
    if not title.strip():
        raise CaseRuleError(_("Give the document a title."))
    extension, content_type = check_upload(upload)
    directory = case_file_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored_name = f"{uuid.uuid4().hex}{extension}"
    digest = hashlib.sha256()
    path = directory / stored_name
    with path.open("xb") as target:
        for chunk in upload.chunks():
            digest.update(chunk)
            target.write(chunk)
    path.chmod(0o600)
    item = InformationItem.objects.create(
        case=case,
        kind=ItemKind.DOCUMENT,
        title=title.strip(),
        author=actor,
        author_organisation=organisation,
        file_name=stored_name,
        file_original_name=Path(upload.name or "document").name[:255],
        file_content_type=content_type,
        file_size=upload.size,
        file_sha256=digest.hexdigest(),
    )
    _audit(
        actor=actor,
        organisation=organisation,
        action="cases.document.uploaded",
        case=case,
        target=item,
        detail={"size": upload.size, "content_type": content_type},
    )
    if share is not None:
        _create_share(actor=actor, organisation=organisation, item=item, data=share)
    return item


@transaction.atomic
def record_consent(
    *, actor: Any, organisation: Organisation, person: Person, scope: str, given_on: dt.date
) -> Consent:
    _require_content_role(actor, organisation)
    if not scope.strip():
        raise CaseRuleError(_("Describe what the consent covers."))
    if given_on > today():
        raise CaseRuleError(_("The consent date cannot be in the future."))
    consent = Consent.objects.create(
        person=person,
        scope=scope.strip(),
        given_on=given_on,
        recorded_by=actor,
        organisation=organisation,
    )
    _audit(
        actor=actor,
        organisation=organisation,
        action="cases.consent.recorded",
        case=person.case,
        target=consent,
        detail={"person": str(person.pk)},
    )
    return consent


@transaction.atomic
def withdraw_consent(
    *, actor: Any, organisation: Organisation, consent: Consent, reason: str = ""
) -> list[Share]:
    """Withdraw a consent. From this moment every share based on it stops giving access
    to its recipients (the author organisation keeps its own information); shares on
    other legal bases are unaffected. Returns the shares that stopped.

    The organisation that recorded the consent withdraws it at will; another organisation
    taking part (the person may tell any of them) only with a reason, which is recorded
    and flagged to the data protection officers."""
    _require_content_role(actor, organisation)
    if consent.is_withdrawn:
        raise CaseRuleError(_("This consent has already been withdrawn."))
    recorded_elsewhere = consent.organisation_id != organisation.pk
    if recorded_elsewhere and not reason.strip():
        raise CaseRuleError(
            _(
                "Another organisation recorded this consent: give the reason for "
                "withdrawing it, for example when and how the person withdrew it."
            )
        )
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    case = consent.person.case
    stopped = list(consent.shares.filter(revoked_at__isnull=True).select_related("item"))
    _audit(
        actor=actor,
        organisation=organisation,
        action="cases.consent.withdrawn",
        case=case,
        target=consent,
        detail={
            "person": str(consent.person_id),
            "shares_stopped": [str(s.pk) for s in stopped],
            **({"reason": reason.strip()} if reason.strip() else {}),
        },
    )
    if recorded_elsewhere:
        _audit(
            actor=actor,
            organisation=organisation,
            action=CONSENT_WITHDRAWN_FOR_OTHER_ACTION,
            case=case,
            target=consent,
            detail={
                "recorded_by_organisation": str(consent.organisation_id),
                "reason": reason.strip(),
            },
        )
    for share in stopped:
        _audit(
            actor=actor,
            organisation=organisation,
            action="cases.share.stopped",
            case=case,
            target=share,
            detail={"item": str(share.item_id), "cause": "consent_withdrawn"},
        )
    return stopped


@transaction.atomic
def record_assessment(
    *,
    actor: Any,
    organisation: Organisation,
    case: Case,
    person: Person | None,
    instrument_key: str,
    instrument_version: str,
    answers: dict[str, Any],
    score: Any,
    band: str,
    override_band: str = "",
    override_reason: str = "",
    qualifies: bool = False,
    qualification_reasons: list[str] | None = None,
    title: str = "",
    share: ShareData | None = None,
) -> Assessment:
    """Store an assessment already scored by the risk engine, as an information item of
    the assessor's organisation, and update the case's risk band."""
    _require_content_role(actor, organisation)
    if override_band and not override_reason.strip():
        raise CaseRuleError(_("Give the reason for the professional judgement."))
    if person is not None and person.case_id != case.pk:
        raise CaseRuleError(_("The person assessed must be in this case."))
    item = InformationItem.objects.create(
        case=case,
        kind=ItemKind.ASSESSMENT,
        title=title or instrument_key,
        author=actor,
        author_organisation=organisation,
    )
    assessment = Assessment.objects.create(
        item=item,
        case=case,
        person=person,
        instrument_key=instrument_key,
        instrument_version=str(instrument_version),
        answers=answers,
        score=score,
        band=band,
        override_band=override_band,
        override_reason=override_reason.strip(),
        qualifies_for_conference=qualifies,
        qualification_reasons=[str(r) for r in (qualification_reasons or [])],
        assessor=actor,
        organisation=organisation,
        assessed_at=timezone.now(),
    )
    case.risk_band = assessment.effective_band
    case.save(update_fields=["risk_band", "updated_at"])
    _audit(
        actor=actor,
        organisation=organisation,
        action="cases.assessment.recorded",
        case=case,
        target=assessment,
        detail={
            "instrument": instrument_key,
            "version": str(instrument_version),
            "band": band,
            "override_band": override_band,
        },
    )
    if share is not None:
        _create_share(actor=actor, organisation=organisation, item=item, data=share)
    return assessment


def role_may_refer(roles: frozenset[str]) -> bool:
    return Role.CASE_WORKER in roles or Role.CONFERENCE_COORDINATOR in roles


@transaction.atomic
def record_read_list(
    *, actor: Any, organisation: Organisation, case_ids: list[Any], tab: str
) -> None:
    """One event for a list page, naming the cases shown on it."""
    audit_log(
        actor=actor,
        action="cases.case_list.viewed",
        organisation=organisation,
        target_type="cases.case",
        detail={"tab": tab, "cases": [str(pk) for pk in case_ids]},
    )
