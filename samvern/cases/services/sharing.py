"""Information items and their sharing: notes, uploaded documents (checked and stored
outside URL space), and sharing an item beyond its author organisation on a recorded
legal basis."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation
from samvern.cases.access import today
from samvern.cases.models import (
    Case,
    CaseParticipant,
    Consent,
    InformationItem,
    ItemKind,
    LegalBasis,
    ReferralStatus,
    Share,
    ShareScope,
)
from samvern.cases.services.common import CaseRuleError, audit_case_event, require_content_role


@dataclass
class ShareData:
    scope: str
    legal_basis: str
    purpose: str
    recipients: list[Organisation]
    statutory_basis: str = ""
    consent: Consent | None = None
    expires_on: dt.date | None = None


def create_share(*, actor: Actor, item: InformationItem, data: ShareData) -> Share:
    """Share `item` (the caller has checked the actor's role)."""
    organisation = require_content_role(actor)
    assert actor.user is not None
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
            CaseParticipant.objects.filter(
                case=case, removed_on__isnull=True, status=ReferralStatus.ACCEPTED
            ).values_list("organisation_id", flat=True)
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
        shared_by=actor.user,
        organisation=organisation,
    )
    share.recipients.set(recipients)
    audit_case_event(
        actor=actor,
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
def share_item(*, actor: Actor, item: InformationItem, data: ShareData) -> Share:
    require_content_role(actor)
    return create_share(actor=actor, item=item, data=data)


@transaction.atomic
def add_note(
    *, actor: Actor, case: Case, title: str, body: str, share: ShareData | None = None
) -> InformationItem:
    organisation = require_content_role(actor)
    assert actor.user is not None
    if not title.strip() or not body.strip():
        raise CaseRuleError(_("A note needs a title and a text."))
    item = InformationItem.objects.create(
        case=case,
        kind=ItemKind.NOTE,
        title=title.strip(),
        body=body.strip(),
        author=actor.user,
        author_organisation=organisation,
    )
    audit_case_event(
        actor=actor,
        action="cases.item.created",
        case=case,
        target=item,
        detail={"kind": item.kind},
    )
    if share is not None:
        create_share(actor=actor, item=item, data=share)
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


def check_upload(upload: UploadedFile[bytes]) -> tuple[str, str]:
    """Return (extension, content type) or raise CaseRuleError naming the problem."""
    limit: int = settings.SAMVERN_UPLOAD_MAX_BYTES
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
    actor: Actor,
    case: Case,
    title: str,
    upload: UploadedFile[bytes],
    share: ShareData | None = None,
) -> InformationItem:
    organisation = require_content_role(actor)
    assert actor.user is not None
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
        author=actor.user,
        author_organisation=organisation,
        file_name=stored_name,
        file_original_name=Path(upload.name or "document").name[:255],
        file_content_type=content_type,
        file_size=upload.size,
        file_sha256=digest.hexdigest(),
    )
    audit_case_event(
        actor=actor,
        action="cases.document.uploaded",
        case=case,
        target=item,
        detail={"size": upload.size, "content_type": content_type},
    )
    if share is not None:
        create_share(actor=actor, item=item, data=share)
    return item
