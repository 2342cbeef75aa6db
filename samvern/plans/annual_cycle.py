"""A version's annual cycle ("årshjul"): the dates the plan is run by — status reports due,
evaluations, the end of the period and when the revision should start — and the dates of
its communication plan, as a list by month and as iCalendar (RFC 5545) for a calendar
program. The calendar text comes from `samvern.core.icalendar`, as the governance feeds'."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.core import icalendar
from samvern.core.links import site_url
from samvern.plans.models import Adoption, PlanVersion, VersionSettings

# A revision takes about a year: mandate, working group, consultation and the councils'
# decisions, so that the revised plan can be adopted before the period runs out.
REVISION_LEAD_YEARS = 1


@dataclass(frozen=True)
class CycleEntry:
    day: dt.date
    kind: str  # round, evaluation, period_end, revision, communication
    title: str
    detail: str
    url: str
    uid: str


@dataclass(frozen=True)
class CycleMonth:
    month: dt.date  # the first day of the month
    entries: list[CycleEntry]


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _page(name: str, version: PlanVersion, *extra: object) -> str:
    return reverse(f"plans:{name}", args=[version.plan_id, version.pk, *extra])


def annual_cycle(version: PlanVersion) -> list[CycleEntry]:
    """Every dated step of the version, in date order."""
    entries: list[CycleEntry] = []
    for round_ in version.reporting_rounds.all():
        entries.append(
            CycleEntry(
                round_.due_date,
                "round",
                _("Status reports due: %(round)s") % {"round": round_.title},
                "",
                _page("round", version, round_.pk),
                f"plans-round-{round_.pk}",
            )
        )
    plan_settings = VersionSettings.objects.filter(version=version).first()
    adoptions = list(Adoption.objects.filter(version=version).select_related("municipality"))
    evaluations = [
        ("midterm", _("Mid-term evaluation")),
        ("final", _("Final evaluation")),
    ]
    for kind, label in evaluations:
        shared = getattr(plan_settings, f"{kind}_evaluation_on", None) if plan_settings else None
        url = _page("evaluation", version, kind)
        if shared:
            entries.append(
                CycleEntry(shared, "evaluation", label, "", url, f"plans-{kind}-{version.pk}")
            )
        # A council that decided on its own date has its own entry.
        for adoption in adoptions:
            own = getattr(adoption, f"{kind}_evaluation_on")
            if own and own != shared:
                entries.append(
                    CycleEntry(
                        own,
                        "evaluation",
                        f"{label} ({adoption.municipality.name})",
                        "",
                        url,
                        f"plans-{kind}-{adoption.pk}",
                    )
                )
    period_end = version.period_end or max((a.period_end for a in adoptions), default=None)
    if period_end:
        entries.append(
            CycleEntry(
                period_end,
                "period_end",
                _("The plan period ends"),
                "",
                _page("version", version),
                f"plans-period-end-{version.pk}",
            )
        )
        entries.append(
            CycleEntry(
                _years_before(period_end, REVISION_LEAD_YEARS),
                "revision",
                _("Start the revision of the plan"),
                _("So that the revised plan can be adopted before the period ends."),
                _page("version", version),
                f"plans-revision-{version.pk}",
            )
        )
    for item in version.communication_items.all():
        if item.due_on is None:
            continue
        entries.append(
            CycleEntry(
                item.due_on,
                "communication",
                _("Inform: %(audience)s") % {"audience": item.audience},
                item.message,
                _page("communication", version),
                f"plans-communication-{item.pk}",
            )
        )
    return sorted(entries, key=lambda e: (e.day, e.title))


def by_month(entries: list[CycleEntry]) -> list[CycleMonth]:
    return [
        CycleMonth(month, list(items))
        for month, items in groupby(entries, key=lambda e: e.day.replace(day=1))
    ]


def _site_url(path: str) -> str:
    return site_url(path)


def calendar_text(version: PlanVersion, entries: list[CycleEntry], *, now: dt.datetime) -> str:
    """The annual cycle as an iCalendar file: one all-day event per entry, with a stable
    UID so that importing the file again updates the entries instead of doubling them."""
    events = [
        icalendar.CalendarEvent(
            uid=f"{entry.uid}@samvern",
            summary=f"{entry.title} · {version.title}",
            url=_site_url(entry.url),
            start=entry.day,
            end=entry.day + dt.timedelta(days=1),
            description=entry.detail,
        )
        for entry in entries
    ]
    return icalendar.render_calendar(
        events,
        now=now,
        name=_("Annual cycle: %(plan)s") % {"plan": version.title},
        prodid="-//Samvern//Plans annual cycle//NB",
    )
