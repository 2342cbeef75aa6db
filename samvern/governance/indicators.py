"""The partnership's own indicators for one year, computed for the day the year's figures
are taken (31 December, or today while the year is running; always given, never the clock).

Definitions (the annual report prints them):

- Meetings per body: meetings of each body dated in the year, by status (held, planned,
  cancelled). Bodies that existed at some point in the year.
- Attendance per organisation: of the held meetings in the year of the bodies the
  organisation was a member of on the meeting's day (advisory members included), the
  share it attended (someone present, or a substitute). An apology is not attendance.
- Commitments done by their due date: of the commitments with a due date in the year up
  to the day, the share marked done on or before the due date.
- Agreements signed and up to date: documents in force on the day, signed by every
  partner of that day and within their review date (agreements.selectors).
- Directory entries checked in the last six months (directory.selectors.checked_share).
- Training coverage per organisation: staff in the target roles trained in every
  required topic and not overdue for refresh (training.selectors.coverage).
- Partner survey: the year's closed round, questions under five answers suppressed.

The sections from other apps are read through their selectors. An app that is not there
(or not yet migrated) leaves its section marked as absent instead of failing the page.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Count, Q
from django.http import Http404

from samvern.accounts.models import Organisation
from samvern.governance.models import (
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    BodyMember,
    Commitment,
    CommitmentStatus,
    Meeting,
    MeetingStatus,
)
from samvern.partnerships.models import Partnership

if TYPE_CHECKING:
    from samvern.agreements.selectors import AgreementSummary
    from samvern.directory.selectors import CheckedShare
    from samvern.surveys.selectors import RoundResults
    from samvern.training.selectors import OrganisationCoverage

# Where each section from another app comes from: (app label, selectors module).
SOURCES: dict[str, tuple[str, str]] = {
    "agreements": ("agreements", "samvern.agreements.selectors"),
    "directory": ("directory", "samvern.directory.selectors"),
    "training": ("training", "samvern.training.selectors"),
    "survey": ("surveys", "samvern.surveys.selectors"),
}


def _source(key: str) -> ModuleType | None:
    label, module_name = SOURCES[key]
    if not apps.is_installed(f"samvern.{label}"):
        return None
    try:
        return import_module(module_name)
    except ModuleNotFoundError:
        return None


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class BodyMeetings:
    body: Body
    held: int
    planned: int
    cancelled: int


@dataclass
class OrganisationAttendance:
    organisation: Organisation
    expected: int = 0
    attended: int = 0

    @property
    def share(self) -> float | None:
        return share(self.attended, self.expected)


@dataclass(frozen=True)
class CommitmentFigures:
    due: int
    done_in_time: int
    done_late: int
    not_done: int
    not_possible: int
    still_open: int

    @property
    def share(self) -> float | None:
        return share(self.done_in_time, self.due)


@dataclass
class Indicators:
    partnership: Partnership
    year: int
    on: dt.date
    meetings: list[BodyMeetings]
    attendance: list[OrganisationAttendance]
    commitments: CommitmentFigures
    agreements: AgreementSummary | None = None
    directory: CheckedShare | None = None
    training: list[OrganisationCoverage] | None = None
    survey: RoundResults | None = None
    absent: list[str] = field(default_factory=list)  # sections whose app is not there


# How far back a year may be asked for (the page, its exports and the API).
YEARS_ASKABLE = 50


def requested_year(value: str | None, *, today: dt.date) -> int:
    """The year asked for in a query string (this year when none is given); a year that is
    not a number, in the future or long past is not found."""
    try:
        year = int(value or today.year)
    except ValueError:
        raise Http404 from None
    if not today.year - YEARS_ASKABLE <= year <= today.year:
        raise Http404
    return year


def day_of(year: int, today: dt.date) -> dt.date:
    """The day a year's figures are taken: its last day, or `today` while it runs."""
    return min(dt.date(year, 12, 31), today)


def _bodies(partnership: Partnership, year: int) -> list[Body]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    found = Body.objects.filter(partnership=partnership, started_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    )
    # The round table first, then the operational groups, then the working groups.
    rank = {kind: index for index, kind in enumerate(BodyKind.values)}
    return sorted(found, key=lambda body: (rank.get(body.kind, 99), body.name))


def meetings_per_body(bodies: list[Body], year: int) -> list[BodyMeetings]:
    in_year = Q(meetings__date__year=year)
    counted = {
        row["pk"]: row
        for row in Body.objects.filter(pk__in=[b.pk for b in bodies])
        .annotate(
            held=Count("meetings", filter=in_year & Q(meetings__status=MeetingStatus.HELD)),
            planned=Count("meetings", filter=in_year & Q(meetings__status=MeetingStatus.PLANNED)),
            cancelled=Count(
                "meetings", filter=in_year & Q(meetings__status=MeetingStatus.CANCELLED)
            ),
        )
        .values("pk", "held", "planned", "cancelled")
    }
    return [
        BodyMeetings(
            body,
            counted[body.pk]["held"],
            counted[body.pk]["planned"],
            counted[body.pk]["cancelled"],
        )
        for body in bodies
    ]


def attendance_per_organisation(
    bodies: list[Body], year: int, on: dt.date
) -> list[OrganisationAttendance]:
    meetings = list(
        Meeting.objects.filter(
            body__in=bodies, status=MeetingStatus.HELD, date__year=year, date__lte=on
        ).values_list("pk", "body_id", "date")
    )
    members = list(BodyMember.objects.filter(body__in=bodies).select_related("organisation"))
    came: set[tuple[uuid.UUID, uuid.UUID]] = set(
        Attendance.objects.filter(
            meeting_id__in=[m[0] for m in meetings],
            status__in=[AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE],
        ).values_list("meeting_id", "organisation_id")
    )
    by_body: dict[uuid.UUID, list[BodyMember]] = defaultdict(list)
    for member in members:
        by_body[member.body_id].append(member)
    figures: dict[uuid.UUID, OrganisationAttendance] = {}
    for meeting_id, body_id, day in meetings:
        expected = {m.organisation_id: m for m in by_body[body_id] if m.is_active_on(day)}
        for organisation_id, member in expected.items():
            row = figures.setdefault(organisation_id, OrganisationAttendance(member.organisation))
            row.expected += 1
            if (meeting_id, organisation_id) in came:
                row.attended += 1
    return sorted(figures.values(), key=lambda row: row.organisation.name)


def commitment_figures(bodies: list[Body], year: int, on: dt.date) -> CommitmentFigures:
    rows = list(
        Commitment.objects.filter(
            body__in=bodies, due_on__gte=dt.date(year, 1, 1), due_on__lte=on
        ).values_list("status", "status_on", "due_on")
    )
    done_in_time = sum(
        1
        for status, status_on, due_on in rows
        if status == CommitmentStatus.DONE and status_on is not None and status_on <= due_on
    )
    done = sum(1 for status, _, _ in rows if status == CommitmentStatus.DONE)
    return CommitmentFigures(
        due=len(rows),
        done_in_time=done_in_time,
        done_late=done - done_in_time,
        not_done=sum(1 for s, _, _ in rows if s == CommitmentStatus.NOT_DONE),
        not_possible=sum(1 for s, _, _ in rows if s == CommitmentStatus.NOT_POSSIBLE),
        still_open=sum(1 for s, _, _ in rows if s == CommitmentStatus.OPEN),
    )


def _survey(module: ModuleType, partnership: Partnership, year: int) -> RoundResults | None:
    from samvern.surveys.models import RoundStatus, SurveyRound

    survey_round = SurveyRound.objects.filter(
        partnership=partnership, year=year, status=RoundStatus.CLOSED
    ).first()
    return module.results(survey_round) if survey_round is not None else None


def indicators(partnership: Partnership, *, year: int, today: dt.date) -> Indicators:
    on = day_of(year, today)
    bodies = _bodies(partnership, year)
    result = Indicators(
        partnership=partnership,
        year=year,
        on=on,
        meetings=meetings_per_body(bodies, year),
        attendance=attendance_per_organisation(bodies, year, on),
        commitments=commitment_figures(bodies, year, on),
    )
    agreements = _source("agreements")
    if agreements is None:
        result.absent.append("agreements")
    else:
        result.agreements = agreements.agreement_summary(partnership, on=on)
    directory = _source("directory")
    if directory is None:
        result.absent.append("directory")
    else:
        result.directory = directory.checked_share(partnership, on=on)
    training = _source("training")
    if training is None:
        result.absent.append("training")
    else:
        result.training = list(training.coverage(partnership, on))
    survey = _source("survey")
    if survey is None:
        result.absent.append("survey")
    else:
        result.survey = _survey(survey, partnership, year)
    return result


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}"


def as_rows(figures: Indicators) -> list[tuple[str, str, str, str]]:
    """Flat rows for CSV: (section, subject, measure, value); shares in per cent."""
    rows: list[tuple[str, str, str, str]] = []
    for m in figures.meetings:
        rows += [
            ("meetings", m.body.name, "held", str(m.held)),
            ("meetings", m.body.name, "planned", str(m.planned)),
            ("meetings", m.body.name, "cancelled", str(m.cancelled)),
        ]
    for a in figures.attendance:
        rows += [
            ("attendance", a.organisation.name, "expected", str(a.expected)),
            ("attendance", a.organisation.name, "attended", str(a.attended)),
            ("attendance", a.organisation.name, "share_percent", _percent(a.share)),
        ]
    c = figures.commitments
    for name in ("due", "done_in_time", "done_late", "not_done", "not_possible", "still_open"):
        rows.append(("commitments", "", name, str(getattr(c, name))))
    rows.append(("commitments", "", "share_percent", _percent(c.share)))
    if figures.agreements is not None:
        for name in ("documents", "in_force", "signed_by_all", "up_to_date", "past_review"):
            rows.append(("agreements", "", name, str(getattr(figures.agreements, name))))
    if figures.directory is not None:
        rows.append(("directory", "", "active", str(figures.directory.active)))
        rows.append(("directory", "", "checked", str(figures.directory.checked)))
        rows.append(("directory", "", "share_percent", _percent(figures.directory.share)))
    for org in figures.training or []:
        name = org.organisation.name
        rows.append(("training", name, "staff", str(org.staff)))
        rows.append(("training", name, "trained", str(org.trained)))
        rows.append(("training", name, "trained_share_percent", _percent(org.trained_share)))
    if figures.survey is not None:
        for q in figures.survey.questions:
            rows.append(("survey", q.key, "answers", "" if q.suppressed else str(q.answers)))
            rows.append(("survey", q.key, "mean", "" if q.suppressed else f"{q.mean:.1f}"))
    for key in figures.absent:
        rows.append((key, "", "absent", "1"))
    return rows


def as_json(figures: Indicators) -> dict[str, object]:
    def pct(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    agreements = figures.agreements
    directory = figures.directory
    return {
        "partnership": str(figures.partnership.pk),
        "year": figures.year,
        "figures_on": figures.on.isoformat(),
        "meetings": [
            {
                "body": m.body.name,
                "body_id": str(m.body.pk),
                "held": m.held,
                "planned": m.planned,
                "cancelled": m.cancelled,
            }
            for m in figures.meetings
        ],
        "attendance": [
            {
                "organisation": a.organisation.name,
                "organisation_id": str(a.organisation.pk),
                "expected": a.expected,
                "attended": a.attended,
                "share": pct(a.share),
            }
            for a in figures.attendance
        ],
        "commitments": {
            "due": figures.commitments.due,
            "done_in_time": figures.commitments.done_in_time,
            "done_late": figures.commitments.done_late,
            "not_done": figures.commitments.not_done,
            "not_possible": figures.commitments.not_possible,
            "still_open": figures.commitments.still_open,
            "share": pct(figures.commitments.share),
        },
        "agreements": None
        if agreements is None
        else {
            name: getattr(agreements, name)
            for name in ("documents", "in_force", "signed_by_all", "up_to_date", "past_review")
        },
        "directory": None
        if directory is None
        else {
            "active": directory.active,
            "checked": directory.checked,
            "share": pct(directory.share),
        },
        "training": None
        if figures.training is None
        else [
            {
                "organisation": str(org.organisation),
                "staff": org.staff,
                "trained": org.trained,
                "trained_share": pct(org.trained_share),
                "due_share": pct(org.due_share),
            }
            for org in figures.training
        ],
        "survey": None
        if figures.survey is None
        else {
            "responses": figures.survey.responses,
            "questions": [
                {
                    "key": q.key,
                    "suppressed": q.suppressed,
                    "answers": q.answers,
                    "mean": q.mean,
                }
                for q in figures.survey.questions
            ],
        },
        "absent": list(figures.absent),
    }
