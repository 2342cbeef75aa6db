"""Recording protective measures, custody release dates and reassessment dates, and
reading them: every write and every read records one audit event naming its case (the
organisation lists name every case they show), in the caller's transaction.

Rules that need the database (the responsible organisation takes part in the case, the
person has the right role, dates in order) are checked here, so that the pages and the
API refuse the same things with the same messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation
from samvern.audit.services import audit_log
from samvern.cases.access import CaseAccess, PersonAccess
from samvern.cases.models import Assessment, Case, Person
from samvern.cases.services.common import CaseRuleError, audit_case_event, require_content_role
from samvern.protection.access import (
    PROTECTED_ROLES,
    RELEASE_ROLES,
    MeasureAccess,
    ReassessmentAccess,
    ReleaseAccess,
    responsible_choices,
)
from samvern.protection.models import (
    TYPES_BY_KIND,
    CustodyRelease,
    MeasureKind,
    PromptReason,
    ProtectiveMeasure,
    Reassessment,
    ReassessmentPrompt,
)
from samvern.risk import catalogue

MEASURE_ADDED = "protection.measure.added"
MEASURE_CHANGED = "protection.measure.changed"
MEASURE_ENDED = "protection.measure.ended"
MEASURE_VIEWED = "protection.measure.viewed"
MEASURES_VIEWED = "protection.measures.viewed"  # one case's or one person's measures
MEASURES_LISTED = "protection.measures.listed"  # the organisation's list
RELEASE_ADDED = "protection.release.added"
RELEASE_CHANGED = "protection.release.changed"
RELEASE_VIEWED = "protection.release.viewed"
RELEASES_LISTED = "protection.releases.listed"
REASSESSMENT_SCHEDULED = "protection.reassessment.scheduled"
REASSESSMENT_SET = "protection.reassessment.date_set"
REASSESSMENT_VIEWED = "protection.reassessment.viewed"
REASSESSMENTS_LISTED = "protection.reassessments.listed"
REASSESSMENT_PROMPTED = "protection.reassessment.prompted"
PANEL_VIEWED = "protection.case_panel.viewed"


@dataclass(frozen=True)
class MeasureData:
    kind: str
    measure_type: str
    starts_on: dt.date
    ends_on: dt.date | None
    responsible: Organisation
    conditions: str = ""
    note: str = ""


@dataclass(frozen=True)
class ReleaseData:
    release_on: dt.date
    source: str
    responsible: Organisation
    note: str = ""
    informed_on: dt.date | None = None


# --- measures ------------------------------------------------------------------------------


def _check_responsible(case: Case, responsible: Organisation) -> None:
    if responsible.pk not in {org.pk for org in responsible_choices(case)}:
        raise CaseRuleError(
            {"responsible": [_("The responsible organisation must take part in the case.")]}
        )


def _check_measure(data: MeasureData) -> None:
    errors: dict[str, list[str]] = {}
    types = TYPES_BY_KIND.get(data.kind, ())
    if data.kind not in MeasureKind.values:
        errors["kind"] = [_("Choose a kind of measure.")]
    elif types and data.measure_type not in types:
        errors["measure_type"] = [_("Choose the type that fits this measure.")]
    elif not types and data.measure_type:
        errors["measure_type"] = [_("This measure has no type; leave it empty.")]
    if data.ends_on is not None and data.ends_on < data.starts_on:
        errors["ends_on"] = [_("The end cannot be before the start.")]
    if data.conditions and data.kind not in (
        MeasureKind.RESTRAINING_ORDER,
        MeasureKind.REVERSE_ALARM,
    ):
        errors["conditions"] = [_("Conditions belong to a restraining order or reverse alarm.")]
    if errors:
        raise CaseRuleError(errors)


@transaction.atomic
def add_measure(*, actor: Actor, access: PersonAccess, data: MeasureData) -> ProtectiveMeasure:
    organisation = require_content_role(actor)
    if not access.grant.content or access.person.role not in PROTECTED_ROLES:
        raise CaseRuleError(_("A measure protects a person exposed or a child in the case."))
    _check_measure(data)
    _check_responsible(access.case, data.responsible)
    assert actor.user is not None
    measure = ProtectiveMeasure.objects.create(
        case=access.case,
        person=access.person,
        kind=data.kind,
        measure_type=data.measure_type,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        responsible=data.responsible,
        conditions=data.conditions,
        note=data.note,
        recorded_by=actor.user,
        organisation=organisation,
    )
    audit_case_event(
        actor=actor,
        action=MEASURE_ADDED,
        case=access.case,
        target=measure,
        detail={"kind": data.kind, "person": str(access.person.pk)},
    )
    return measure


@transaction.atomic
def change_measure(*, actor: Actor, access: MeasureAccess, data: MeasureData) -> ProtectiveMeasure:
    require_content_role(actor)
    if not access.may_change:
        raise CaseRuleError(_("Only the responsible organisation may change this measure."))
    measure = access.measure
    data = MeasureData(**{**data.__dict__, "kind": measure.kind})
    _check_measure(data)
    if data.responsible.pk != measure.responsible_id:
        _check_responsible(access.case, data.responsible)
    if (
        measure.ended_on is not None
        and data.ends_on is not None
        and measure.ended_on < data.starts_on
    ):
        raise CaseRuleError({"starts_on": [_("The start cannot be after the day it ended.")]})
    changed = [
        name
        for name in ("measure_type", "starts_on", "ends_on", "conditions", "note")
        if getattr(measure, name) != getattr(data, name)
    ]
    if data.responsible.pk != measure.responsible_id:
        changed.append("responsible")
    for name in ("measure_type", "starts_on", "ends_on", "responsible", "conditions", "note"):
        setattr(measure, name, getattr(data, name))
    measure.full_clean(exclude=["case", "person", "recorded_by", "organisation"])
    measure.save()
    audit_case_event(
        actor=actor,
        action=MEASURE_CHANGED,
        case=access.case,
        target=measure,
        detail={"fields": changed},
    )
    return measure


@transaction.atomic
def end_measure(
    *, actor: Actor, access: MeasureAccess, ended_on: dt.date, reason: str = ""
) -> ProtectiveMeasure:
    require_content_role(actor)
    measure = access.measure
    if not access.may_change:
        raise CaseRuleError(_("Only the responsible organisation may end this measure."))
    if ended_on < measure.starts_on:
        raise CaseRuleError({"ended_on": [_("A measure cannot end before it started.")]})
    measure.ended_on = ended_on
    measure.end_note = reason
    measure.save(update_fields=["ended_on", "end_note", "updated_at"])
    audit_case_event(
        actor=actor,
        action=MEASURE_ENDED,
        case=access.case,
        target=measure,
        detail={"ended_on": ended_on.isoformat()},
    )
    return measure


# --- custody release -----------------------------------------------------------------------


@transaction.atomic
def add_release(*, actor: Actor, access: PersonAccess, data: ReleaseData) -> CustodyRelease:
    organisation = require_content_role(actor)
    if not access.grant.content or access.person.role not in RELEASE_ROLES:
        raise CaseRuleError(_("A release date is recorded for the person using violence."))
    _check_responsible(access.case, data.responsible)
    assert actor.user is not None
    release = CustodyRelease.objects.create(
        case=access.case,
        person=access.person,
        release_on=data.release_on,
        source=data.source,
        responsible=data.responsible,
        note=data.note,
        informed_on=data.informed_on,
        recorded_by=actor.user,
        organisation=organisation,
    )
    audit_case_event(
        actor=actor,
        action=RELEASE_ADDED,
        case=access.case,
        target=release,
        detail={"person": str(access.person.pk)},
    )
    return release


@transaction.atomic
def change_release(*, actor: Actor, access: ReleaseAccess, data: ReleaseData) -> CustodyRelease:
    require_content_role(actor)
    if not access.may_change:
        raise CaseRuleError(_("Only the responsible organisation may change this date."))
    release = access.release
    if data.responsible.pk != release.responsible_id:
        _check_responsible(access.case, data.responsible)
    changed = [
        name
        for name in ("release_on", "source", "note", "informed_on")
        if getattr(release, name) != getattr(data, name)
    ]
    for name in ("release_on", "source", "note", "informed_on", "responsible"):
        setattr(release, name, getattr(data, name))
    release.save()
    audit_case_event(
        actor=actor,
        action=RELEASE_CHANGED,
        case=access.case,
        target=release,
        detail={"fields": changed},
    )
    return release


# --- reassessment --------------------------------------------------------------------------


def default_days(assessment: Assessment) -> int | None:
    """The instrument's default days to reassessment for the assessment's band (the
    professional-judgement band when there is one); None when the instrument or band is
    not known, or sets none."""
    try:
        instrument = catalogue.get_instrument(
            assessment.instrument_key, assessment.instrument_version
        )
    except catalogue.InstrumentNotFound:
        return None
    band = assessment.effective_band
    if not instrument.has_band(band):
        return None
    return instrument.band(band).reassess_after_days


def default_due_on(assessment: Assessment) -> tuple[dt.date | None, int | None]:
    days = default_days(assessment)
    if days is None:
        return None, None
    return timezone.localdate(assessment.assessed_at) + dt.timedelta(days=days), days


@transaction.atomic
def schedule_reassessment(assessment: Assessment) -> Reassessment | None:
    """Give a new assessment its default reassessment date, and close the open
    reassessments of the same person in the case (this assessment is their reassessment).
    Called when an assessment is stored (`receivers`); idempotent."""
    same_person = (
        Q(assessment__person__isnull=True)
        if assessment.person_id is None
        else Q(assessment__person_id=assessment.person_id)
    )
    open_ones = Reassessment.objects.filter(
        same_person,
        case_id=assessment.case_id,
        assessment__instrument_key=assessment.instrument_key,
        closed_at__isnull=True,
        assessment__assessed_at__lt=assessment.assessed_at,
    ).exclude(assessment=assessment)
    now = timezone.now()
    open_ones.update(closed_by=assessment, closed_at=now, updated_at=now)
    ReassessmentPrompt.objects.filter(
        case_id=assessment.case_id,
        resolved_at__isnull=True,
        created_at__lte=assessment.created_at,
    ).update(resolved_by=assessment, resolved_at=now, updated_at=now)
    if Reassessment.objects.filter(assessment=assessment).exists():
        return None
    due_on, days = default_due_on(assessment)
    if due_on is None:
        return None
    reassessment = Reassessment.objects.create(
        assessment=assessment,
        case_id=assessment.case_id,
        organisation_id=assessment.organisation_id,
        due_on=due_on,
        default_days=days,
    )
    audit_log(
        actor=assessment.assessor,
        action=REASSESSMENT_SCHEDULED,
        target=reassessment,
        organisation=assessment.organisation,
        detail={
            "case": str(assessment.case_id),
            "due_on": due_on.isoformat(),
            "days": days,
        },
    )
    return reassessment


@transaction.atomic
def set_reassessment_date(
    *, actor: Actor, access: ReassessmentAccess, due_on: dt.date
) -> Reassessment:
    require_content_role(actor)
    reassessment = access.reassessment
    if not access.may_change:
        raise CaseRuleError(_("Only the organisation that made the assessment sets this date."))
    assessed = timezone.localdate(reassessment.assessment.assessed_at)
    if due_on < assessed:
        raise CaseRuleError({"due_on": [_("The reassessment cannot be before the assessment.")]})
    if reassessment.closed_at is not None:
        raise CaseRuleError(_("This assessment has already been followed by a new one."))
    reassessment.due_on = due_on
    reassessment.set_by = actor.user
    reassessment.save(update_fields=["due_on", "set_by", "updated_at"])
    audit_case_event(
        actor=actor,
        action=REASSESSMENT_SET,
        case=access.case,
        target=reassessment,
        detail={"due_on": due_on.isoformat()},
    )
    return reassessment


@transaction.atomic
def prompt_reassessment(
    *, case: Case, reason: str, occurred_on: dt.date, source_type: str, source_id: str
) -> ReassessmentPrompt | None:
    """Record that something (a new incident, a repeat referral, a case brought back to a
    conference for a new incident) calls for assessing the risk in `case` again now. The
    same source prompts once. The public hook for apps above this one."""
    if reason not in PromptReason.values:
        raise ValueError(reason)
    prompt, created = ReassessmentPrompt.objects.get_or_create(
        case=case,
        source_type=source_type,
        source_id=source_id,
        defaults={"reason": reason, "occurred_on": occurred_on},
    )
    if not created:
        return None
    audit_log(
        actor=None,
        action=REASSESSMENT_PROMPTED,
        target=prompt,
        detail={
            "case": str(case.pk),
            "reference": case.reference,
            "reason": reason,
            "occurred_on": occurred_on.isoformat(),
        },
    )
    return prompt


# --- reads ---------------------------------------------------------------------------------


def record_case_read(
    *, actor: Actor, access: CaseAccess, action: str, detail: dict[str, object] | None = None
) -> None:
    audit_case_event(actor=actor, action=action, case=access.case, detail=detail)


def record_list_read(
    *, actor: Actor, action: str, rows: Sequence[object], via: str = "page"
) -> None:
    """One event for an organisation list: the rows' ids and their cases."""
    audit_log(
        actor=actor,
        action=action,
        organisation=actor.organisation,
        detail={
            "via": via,
            "rows": [str(getattr(row, "pk", "")) for row in rows],
            "cases": sorted({str(getattr(row, "case_id", "")) for row in rows}),
        },
    )


def persons_of(case: Case, roles: frozenset[str]) -> list[Person]:
    return list(case.persons.filter(role__in=roles).order_by("role", "last_name", "first_name"))
