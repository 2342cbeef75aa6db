"""The facts of one registered plan, and the rules they must meet (no database writes)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samvern.places.lifetime import Lifetime, lifetimes
from samvern.places.models import Municipality


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


class RegistryError(ValidationError):
    """The facts are not acceptable; `messages` says why, in the active language. A
    ValidationError, so that a form shows it with `attach_service_error`."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(list(messages))


@dataclass(frozen=True)
class Overlap:
    """Another plan adopted for the same municipality covers part of the same period."""

    municipality: Municipality
    plan_title: str
    period_start: dt.date
    period_end: dt.date
    plan_id: uuid.UUID | None = None  # None when the other plan is an earlier row of the same sheet

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

    def as_detail(self) -> dict[str, object]:
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
