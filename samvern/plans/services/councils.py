"""Each council on its own terms: a mandate per owning municipality, freezing the shared
text for adoption, a council's adoption of the text again after it was amended, and the
supersession of an earlier version for one municipality at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.places.models import Municipality
from samvern.plans.models import (
    ADOPTED_STATUSES,
    Adoption,
    CouncilMandate,
    PlanVersion,
    VersionStatus,
)
from samvern.plans.services.common import (
    CLOSED_STATUSES,
    apply_changes,
    audit_change,
    require_editor,
    set_status,
)
from samvern.plans.services.data import AdoptionData, CouncilMandateData


def _owner(version: PlanVersion, municipality: Municipality) -> None:
    if municipality not in version.plan.municipalities.all():
        raise ValidationError(_("Only an owning municipality can give the plan a mandate."))


@transaction.atomic
def save_council_mandate(
    *,
    actor: Actor,
    version: PlanVersion,
    municipality: Municipality,
    data: CouncilMandateData,
) -> CouncilMandate:
    """Record (or correct) one owning municipality's own mandate for the shared plan. It
    can be corrected until that municipality's council has adopted the version."""
    require_editor(actor, version.plan)
    _owner(version, municipality)
    if version.status in CLOSED_STATUSES:
        raise ValidationError(
            _("This version is %(status)s and can no longer be changed; revise it instead.")
            % {"status": version.get_status_display().lower()}
        )
    if Adoption.objects.filter(version=version, municipality=municipality).exists():
        raise ValidationError(
            _(
                "%(municipality)s has already adopted this version; its mandate is part "
                "of the record."
            )
            % {"municipality": municipality.name}
        )
    if not data.body.strip():
        raise ValidationError(_("Name the body that gave the mandate."))
    if data.decided_on > timezone.localdate():
        raise ValidationError(_("The date of decision cannot be in the future."))
    mandate = CouncilMandate.objects.filter(version=version, municipality=municipality).first()
    created = mandate is None
    if mandate is None:
        mandate = CouncilMandate(version=version, municipality=municipality)
    before = {name: getattr(mandate, name) for name in CouncilMandateData.field_names()}
    changed = apply_changes(mandate, data.as_fields())
    mandate.full_clean()
    mandate.save()
    audit_change(
        actor,
        "plans.council_mandate.created" if created else "plans.council_mandate.updated",
        mandate,
        version,
        municipality=municipality.code,
        fields=changed,
        **({} if created else {"old": {name: before[name] for name in changed if name != "text"}}),
    )
    return mandate


@transaction.atomic
def freeze_version(*, actor: Actor, version: PlanVersion) -> PlanVersion:
    """The coordinator freezes the shared text for adoption: no content changes until it
    is unfrozen, whichever councils have adopted it."""
    require_editor(actor, version.plan)
    version = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    if version.status in CLOSED_STATUSES:
        raise ValidationError(
            _("Only a version that is still being made or adopted can be frozen.")
        )
    if version.frozen_at is not None:
        raise ValidationError(_("The text is already frozen for adoption."))
    version.frozen_at = timezone.now()
    version.frozen_by = actor.user
    version.save(update_fields=["frozen_at", "frozen_by", "updated_at"])
    audit_change(actor, "plans.version.frozen", version, version, status=version.status)
    return version


@transaction.atomic
def unfreeze_version(*, actor: Actor, version: PlanVersion) -> PlanVersion:
    require_editor(actor, version.plan)
    version = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    if version.frozen_at is None:
        raise ValidationError(_("The text is not frozen."))
    if version.status in CLOSED_STATUSES:
        raise ValidationError(
            _("This version is %(status)s and can no longer be changed; revise it instead.")
            % {"status": version.get_status_display().lower()}
        )
    frozen_at = version.frozen_at
    version.frozen_at = None
    version.frozen_by = None
    version.save(update_fields=["frozen_at", "frozen_by", "updated_at"])
    audit_change(actor, "plans.version.unfrozen", version, version, frozen_at=frozen_at)
    return version


# Decision facts a re-adoption replaces (the follow-up is taken as in the first adoption).
READOPTION_FIELDS = (
    "body",
    "decided_on",
    "case_number",
    "decision_url",
    "period_start",
    "period_end",
    "reports_per_year",
    "midterm_evaluation_on",
    "final_evaluation_on",
    "evaluator",
)


def readopt(
    *, actor: Actor, adoption: Adoption, data: AdoptionData, follow_up: Mapping[str, object]
) -> Adoption:
    """The council adopts the amended text again: the adoption takes the new decision's
    facts and is current again; the audit event keeps the old ones. Called by
    `record_adoption` after its checks, in its transaction."""
    if adoption.amended_at is None:
        raise ValidationError(
            _("%(municipality)s has already adopted this version.")
            % {"municipality": adoption.municipality.name}
        )
    if data.decided_on < adoption.decided_on:
        raise ValidationError(
            _("The new decision cannot be older than the decision it replaces (%(date)s).")
            % {"date": adoption.decided_on}
        )
    values = {**data.as_fields(), **follow_up}
    old = {name: getattr(adoption, name) for name in READOPTION_FIELDS}
    amended_at = adoption.amended_at
    apply_changes(adoption, {name: values[name] for name in READOPTION_FIELDS})
    adoption.amended_at = None
    adoption.save()
    audit_change(
        actor,
        "plans.adoption.readopted",
        adoption,
        adoption.version,
        municipality=adoption.municipality.code,
        amended_at=amended_at,
        old=old,
        decided_on=adoption.decided_on,
    )
    return adoption


def supersede_for_municipality(
    *, actor: Actor, version: PlanVersion, municipality: Municipality, decided_on: dt.date
) -> None:
    """`municipality`'s council adopted `version`: its adoptions of earlier versions of the
    plan stop putting them in force for it from `decided_on`. An earlier version becomes
    superseded only once every municipality that had adopted it has adopted a later one;
    until then it stays in force for the others."""
    earlier = Adoption.objects.filter(
        version__plan_id=version.plan_id,
        version__number__lt=version.number,
        municipality=municipality,
        superseded_on__isnull=True,
    ).select_related("version")
    touched = []
    for adoption in earlier:
        adoption.superseded_on = decided_on
        adoption.save(update_fields=["superseded_on", "updated_at"])
        audit_change(
            actor,
            "plans.adoption.superseded",
            adoption,
            adoption.version,
            municipality=municipality.code,
            superseded_on=decided_on,
            by_version=str(version.pk),
        )
        touched.append(adoption.version)
    for old in touched:
        if old.status not in ADOPTED_STATUSES - {VersionStatus.SUPERSEDED}:
            continue
        if not old.adoptions.filter(superseded_on__isnull=True).exists():
            set_status(actor=actor, version=old, to=VersionStatus.SUPERSEDED)
