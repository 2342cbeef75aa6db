"""Writes for agreements: keyword-only, atomic, audited.

Callers fetch the partnership and document through `access.py`; the services check the
rules again that a forged request could skip (who may sign, that only a draft can be put
in force, that only level-3 measures are linked) and raise ValidationError with a
translated message, leaving everything unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Membership, Organisation, User
from samvern.agreements import access
from samvern.agreements.models import (
    Document,
    DocumentKind,
    DocumentVersion,
    SignOff,
    VersionStatus,
)
from samvern.audit.services import audit_log
from samvern.partnerships.models import Partnership, PartnershipMember
from samvern.plans.models import Measure, MeasureLevel

TITLE_MAX = Document._meta.get_field("title").max_length or 300


def _clean_title(title: str) -> str:
    cleaned = " ".join((title or "").split())
    if not cleaned:
        raise ValidationError(_("A document needs a title."), code="title_required")
    if len(cleaned) > TITLE_MAX:
        raise ValidationError(
            _("The title can be at most %(limit)d characters.") % {"limit": TITLE_MAX},
            code="title_too_long",
        )
    return cleaned


def _clean_text(text: str) -> str:
    cleaned = (text or "").replace("\r\n", "\n").strip()
    if not cleaned:
        raise ValidationError(_("The text cannot be empty."), code="text_required")
    return cleaned


def _check_owner(
    partnership: Partnership, organisation: Organisation, person: User | None, *, on: dt.date
) -> None:
    if (
        not PartnershipMember.objects.active_on(on)
        .filter(partnership=partnership, organisation=organisation)
        .exists()
    ):
        raise ValidationError(
            _("The owner must be a member organisation of the partnership."), code="owner_org"
        )
    if person is not None and not (
        Membership.objects.current().filter(user=person, organisation=organisation).exists()
    ):
        raise ValidationError(
            _("The owner person must work in the owner organisation."), code="owner_person"
        )


@transaction.atomic
def create_document(
    *,
    actor: Actor,
    partnership: Partnership,
    kind: str,
    title: str,
    owner_organisation: Organisation,
    owner_person: User | None,
    review_on: dt.date,
    text: str,
    on: dt.date,
) -> Document:
    """A new document with its first version as a draft."""
    if not access.can_create(actor, partnership):
        raise ValidationError(
            _("Only the partnership's coordinator can add documents."), code="not_allowed"
        )
    if kind not in DocumentKind.values:
        raise ValidationError(_("Choose a kind of document."), code="kind")
    _check_owner(partnership, owner_organisation, owner_person, on=on)
    document = Document.objects.create(
        partnership=partnership,
        kind=kind,
        title=_clean_title(title),
        owner_organisation=owner_organisation,
        owner_person=owner_person,
        review_on=review_on,
    )
    version = DocumentVersion.objects.create(
        document=document, number=1, text=_clean_text(text), written_by=actor.user
    )
    audit_log(
        actor=actor,
        action="agreements.document.created",
        target=document,
        organisation=actor.organisation,
        detail={
            "partnership": str(partnership.pk),
            "kind": kind,
            "title": document.title,
            "version": str(version.pk),
        },
    )
    return document


@transaction.atomic
def update_document(
    *,
    actor: Actor,
    document: Document,
    title: str,
    owner_organisation: Organisation,
    owner_person: User | None,
    review_on: dt.date,
    on: dt.date,
) -> Document:
    if not access.can_edit(actor, document):
        raise ValidationError(_("You cannot change this document."), code="not_allowed")
    _check_owner(document.partnership, owner_organisation, owner_person, on=on)
    locked = Document.objects.select_for_update().get(pk=document.pk)
    before = {
        "title": locked.title,
        "owner_organisation": str(locked.owner_organisation_id),
        "owner_person": str(locked.owner_person_id or ""),
        "review_on": locked.review_on,
    }
    locked.title = _clean_title(title)
    locked.owner_organisation = owner_organisation
    locked.owner_person = owner_person
    locked.review_on = review_on
    locked.save(
        update_fields=["title", "owner_organisation", "owner_person", "review_on", "updated_at"]
    )
    audit_log(
        actor=actor,
        action="agreements.document.updated",
        target=locked,
        organisation=actor.organisation,
        detail={
            "before": before,
            "after": {
                "title": locked.title,
                "owner_organisation": str(owner_organisation.pk),
                "owner_person": str(owner_person.pk if owner_person else ""),
                "review_on": review_on,
            },
        },
    )
    return locked


@transaction.atomic
def save_draft(
    *, actor: Actor, document: Document, text: str, change_note: str = ""
) -> DocumentVersion:
    """Write the document's draft: the existing draft is changed, or a new version is
    started after the latest one. A version in force is never edited."""
    if not access.can_edit(actor, document):
        raise ValidationError(_("You cannot change this document."), code="not_allowed")
    Document.objects.select_for_update().get(pk=document.pk)
    cleaned = _clean_text(text)
    note = " ".join((change_note or "").split())[:1000]
    draft = DocumentVersion.objects.filter(document=document, status=VersionStatus.DRAFT).first()
    if draft is None:
        latest = DocumentVersion.objects.filter(document=document).aggregate(n=Max("number"))["n"]
        draft = DocumentVersion.objects.create(
            document=document,
            number=(latest or 0) + 1,
            text=cleaned,
            change_note=note,
            written_by=actor.user,
        )
        started = True
    else:
        draft.text = cleaned
        draft.change_note = note
        draft.written_by = actor.user
        draft.save(update_fields=["text", "change_note", "written_by", "updated_at"])
        started = False
    audit_log(
        actor=actor,
        action="agreements.draft.saved",
        target=draft,
        organisation=actor.organisation,
        detail={"document": str(document.pk), "number": draft.number, "new": started},
    )
    return draft


@transaction.atomic
def put_in_force(*, actor: Actor, version: DocumentVersion, on: dt.date) -> DocumentVersion:
    """The draft becomes the version in force from `on`; the one before is replaced. Its
    sign-offs stay with it: every partner signs the new version afresh."""
    document = version.document
    if not access.can_edit(actor, document):
        raise ValidationError(_("You cannot change this document."), code="not_allowed")
    Document.objects.select_for_update().get(pk=document.pk)
    version = DocumentVersion.objects.get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be put in force."), code="not_draft")
    previous = DocumentVersion.objects.filter(
        document=document, status=VersionStatus.IN_FORCE
    ).first()
    if previous is not None:
        if previous.in_force_from is not None and previous.in_force_from > on:
            raise ValidationError(
                _("The version in force starts later than this day."), code="date_order"
            )
        previous.status = VersionStatus.REPLACED
        previous.replaced_on = on
        previous.save(update_fields=["status", "replaced_on", "updated_at"])
    version.status = VersionStatus.IN_FORCE
    version.in_force_from = on
    version.save(update_fields=["status", "in_force_from", "updated_at"])
    audit_log(
        actor=actor,
        action="agreements.version.put_in_force",
        target=version,
        organisation=actor.organisation,
        detail={
            "document": str(document.pk),
            "number": version.number,
            "in_force_from": on,
            "replaced": str(previous.pk) if previous else "",
        },
    )
    return version


@transaction.atomic
def sign_off(
    *, actor: Actor, version: DocumentVersion, organisation: Organisation, on: dt.date
) -> SignOff:
    """The organisation signs the version in force, by the actor, on `on`."""
    document = version.document
    partnership = document.partnership
    if not access.can_sign_for(actor, partnership, organisation, on=on):
        raise ValidationError(
            _("You cannot sign for this organisation in this partnership."), code="not_allowed"
        )
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.IN_FORCE:
        raise ValidationError(_("Only the version in force can be signed."), code="not_in_force")
    if SignOff.objects.filter(version=version, organisation=organisation).exists():
        raise ValidationError(
            _("This organisation has already signed this version."), code="already_signed"
        )
    membership = (
        Membership.objects.current().filter(user=actor.user, organisation=organisation).first()
    )
    assert actor.user is not None
    signoff = SignOff.objects.create(
        version=version,
        organisation=organisation,
        signed_by=actor.user,
        signed_on=on,
        signer_title=(membership.title if membership else "")[:200],
    )
    audit_log(
        actor=actor,
        action="agreements.signoff.recorded",
        target=signoff,
        organisation=organisation,
        detail={
            "document": str(document.pk),
            "version": version.number,
            "organisation_name": organisation.name,
            "signed_on": on,
        },
    )
    return signoff


def linkable_measures(partnership: Partnership) -> list[Measure]:
    """Measures on routines and procedures in the plans of the partnership's area."""
    municipalities = list(partnership.municipalities.values_list("pk", flat=True))
    return list(
        Measure.objects.filter(
            level=MeasureLevel.ROUTINES,
            version__plan__municipalities__in=municipalities,
        )
        .select_related("version__plan")
        .distinct()
        .order_by("version__plan__title", "version__number", "number")
    )


@transaction.atomic
def link_measures(*, actor: Actor, document: Document, measures: Iterable[Measure]) -> Document:
    if not access.can_edit(actor, document):
        raise ValidationError(_("You cannot change this document."), code="not_allowed")
    chosen = list(measures)
    if chosen and document.kind == DocumentKind.AGREEMENT:
        raise ValidationError(
            _("Only protocols and routines are linked to plan measures."), code="kind"
        )
    allowed = {m.pk for m in linkable_measures(document.partnership)}
    if any(m.pk not in allowed or m.level != MeasureLevel.ROUTINES for m in chosen):
        raise ValidationError(
            _(
                "Choose measures on routines and procedures from the plans of the "
                "partnership's area."
            ),
            code="measure",
        )
    before = sorted(str(pk) for pk in document.measures.values_list("pk", flat=True))
    document.measures.set(chosen)
    audit_log(
        actor=actor,
        action="agreements.measures.linked",
        target=document,
        organisation=actor.organisation,
        detail={"before": before, "after": sorted(str(m.pk) for m in chosen)},
    )
    return document
