"""The registry of action plans made elsewhere: their facts, not their content.

A municipality that drafts its plan outside Samvern registers what the national overview
needs: the owning municipalities, the title and period, each council's adoption (body,
date, case number, link or uploaded decision), and whether the plan has been reported on
and evaluated. Plans made in Samvern are in the same tables and need no registration.

Who may write here: plan editors of an organisation serving one of the owning
municipalities (a 2024 municipality's editors may also register the historical plans of
its 2019 predecessors), and national analysts, who register on behalf of anyone (for
example from a survey). Every write is audited:
`plans.registry.registered`, `plans.registry.corrected`, `plans.registry.imported`.

Bulk import (CSV or XLSX) validates every row first and loads nothing unless every row is
valid; the report lists each bad row with all of its problems in the user's language.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samvern.accounts.actor import Actor
from samvern.accounts.models import Membership, Role
from samvern.audit.services import audit_log
from samvern.places.lifetime import Lifetime, lifetimes
from samvern.places.models import Municipality, StructureYear, Succession
from samvern.plans.access import editable_municipality_ids
from samvern.plans.models import (
    Adoption,
    Evaluation,
    EvaluationKind,
    Plan,
    PlanOrigin,
    PlanVersion,
    ReportingRound,
    RoundStatus,
    VersionStatus,
)

MAX_IMPORT_ROWS = 5000
REGISTERED_ROUND_TITLE = "Registered report"

# --- Who may register -------------------------------------------------------------------


def is_national_analyst(actor: Any) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return Membership.objects.current().filter(user=actor, role=Role.NATIONAL_ANALYST).exists()


def registrable_municipality_ids(actor: Any) -> set[int] | None:
    """Municipalities the actor may register plans for; None means every municipality."""
    if is_national_analyst(actor):
        return None
    # The plan layer takes an Actor; the registry is still given a user here.
    acting = actor if isinstance(actor, Actor) else Actor.load(actor)
    own = {int(pk) for pk in editable_municipality_ids(acting)}
    if not own:
        return set()
    linked = Succession.objects.filter(new_id__in=own).values_list("old_id", flat=True)
    linked_forward = Succession.objects.filter(old_id__in=own).values_list("new_id", flat=True)
    return own | set(linked) | set(linked_forward)


def can_use_registry(actor: Any) -> bool:
    allowed = registrable_municipality_ids(actor)
    return allowed is None or bool(allowed)


def _may_register(allowed: set[int] | None, municipalities: Iterable[Municipality]) -> bool:
    return allowed is None or any(m.pk in allowed for m in municipalities)


def registered_plans(*, actor: Any) -> Any:
    """Registered plans the actor may correct, newest first."""
    allowed = registrable_municipality_ids(actor)
    plans = Plan.objects.filter(origin=PlanOrigin.REGISTERED)
    if allowed is not None:
        plans = plans.filter(municipalities__in=allowed).distinct()
    return plans.prefetch_related("municipalities").order_by("-created_at")


def access_registered_plan(*, actor: Any, plan_id: Any) -> Plan:
    """A registered plan the actor may correct; Http404 when missing or not theirs."""
    try:
        plan = Plan.objects.prefetch_related("municipalities").get(
            pk=plan_id, origin=PlanOrigin.REGISTERED
        )
    except (Plan.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error
    if not _may_register(registrable_municipality_ids(actor), plan.municipalities.all()):
        raise Http404
    return plan


# --- The facts of one plan --------------------------------------------------------------


@dataclass(frozen=True)
class AdoptionFacts:
    municipality: Municipality
    body: str
    decided_on: dt.date
    case_number: str = ""
    decision_url: str = ""
    decision_document: UploadedFile | None = None
    period_start: dt.date | None = None  # the plan period unless the council chose another
    period_end: dt.date | None = None


@dataclass(frozen=True)
class PlanFacts:
    title: str
    municipalities: Sequence[Municipality]
    period_start: dt.date
    period_end: dt.date
    adoptions: Sequence[AdoptionFacts] = ()
    reported_on: dt.date | None = None
    evaluated_on: dt.date | None = None
    # When preparation of the plan began; the day of registration when not known.
    started_on: dt.date | None = None


class RegistryError(Exception):
    """The facts are not acceptable; `messages` says why, in the active language."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Overlap:
    """Another plan adopted for the same municipality covers part of the same period."""

    municipality: Municipality
    plan_title: str
    period_start: dt.date
    period_end: dt.date
    plan_id: Any = None  # None when the other plan is an earlier row of the same sheet

    def describe(self) -> str:
        return _(
            "%(name)s already has the plan “%(title)s” adopted for %(start)s–%(end)s, "
            "which overlaps this plan's period."
        ) % {
            "name": str(self.municipality),
            "title": self.plan_title,
            "start": date_format(self.period_start, "SHORT_DATE_FORMAT"),
            "end": date_format(self.period_end, "SHORT_DATE_FORMAT"),
        }

    def as_detail(self) -> dict[str, Any]:
        return {
            "municipality": f"{self.municipality.year}:{self.municipality.code}",
            "plan": str(self.plan_id) if self.plan_id else None,
            "period": [self.period_start, self.period_end],
        }


class OverlapNeedsReason(RegistryError):
    """The facts are acceptable, but the plan would overlap plans already in the registry:
    it is registered only when the user confirms it with a reason."""

    def __init__(self, overlaps: list[Overlap]) -> None:
        super().__init__([overlap.describe() for overlap in overlaps])
        self.overlaps = overlaps


def validate_facts(
    facts: PlanFacts,
    *,
    today: dt.date,
    existing: set[tuple[int, dt.date, dt.date]],
    lifetimes_by_id: dict[int, Lifetime] | None = None,
) -> list[str]:
    """Problems with the facts, each a translated sentence; empty when acceptable.

    `existing` holds (municipality id, period start, period end) of adoptions already in
    the registry, to catch the same adoption registered twice. `lifetimes_by_id` (looked
    up when not given) says when each adopting municipality existed in its structure.
    """
    problems: list[str] = []
    if lifetimes_by_id is None:
        lifetimes_by_id = lifetimes(a.municipality for a in facts.adoptions)
    if not facts.title.strip():
        problems.append(_("The plan needs a title."))
    if not facts.municipalities:
        problems.append(_("Name at least one owning municipality."))
    years = {m.year for m in facts.municipalities}
    if len(years) > 1:
        problems.append(_("All owning municipalities must belong to the same structure year."))
    if facts.period_end < facts.period_start:
        problems.append(
            _("The plan period ends (%(end)s) before it starts (%(start)s).")
            % {"end": date_format(facts.period_end), "start": date_format(facts.period_start)}
        )
    owners = {m.pk for m in facts.municipalities}
    seen: set[int] = set()
    for adoption in facts.adoptions:
        name = str(adoption.municipality)
        start = adoption.period_start or facts.period_start
        end = adoption.period_end or facts.period_end
        if adoption.municipality.pk not in owners:
            problems.append(
                _("%(name)s adopted the plan but is not one of its owners.") % {"name": name}
            )
        if adoption.municipality.pk in seen:
            problems.append(_("%(name)s has more than one adoption.") % {"name": name})
        seen.add(adoption.municipality.pk)
        if not adoption.body.strip():
            problems.append(_("Name the body that adopted the plan in %(name)s.") % {"name": name})
        if adoption.decided_on > today:
            problems.append(
                _("The adoption in %(name)s is dated in the future (%(date)s).")
                % {"name": name, "date": date_format(adoption.decided_on)}
            )
        problem = lifetime_problem(adoption, lifetimes_by_id.get(adoption.municipality.pk))
        if problem:
            problems.append(problem)
        if end < start:
            problems.append(
                _("The period adopted in %(name)s ends before it starts.") % {"name": name}
            )
        elif (
            start < facts.period_start
            or end > facts.period_end
            or adoption.decided_on > facts.period_end
        ):
            problems.append(
                _(
                    "The adoption in %(name)s (%(date)s, period %(start)s–%(end)s) lies "
                    "outside the plan period %(plan_start)s–%(plan_end)s."
                )
                % {
                    "name": name,
                    "date": date_format(adoption.decided_on),
                    "start": date_format(start),
                    "end": date_format(end),
                    "plan_start": date_format(facts.period_start),
                    "plan_end": date_format(facts.period_end),
                }
            )
        if (adoption.municipality.pk, start, end) in existing:
            problems.append(
                _("A plan for %(name)s with the period %(start)s–%(end)s is already registered.")
                % {"name": name, "start": date_format(start), "end": date_format(end)}
            )
        if adoption.decision_url:
            try:
                URLValidator(schemes=["http", "https"])(adoption.decision_url)
            except ValidationError:
                problems.append(
                    _("The link to the decision in %(name)s is not a web address.") % {"name": name}
                )
    for date, label in (
        (facts.reported_on, _("report")),
        (facts.evaluated_on, _("evaluation")),
        (facts.started_on, _("start of preparation")),
    ):
        if date is not None and date > today:
            problems.append(_("The date of the %(what)s is in the future.") % {"what": label})
    if facts.evaluated_on is not None and not facts.adoptions:
        problems.append(_("Only an adopted plan can have been evaluated."))
    return problems


def lifetime_problem(adoption: AdoptionFacts, lifetime: Lifetime | None) -> str:
    """Why the adopting council cannot have made the decision on its date, or ""."""
    if lifetime is None or lifetime.contains(adoption.decided_on):
        return ""
    values = {
        "name": str(adoption.municipality),
        "year": adoption.municipality.year,
        "date": date_format(adoption.decided_on),
        "start": date_format(lifetime.starts) if lifetime.starts else "",
        "end": date_format(lifetime.ends) if lifetime.ends else "",
    }
    if lifetime.ends is not None and adoption.decided_on > lifetime.ends:
        return (
            _(
                "%(name)s existed in the %(year)s structure only until %(end)s, so its "
                "council cannot have adopted a plan on %(date)s. Register a later decision "
                "under the municipality that made it, in the 2024 structure."
            )
            % values
        )
    return (
        _(
            "%(name)s exists in the %(year)s structure only from %(start)s, so its council "
            "cannot have adopted a plan on %(date)s. Register an earlier decision under the "
            "municipality that made it."
        )
        % values
    )


def _existing_adoptions(
    municipalities: Iterable[Municipality], exclude_plan: Plan | None = None
) -> set[tuple[int, dt.date, dt.date]]:
    adoptions = Adoption.objects.filter(municipality__in=list(municipalities))
    if exclude_plan is not None:
        adoptions = adoptions.exclude(version__plan=exclude_plan)
    return set(adoptions.values_list("municipality_id", "period_start", "period_end"))


def _adopted_periods(facts: PlanFacts) -> list[tuple[Municipality, dt.date, dt.date]]:
    return [
        (a.municipality, a.period_start or facts.period_start, a.period_end or facts.period_end)
        for a in facts.adoptions
    ]


def _adoption_records(
    municipalities: Iterable[Municipality], exclude_plan: Plan | None = None
) -> list[Overlap]:
    """The adoptions in the registry for these municipalities, as overlap candidates."""
    others = (
        Adoption.objects.filter(municipality__in=list(municipalities))
        .exclude(version__status=VersionStatus.WITHDRAWN)
        .select_related("version__plan", "municipality")
        .order_by("period_start")
    )
    if exclude_plan is not None:
        others = others.exclude(version__plan=exclude_plan)
    return [
        Overlap(
            municipality=other.municipality,
            plan_title=other.version.plan.title,
            period_start=other.period_start,
            period_end=other.period_end,
            plan_id=other.version.plan_id,
        )
        for other in others
    ]


def _overlapping(
    periods: Iterable[tuple[Municipality, dt.date, dt.date]], candidates: Iterable[Overlap]
) -> list[Overlap]:
    # The very same period is refused as a duplicate, not warned about.
    return [
        candidate
        for candidate in candidates
        for municipality, start, end in periods
        if candidate.municipality.pk == municipality.pk
        and candidate.period_start <= end
        and candidate.period_end >= start
        and (candidate.period_start, candidate.period_end) != (start, end)
    ]


def find_overlaps(facts: PlanFacts, exclude_plan: Plan | None = None) -> list[Overlap]:
    """Adoptions of other plans for the same municipalities whose period overlaps the
    period this plan is adopted for."""
    periods = _adopted_periods(facts)
    if not periods:
        return []
    return _overlapping(periods, _adoption_records([m for m, _s, _e in periods], exclude_plan))


def registering_organisation(actor: Any, municipalities: Iterable[Municipality]) -> Any:
    """The organisation a registration is made for: the actor's plan-editing organisation
    serving one of the municipalities (or a predecessor or successor), else the analyst's
    organisation. Shown on the public page, so never a person."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    ids = {m.pk for m in municipalities}
    linked = set(
        Succession.objects.filter(Q(old_id__in=ids) | Q(new_id__in=ids)).values_list(
            "old_id", "new_id"
        )
    )
    ids |= {pk for pair in linked for pk in pair}
    memberships = Membership.objects.current().filter(user=actor).select_related("organisation")
    editing = (
        memberships.filter(role=Role.PLAN_EDITOR, organisation__municipalities__in=ids)
        .order_by("organisation__name")
        .first()
    )
    if editing is not None:
        return editing.organisation
    analyst = memberships.filter(role=Role.NATIONAL_ANALYST).order_by("organisation__name").first()
    return analyst.organisation if analyst is not None else None


def _version_status(facts: PlanFacts) -> str:
    if facts.evaluated_on is not None:
        return VersionStatus.EVALUATED
    if facts.adoptions:
        return VersionStatus.ADOPTED
    return VersionStatus.DRAFTING


def _write_facts(plan: Plan, version: PlanVersion, facts: PlanFacts) -> None:
    """Make the stored facts of the plan's (single) version equal to `facts`."""
    plan.municipalities.set(facts.municipalities)
    by_municipality = {a.municipality_id: a for a in version.adoptions.all()}
    wanted = {a.municipality.pk: a for a in facts.adoptions}
    version.adoptions.exclude(municipality_id__in=list(wanted)).delete()
    for pk, item in wanted.items():
        adoption = by_municipality.get(pk) or Adoption(
            version=version, municipality=item.municipality
        )
        adoption.body = item.body.strip()
        adoption.decided_on = item.decided_on
        adoption.case_number = item.case_number.strip()
        adoption.decision_url = item.decision_url.strip()
        adoption.period_start = item.period_start or facts.period_start
        adoption.period_end = item.period_end or facts.period_end
        if item.decision_document is not None:
            adoption.decision_document.save(
                item.decision_document.name or "decision", item.decision_document, save=False
            )
        adoption.full_clean(exclude=["version", "municipality", "decision_document"])
        adoption.save()

    rounds = version.reporting_rounds.filter(title=REGISTERED_ROUND_TITLE)
    if facts.reported_on is None:
        rounds.delete()
    elif not rounds.update(due_date=facts.reported_on, closed_on=facts.reported_on):
        ReportingRound.objects.create(
            version=version,
            title=REGISTERED_ROUND_TITLE,
            due_date=facts.reported_on,
            closed_on=facts.reported_on,
            status=RoundStatus.CLOSED,
        )
    evaluations = version.evaluations.filter(kind=EvaluationKind.FINAL)
    if facts.evaluated_on is None:
        evaluations.delete()
    elif not evaluations.update(completed_on=facts.evaluated_on):
        Evaluation.objects.create(
            version=version, kind=EvaluationKind.FINAL, completed_on=facts.evaluated_on
        )


def _summary(facts: PlanFacts) -> dict[str, Any]:
    return {
        "title": facts.title,
        "municipalities": sorted(f"{m.year}:{m.code}" for m in facts.municipalities),
        "period": [facts.period_start, facts.period_end],
        "adoptions": [
            {
                "municipality": f"{a.municipality.year}:{a.municipality.code}",
                "body": a.body,
                "decided_on": a.decided_on,
                "case_number": a.case_number,
                "decision_url": a.decision_url,
                "period": [a.period_start or facts.period_start, a.period_end or facts.period_end],
                "document": bool(a.decision_document),
            }
            for a in sorted(facts.adoptions, key=lambda a: a.municipality.code)
        ],
        "reported_on": facts.reported_on,
        "evaluated_on": facts.evaluated_on,
    }


def facts_of(plan: Plan) -> PlanFacts:
    """The registered facts of a plan as currently stored (for correction forms)."""
    version = plan.versions.order_by("number").first()
    if version is None:
        raise Http404
    adoptions = [
        AdoptionFacts(
            municipality=a.municipality,
            body=a.body,
            decided_on=a.decided_on,
            case_number=a.case_number,
            decision_url=a.decision_url,
            period_start=a.period_start,
            period_end=a.period_end,
        )
        for a in version.adoptions.select_related("municipality").order_by("municipality__code")
    ]
    report = (
        version.reporting_rounds.filter(status=RoundStatus.CLOSED).order_by("-closed_on").first()
    )
    evaluation = version.evaluations.exclude(completed_on=None).order_by("-completed_on").first()
    return PlanFacts(
        title=plan.title,
        municipalities=list(plan.municipalities.order_by("code")),
        period_start=version.period_start or dt.date.min,
        period_end=version.period_end or dt.date.max,
        adoptions=adoptions,
        reported_on=(report.closed_on or report.due_date) if report else None,
        evaluated_on=evaluation.completed_on if evaluation else None,
    )


def _check(
    actor: Any,
    facts: PlanFacts,
    *,
    today: dt.date,
    overlap_reason: str,
    exclude_plan: Plan | None = None,
) -> list[Overlap]:
    """The overlaps the user has confirmed; raises RegistryError when the facts are not
    acceptable and OverlapNeedsReason when overlaps are not confirmed with a reason."""
    if not _may_register(registrable_municipality_ids(actor), facts.municipalities):
        raise RegistryError([_("You may not register plans for these municipalities.")])
    problems = validate_facts(
        facts,
        today=today,
        existing=_existing_adoptions(facts.municipalities, exclude_plan),
    )
    if problems:
        raise RegistryError(problems)
    overlaps = find_overlaps(facts, exclude_plan)
    if overlaps and not overlap_reason.strip():
        raise OverlapNeedsReason(overlaps)
    return overlaps


def _overlap_detail(overlaps: Sequence[Overlap], reason: str) -> dict[str, Any]:
    if not overlaps:
        return {}
    return {"overlaps": [o.as_detail() for o in overlaps], "overlap_reason": reason}


@transaction.atomic
def register_plan(
    *,
    actor: Any,
    facts: PlanFacts,
    today: dt.date | None = None,
    overlap_reason: str = "",
) -> Plan:
    """Register a plan made elsewhere. Raises RegistryError (nothing saved) when the facts
    are not acceptable or the actor may not register for the owning municipalities, and
    OverlapNeedsReason when another plan is adopted for one of its municipalities for part
    of the same period and no `overlap_reason` confirms that both apply.

    `today` is the day the facts are judged against (dates may not lie after it), the day
    of registration and the default start of preparation; the demo passes its own day."""
    today = today or timezone.localdate()
    overlaps = _check(actor, facts, today=today, overlap_reason=overlap_reason)
    reason = overlap_reason.strip() if overlaps else ""
    plan = Plan.objects.create(
        title=facts.title.strip(),
        origin=PlanOrigin.REGISTERED,
        registered_by=registering_organisation(actor, facts.municipalities),
        registered_on=today,
        overlap_reason=reason,
    )
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        title=plan.title,
        status=_version_status(facts),
        period_start=facts.period_start,
        period_end=facts.period_end,
        status_changed_at=timezone.now(),
        started_on=facts.started_on or today,
    )
    _write_facts(plan, version, facts)
    audit_log(
        actor=actor,
        action="plans.registry.registered",
        target=plan,
        detail={**_summary(facts), **_overlap_detail(overlaps, reason)},
    )
    return plan


@transaction.atomic
def correct_plan(
    *,
    actor: Any,
    plan: Plan,
    facts: PlanFacts,
    today: dt.date | None = None,
    overlap_reason: str = "",
) -> Plan:
    """Replace a registered plan's facts; the audit event keeps what they were before.
    Overlaps with other plans need a reason, as in register_plan()."""
    if plan.origin != PlanOrigin.REGISTERED:
        raise RegistryError([_("Only registered plans can be corrected here.")])
    overlaps = _check(
        actor,
        facts,
        today=today or timezone.localdate(),
        overlap_reason=overlap_reason,
        exclude_plan=plan,
    )
    reason = overlap_reason.strip() if overlaps else ""
    before = _summary(facts_of(plan))
    before_reason = plan.overlap_reason
    version = plan.versions.order_by("number").first()
    assert version is not None  # facts_of() raised otherwise
    plan.title = facts.title.strip()
    plan.overlap_reason = reason
    plan.save(update_fields=["title", "overlap_reason", "updated_at"])
    version.title = plan.title
    version.period_start = facts.period_start
    version.period_end = facts.period_end
    new_status = _version_status(facts)
    if new_status != version.status:
        version.status = new_status
        version.status_changed_at = timezone.now()
    version.save(
        update_fields=[
            "title",
            "period_start",
            "period_end",
            "status",
            "status_changed_at",
            "updated_at",
        ]
    )
    _write_facts(plan, version, facts)
    after = _summary(facts)
    audit_log(
        actor=actor,
        action="plans.registry.corrected",
        target=plan,
        detail={
            "before": before,
            "after": after,
            "changed": sorted(key for key in after if before.get(key) != after[key]),
            **_overlap_detail(overlaps, reason),
            **({"overlap_reason_before": before_reason} if before_reason != reason else {}),
        },
    )
    return plan


# --- Bulk import ------------------------------------------------------------------------

# Column keys, each with the header names accepted for it (English and Norwegian).
COLUMNS: dict[str, tuple[str, ...]] = {
    "plan": ("plan", "plan_key", "plannøkkel"),
    "title": ("title", "tittel"),
    "municipality": ("municipality", "municipality_code", "kommunenummer", "kommune"),
    "structure_year": ("structure_year", "strukturår", "struktur"),
    "period_start": ("period_start", "periode_fra", "fra"),
    "period_end": ("period_end", "periode_til", "til"),
    "body": ("body", "organ", "vedtaksorgan"),
    "decided_on": ("decided_on", "vedtaksdato", "vedtatt"),
    "case_number": ("case_number", "saksnummer"),
    "decision_url": ("decision_url", "lenke", "lenke_til_vedtak"),
    "reported_on": ("reported_on", "rapportert"),
    "evaluated_on": ("evaluated_on", "evaluert"),
}
REQUIRED_COLUMNS = ("title", "municipality", "period_start", "period_end")
COLUMN_HELP = {
    "plan": gettext_lazy(
        "Rows with the same key belong to one plan (one row per council of an "
        "inter-municipal plan). Leave empty when the plan has one owner."
    ),
    "title": gettext_lazy("Title of the plan."),
    "municipality": gettext_lazy("Municipality number, four digits (e.g. 4601)."),
    "structure_year": gettext_lazy(
        "2019 or 2024 (default 2024): the structure the number belongs to."
    ),
    "period_start": gettext_lazy("First day of the plan period (YYYY-MM-DD or DD.MM.YYYY)."),
    "period_end": gettext_lazy("Last day of the plan period."),
    "body": gettext_lazy(
        "Body that adopted the plan (e.g. the municipal council). Empty if not adopted."
    ),
    "decided_on": gettext_lazy("Date of the decision. Empty if not adopted."),
    "case_number": gettext_lazy("Case number of the decision (optional)."),
    "decision_url": gettext_lazy("Link to the decision (optional)."),
    "reported_on": gettext_lazy("Date of the last report on the plan (optional)."),
    "evaluated_on": gettext_lazy("Date the plan was evaluated (optional)."),
}


@dataclass
class RowProblem:
    row: int
    messages: list[str]


@dataclass
class ImportReport:
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    # Rows whose plan overlaps another plan of the same municipality: imported only when
    # the user confirms with a reason.
    overlaps: list[RowProblem] = field(default_factory=list)
    needs_overlap_reason: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.file_problems


class _ImportInvalid(Exception):
    pass


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_table(upload: Any, name: str) -> list[list[str]]:
    """Rows of cells as text, header first. Raises _ImportInvalid for unreadable files."""
    data = upload.read()
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise _ImportInvalid(_("The file could not be read as an Excel workbook.")) from error
        sheet = workbook.worksheets[0]
        rows = [[_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows
    if not name.lower().endswith(".csv"):
        raise _ImportInvalid(_("Upload a CSV or XLSX file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise _ImportInvalid(_("The file is not readable text (use UTF-8).")) from error
    first_line = text.splitlines()[0] if text else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [
        [cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]


_NB_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _parse_date(text: str) -> dt.date:
    match = _NB_DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return dt.date(year, month, day)
    return dt.date.fromisoformat(text[:10])


@dataclass
class _Row:
    number: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    municipality: Municipality | None = None
    dates: dict[str, dt.date | None] = field(default_factory=dict)


def _header_map(header: list[str]) -> dict[str, int]:
    positions = {}
    normalised = [cell.strip().lower().replace(" ", "_") for cell in header]
    for key, names in COLUMNS.items():
        for index, cell in enumerate(normalised):
            if cell in names:
                positions[key] = index
                break
    return positions


def _parse_rows(table: list[list[str]]) -> list[_Row]:
    if not table or not any(table[0]):
        raise _ImportInvalid(_("The file is empty."))
    positions = _header_map(table[0])
    missing = [key for key in REQUIRED_COLUMNS if key not in positions]
    if missing:
        raise _ImportInvalid(
            _("The file lacks these columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            key: (cells[index].strip() if index < len(cells) else "")
            for key, index in positions.items()
        }
        rows.append(_Row(number=number, values=values))
    if not rows:
        raise _ImportInvalid(_("The file has no rows below the header."))
    if len(rows) > MAX_IMPORT_ROWS:
        raise _ImportInvalid(
            _("The file has more than %(max)s rows; split it.") % {"max": MAX_IMPORT_ROWS}
        )
    return rows


def _check_row_fields(row: _Row, municipalities: dict[tuple[int, str], Municipality]) -> None:
    values = row.values
    labels = {
        "title": _("title"),
        "municipality": _("municipality number"),
        "period_start": _("period start"),
        "period_end": _("period end"),
        "decided_on": _("date of decision"),
        "reported_on": _("date of report"),
        "evaluated_on": _("date of evaluation"),
    }
    for key in REQUIRED_COLUMNS:
        if not values.get(key):
            row.problems.append(_("The %(column)s is missing.") % {"column": labels[key]})
    for key in ("period_start", "period_end", "decided_on", "reported_on", "evaluated_on"):
        text = values.get(key, "")
        if not text:
            row.dates[key] = None
            continue
        try:
            row.dates[key] = _parse_date(text)
        except ValueError:
            row.dates[key] = None
            row.problems.append(
                _("The %(column)s “%(value)s” is not a date (use YYYY-MM-DD or DD.MM.YYYY).")
                % {"column": labels[key], "value": text}
            )
    year_text = values.get("structure_year", "") or str(StructureYear.Y2024.value)
    try:
        year = int(year_text)
    except ValueError:
        year = 0
    if year not in (StructureYear.Y2019, StructureYear.Y2024):
        row.problems.append(
            _("The structure year “%(value)s” must be 2019 or 2024.") % {"value": year_text}
        )
        return
    code_text = values.get("municipality", "")
    if code_text:
        code = code_text.zfill(4) if code_text.isdigit() else code_text
        row.municipality = municipalities.get((year, code))
        if row.municipality is None:
            row.problems.append(
                _("Unknown municipality number “%(code)s” in the %(year)s structure.")
                % {"code": code_text, "year": year}
            )
    if bool(values.get("body")) != bool(values.get("decided_on")):
        row.problems.append(_("Give both the adopting body and the date of decision, or neither."))


def _group_facts(
    rows: list[_Row],
    *,
    allowed: set[int] | None,
    today: dt.date,
    existing: set[tuple[int, dt.date, dt.date]],
    seen: set[tuple[int, dt.date, dt.date]],
    lifetimes_by_id: dict[int, Lifetime],
) -> PlanFacts | None:
    """The plan made of the rows sharing one plan key; problems go onto the rows."""
    first = rows[0]
    for row in rows[1:]:
        if row.values.get("title", "").strip() != first.values.get("title", "").strip():
            row.problems.append(
                _("The title differs from row %(row)s of the same plan.") % {"row": first.number}
            )
    if any(row.problems for row in rows):
        return None
    municipalities: list[Municipality] = []
    adoptions: list[AdoptionFacts] = []
    for row in rows:
        assert row.municipality is not None
        start, end = row.dates["period_start"], row.dates["period_end"]
        assert start is not None and end is not None
        if row.municipality in municipalities:
            row.problems.append(
                _("%(name)s appears twice in the same plan.") % {"name": row.municipality}
            )
        municipalities.append(row.municipality)
        if allowed is not None and row.municipality.pk not in allowed:
            row.problems.append(
                _("You may not register plans for %(name)s.") % {"name": row.municipality}
            )
        decided_on = row.dates["decided_on"]
        key = (row.municipality.pk, start, end)
        if key in seen:
            row.problems.append(
                _(
                    "Duplicate: %(name)s with the period %(start)s–%(end)s appears earlier in the file."  # noqa: E501
                )
                % {"name": row.municipality, "start": date_format(start), "end": date_format(end)}
            )
        seen.add(key)
        if decided_on is not None:
            adoptions.append(
                AdoptionFacts(
                    municipality=row.municipality,
                    body=row.values.get("body", ""),
                    decided_on=decided_on,
                    case_number=row.values.get("case_number", ""),
                    decision_url=row.values.get("decision_url", ""),
                    period_start=start,
                    period_end=end,
                )
            )
        row_facts = PlanFacts(
            title=row.values["title"],
            municipalities=[row.municipality],
            period_start=start,
            period_end=end,
            adoptions=adoptions[-1:] if decided_on is not None else [],
            reported_on=row.dates.get("reported_on"),
            evaluated_on=row.dates.get("evaluated_on"),
        )
        row.problems.extend(
            validate_facts(
                row_facts, today=today, existing=existing, lifetimes_by_id=lifetimes_by_id
            )
        )
    if len({m.year for m in municipalities}) > 1:
        rows[-1].problems.append(
            _("All owning municipalities must belong to the same structure year.")
        )
    if any(row.problems for row in rows):
        return None
    starts = [row.dates["period_start"] for row in rows]
    ends = [row.dates["period_end"] for row in rows]
    return PlanFacts(
        title=first.values["title"].strip(),
        municipalities=municipalities,
        period_start=min(d for d in starts if d is not None),
        period_end=max(d for d in ends if d is not None),
        adoptions=adoptions,
        reported_on=next(
            (r.dates["reported_on"] for r in rows if r.dates.get("reported_on")), None
        ),
        evaluated_on=next(
            (r.dates["evaluated_on"] for r in rows if r.dates.get("evaluated_on")), None
        ),
    )


def check_import(
    *, actor: Any, upload: Any, filename: str, today: dt.date | None = None
) -> tuple[ImportReport, list[tuple[PlanFacts, list[Overlap]]]]:
    """Validate a whole sheet without writing anything: each plan with the overlaps it
    would make (with plans in the registry or earlier in the sheet)."""
    report = ImportReport()
    try:
        rows = _parse_rows(_read_table(upload, filename))
    except _ImportInvalid as error:
        report.file_problems.append(str(error))
        return report, []
    report.rows = len(rows)
    municipalities = {(m.year, m.code): m for m in Municipality.objects.select_related("county")}
    for row in rows:
        _check_row_fields(row, municipalities)
    allowed = registrable_municipality_ids(actor)
    if allowed is not None and not allowed:
        report.file_problems.append(_("You may not register plans."))
        return report, []
    named = [row.municipality for row in rows if row.municipality is not None]
    existing = _existing_adoptions(named)
    lifetimes_by_id = lifetimes(set(named))
    candidates = _adoption_records(set(named))
    groups: dict[str, list[_Row]] = {}
    for row in rows:
        key = row.values.get("plan", "").strip() or f"row-{row.number}"
        groups.setdefault(key, []).append(row)
    today = today or timezone.localdate()
    seen: set[tuple[int, dt.date, dt.date]] = set()
    plans = []
    overlaps_by_row: dict[int, list[str]] = {}
    for group in groups.values():
        facts = _group_facts(
            group,
            allowed=allowed,
            today=today,
            existing=existing,
            seen=seen,
            lifetimes_by_id=lifetimes_by_id,
        )
        if facts is None:
            continue
        periods = _adopted_periods(facts)
        overlaps = _overlapping(periods, candidates)
        for overlap in overlaps:
            row = next(r for r in group if r.municipality == overlap.municipality)
            overlaps_by_row.setdefault(row.number, []).append(overlap.describe())
        plans.append((facts, overlaps))
        candidates.extend(
            Overlap(municipality=m, plan_title=facts.title, period_start=start, period_end=end)
            for m, start, end in periods
        )
    report.problems = [RowProblem(row.number, row.problems) for row in rows if row.problems]
    report.overlaps = [RowProblem(n, messages) for n, messages in sorted(overlaps_by_row.items())]
    return report, plans


@transaction.atomic
def import_plans(
    *,
    actor: Any,
    upload: Any,
    filename: str,
    overlap_reason: str = "",
    today: dt.date | None = None,
) -> ImportReport:
    """Register every plan in a CSV/XLSX sheet, or nothing at all when any row is bad, or
    when plans overlap others of the same municipality and no `overlap_reason` confirms
    that they all apply (`report.needs_overlap_reason` then says so)."""
    today = today or timezone.localdate()
    report, plans = check_import(actor=actor, upload=upload, filename=filename, today=today)
    if not report.ok:
        return report
    reason = overlap_reason.strip()
    if report.overlaps and not reason:
        report.needs_overlap_reason = True
        return report
    organisations: dict[frozenset[int], Any] = {}
    confirmed = []
    for facts, overlaps in plans:
        owners = frozenset(m.pk for m in facts.municipalities)
        if owners not in organisations:
            organisations[owners] = registering_organisation(actor, facts.municipalities)
        plan = Plan.objects.create(
            title=facts.title,
            origin=PlanOrigin.REGISTERED,
            registered_by=organisations[owners],
            registered_on=today,
            overlap_reason=reason if overlaps else "",
        )
        if overlaps:
            confirmed.append({"plan": str(plan.pk), "overlaps": [o.as_detail() for o in overlaps]})
        version = PlanVersion.objects.create(
            plan=plan,
            number=1,
            title=plan.title,
            status=_version_status(facts),
            period_start=facts.period_start,
            period_end=facts.period_end,
            status_changed_at=timezone.now(),
            started_on=facts.started_on or today,
        )
        _write_facts(plan, version, facts)
        report.plans.append(plan)
    audit_log(
        actor=actor,
        action="plans.registry.imported",
        target_type="plans.plan",
        detail={
            "file": filename,
            "rows": report.rows,
            "plans": [str(plan.pk) for plan in report.plans],
            **({"overlaps": confirmed, "overlap_reason": reason} if confirmed else {}),
        },
    )
    return report


def template_csv() -> str:
    """An example sheet with every column, for people preparing an import."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(list(COLUMNS))
    writer.writerow(
        [
            "A",
            "Handlingsplan mot vold i nære relasjoner",
            "4601",
            "2024",
            "2023-01-01",
            "2026-12-31",
            "Bystyret",
            "2022-12-14",
            "2022/1234",
            "",
            "",
            "",
        ]
    )
    writer.writerow(
        [
            "B",
            "Interkommunal handlingsplan",
            "4627",
            "2024",
            "2022-01-01",
            "2025-12-31",
            "Kommunestyret",
            "2021-12-09",
            "21/555",
            "",
            "2023-02-01",
            "",
        ]
    )
    writer.writerow(
        [
            "B",
            "Interkommunal handlingsplan",
            "4626",
            "2024",
            "2022-01-01",
            "2025-12-31",
            "Kommunestyret",
            "2021-12-16",
            "21/777",
            "",
            "2023-02-01",
            "",
        ]
    )
    return out.getvalue()
