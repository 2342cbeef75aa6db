"""Partnership statistics: figures per quarter or year, with no personal data.

Three parts:

- `suppress_line` / `suppress_lines`: the small-number rule, pure functions over a line
  of counts and its total (no database), tested with hypothesis.
- `statistics_partnerships` / `access_statistics`: who may see a partnership's figures.
- `compute_statistics`: the figures of one partnership and period, from aggregate
  queries (a fixed number however many cases), returned as published tables in which
  every suppressed cell has no value at all.

Small numbers (the rule the page states, `SUPPRESSION_NOTE`):

- A count from 1 to 4 is suppressed; 0 is shown as 0 (a count of nothing tells nothing
  about anyone).
- Complementary suppression: in a line whose total is shown, a suppressed cell must not
  follow from the total by subtraction, so while only one cell is suppressed (or all the
  suppressed cells could only be 1 each), the smallest cell still shown is suppressed
  too. When even that is not enough, the whole line's breakdown is hidden.
- A total under 5 hides its whole line (zeros too). Lines that share a total (the
  referrals by source and by repeat; every organisation's attendance) hide it together.
- The two action-point tables overlap (done ≥ done by the due date), so they are made
  from one suppressed line of six kinds of point and show only the sums that follow
  from it (`suppress_action_points`).
- A share or a median is shown only when it is computed from 5 or more, and a share only
  when its numerator and denominator are shown (share × total would give back a
  suppressed count).
- Every suppressed cell looks the same ("<5", null in the API), whether it was under 5
  or suppressed to protect one that was: telling them apart would give the value back.
"""

from __future__ import annotations

import datetime as dt
import statistics as pystatistics
import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, F, Min, Q, QuerySet, When
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samvern.accounts.actor import Actor
from samvern.accounts.models import CASE_ROLES, Organisation, Role
from samvern.cases.models import Case, ReferralSource
from samvern.conferences.models import (
    ActionPoint,
    AgendaItem,
    Answer,
    AttendanceStatus,
    Attendee,
    Conference,
    ConferenceStatus,
    FollowUp,
    FollowUpCheckpoint,
    FollowUpSettings,
    Outcome,
)
from samvern.partnerships.models import Partnership, PartnershipMember
from samvern.safetyplans.selectors import plans_made

THRESHOLD = 5
SUPPRESSED_TEXT = "<5"

Text = str | Promise

# --- the small-number rule (pure) -----------------------------------------------------------


@dataclass(frozen=True)
class SuppressedLine:
    """A line of counts as published: `None` where a count is suppressed."""

    cells: tuple[int | None, ...]
    total: int | None

    @property
    def complete(self) -> bool:
        """Every count and the total are shown."""
        return self.total is not None and all(cell is not None for cell in self.cells)


def _small(value: int) -> bool:
    return 0 < value < THRESHOLD


def suppress_line(
    cells: Sequence[int],
    total: int | None = None,
    *,
    hide_total: bool = False,
    force: Collection[int] = (),
) -> SuppressedLine:
    """The line `cells` with its `total` (their sum) as it may be published.

    `hide_total` hides the total (and so the whole line) whatever its size: for lines
    that share a total with another line that had to hide it. `force` names cells to
    suppress whatever their size (zeros stay shown), as if they were under 5."""
    values = tuple(cells)
    if any(value < 0 for value in values):
        raise ValueError("counts cannot be negative")
    whole = sum(values) if total is None else total
    if whole != sum(values):
        raise ValueError("the total is not the sum of the line")
    if whole == 0:
        return SuppressedLine(cells=values, total=0)
    if hide_total or _small(whole):
        return SuppressedLine(cells=(None,) * len(values), total=None)
    hidden = {index for index, value in enumerate(values) if _small(value)}
    hidden |= {index for index in force if values[index] > 0}
    while hidden:
        hidden_sum = sum(values[index] for index in hidden)
        # Two or more unknowns whose sum leaves each of them more than one possibility
        # (every suppressed cell is at least 1, since zeros are shown).
        if len(hidden) >= 2 and hidden_sum > len(hidden):
            break
        shown = [
            (value, index)
            for index, value in enumerate(values)
            if index not in hidden and value > 0
        ]
        if not shown:
            # Only ones are left to hide among: hide the breakdown, zeros too. If every
            # cell is a 1, the total alone would give them all back.
            if whole == len(values):
                return SuppressedLine(cells=(None,) * len(values), total=None)
            return SuppressedLine(cells=(None,) * len(values), total=whole)
        hidden.add(min(shown)[1])
    return SuppressedLine(
        cells=tuple(None if index in hidden else value for index, value in enumerate(values)),
        total=whole,
    )


def suppress_lines(lines: Sequence[Sequence[int]], total: int) -> list[SuppressedLine]:
    """Lines that share one `total` (each sums to it): if one of them has to hide the
    total, all of them do, since any line shown in full would give it back."""
    published = [suppress_line(line, total) for line in lines]
    if total and any(line.total is None for line in published):
        published = [suppress_line(line, total, hide_total=True) for line in lines]
    return published


# The six kinds of action point due in a period, which make both action-point tables.
POINT_KINDS = (
    "done_in_time",
    "done_late",
    "not_done",
    "not_possible",
    "open_past_due",
    "open_not_yet_due",
)
# Each published count as a set of kinds.
POINTS_BY_OUTCOME = (
    ("open", frozenset({"open_past_due", "open_not_yet_due"})),
    ("done", frozenset({"done_in_time", "done_late"})),
    ("not_done", frozenset({"not_done"})),
    ("not_possible", frozenset({"not_possible"})),
)
POINTS_BY_TIMELINESS = (
    ("done_in_time", frozenset({"done_in_time"})),
    ("not_in_time", frozenset({"done_late", "not_done", "not_possible", "open_past_due"})),
    ("not_yet_due", frozenset({"open_not_yet_due"})),
)


def published_sum(
    line: SuppressedLine, names: Sequence[str], wanted: Collection[str]
) -> int | None:
    """The sum of some cells of a suppressed `line`, shown only when it follows from
    what the line shows: all of its cells shown, or the total and all the others."""
    inside = [cell for name, cell in zip(names, line.cells, strict=True) if name in wanted]
    outside = [cell for name, cell in zip(names, line.cells, strict=True) if name not in wanted]
    if all(cell is not None for cell in inside):
        return sum(cell for cell in inside if cell is not None)
    if line.total is not None and all(cell is not None for cell in outside):
        return line.total - sum(cell for cell in outside if cell is not None)
    return None


def suppress_action_points(
    kinds: Sequence[int],
) -> tuple[SuppressedLine, SuppressedLine, SuppressedLine]:
    """The action points by outcome and by timeliness, both made from the six kinds
    (`POINT_KINDS`). The two tables overlap (done ≥ done by the due date, open ≥ not yet
    due), and suppressing each on its own could let them pin a cell together. So the
    six kinds are suppressed as one line, and each table shows only the sums that follow
    from what that line shows: together they tell no more than the one line does.

    Returns (the six kinds, by outcome, by timeliness)."""
    values = list(kinds)
    forced: set[int] = set()
    groups = [wanted for _key, wanted in (*POINTS_BY_OUTCOME, *POINTS_BY_TIMELINESS)]
    while True:
        line = suppress_line(values, force=forced)
        # A sum from 1 to 4 that follows from the cells shown would be a small count
        # shown: suppress one more cell outside it (the smallest), and try again.
        exposed = [
            wanted
            for wanted in groups
            if _small(sum(v for n, v in zip(POINT_KINDS, values, strict=True) if n in wanted))
            and published_sum(line, POINT_KINDS, wanted) is not None
        ]
        if not exposed:
            break
        outside = [
            (value, index)
            for index, (name, value) in enumerate(zip(POINT_KINDS, values, strict=True))
            if name not in exposed[0] and value > 0 and line.cells[index] is not None
        ]
        if not outside:
            line = suppress_line(values, hide_total=True)
            break
        forced.add(min(outside)[1])

    def table(groups: Sequence[tuple[str, frozenset[str]]]) -> SuppressedLine:
        return SuppressedLine(
            cells=tuple(published_sum(line, POINT_KINDS, wanted) for _key, wanted in groups),
            total=line.total,
        )

    return line, table(POINTS_BY_OUTCOME), table(POINTS_BY_TIMELINESS)


def published_share(numerator: int | None, denominator: int | None) -> float | None:
    """A share (0–100) of two published values, so that it tells nothing they do not;
    shown only when both are and the denominator is at least `THRESHOLD`."""
    if numerator is None or denominator is None or denominator < THRESHOLD:
        return None
    return round(100 * numerator / denominator, 1)


def published_median(values: Sequence[int]) -> float | None:
    if len(values) < THRESHOLD:
        return None
    return float(pystatistics.median(values))


# --- the period ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A quarter (1–4) or, with `quarter` None, a whole year; `end` is the first day
    after it."""

    year: int
    quarter: int | None = None

    def __post_init__(self) -> None:
        if self.quarter is not None and not 1 <= self.quarter <= 4:
            raise ValueError("a quarter is 1 to 4")

    @property
    def start(self) -> dt.date:
        month = 1 if self.quarter is None else 3 * (self.quarter - 1) + 1
        return dt.date(self.year, month, 1)

    @property
    def end(self) -> dt.date:
        if self.quarter is None or self.quarter == 4:
            return dt.date(self.year + 1, 1, 1)
        return dt.date(self.year, 3 * self.quarter + 1, 1)

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        return str(self.year) if self.quarter is None else f"{self.year}-Q{self.quarter}"

    @property
    def label(self) -> str:
        if self.quarter is None:
            return str(self.year)
        return str(_("Quarter %(quarter)s %(year)s") % {"quarter": self.quarter, "year": self.year})

    def contains(self, day: dt.date) -> bool:
        return self.start <= day < self.end

    @classmethod
    def last_complete_quarter(cls, today: dt.date) -> Period:
        quarter = (today.month - 1) // 3 + 1
        if quarter == 1:
            return cls(today.year - 1, 4)
        return cls(today.year, quarter - 1)


# --- who may see them ----------------------------------------------------------------------


def statistics_partnerships(actor: Actor, day: dt.date) -> QuerySet[Partnership]:
    """Partnerships whose figures the actor may see: anyone holding a case role in an
    organisation that is a member of the partnership on `day`, and the conference
    coordinators of its coordinating organisation. The figures hold no personal data,
    so there is no per-case check; and nothing row-level is ever shown."""
    organisation = actor.organisation
    roles = actor.case_roles
    if organisation is None or not roles & CASE_ROLES:
        return Partnership.objects.none()
    members = PartnershipMember.objects.active_on(day).filter(organisation=organisation)
    query = Q(pk__in=members.values("partnership_id"))
    if Role.CONFERENCE_COORDINATOR in roles:
        query |= Q(coordinator=organisation)
    return Partnership.objects.filter(query).order_by("name")


def access_statistics(actor: Actor, partnership_id: object, day: dt.date) -> Partnership:
    """The partnership, when the actor may see its figures; the same 404 otherwise."""
    try:
        pk = uuid.UUID(str(partnership_id))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None
    partnership = statistics_partnerships(actor, day).filter(pk=pk).first()
    if partnership is None:
        raise Http404
    return partnership


# --- published tables ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: Text


@dataclass(frozen=True)
class Row:
    key: str
    label: Text
    cells: tuple[int | None, ...]


@dataclass(frozen=True)
class Measure:
    """A share (unit "percent") or a median (unit "days"); `None` when suppressed."""

    key: str
    label: Text
    value: float | None
    unit: str


@dataclass(frozen=True)
class Table:
    key: str
    caption: Text
    definition: Text
    row_heading: Text
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row | None = None
    measures: tuple[Measure, ...] = ()


@dataclass(frozen=True)
class Statistics:
    partnership: Partnership
    period: Period
    as_of: dt.date
    tables: tuple[Table, ...]


SUPPRESSION_NOTE = _(
    "No figure is about a person. A count from 1 to 4 is shown as “<5”, and so is any count "
    "that would otherwise let one from 1 to 4 be worked out from a total; when a total is "
    "under 5, its whole line is shown as “<5”. A zero is shown as 0. A share or median is "
    "shown only when it is computed from at least 5, and a share only when the counts it "
    "is made of are shown."
)

DEFINITIONS: dict[str, Text] = {
    "referrals_by_source": _(
        "Cases of the partnership with a referral date in the period, by the source recorded "
        "at referral. A repeat referral is a case of its own and counts here too."
    ),
    "repeat_referrals": _(
        "Of the referrals in the period, those recorded as a repeat referral: a new referral "
        "for the same person exposed within 12 months of the closure of an earlier case. The "
        "share is of all referrals in the period."
    ),
    "cases_heard": _(
        "Distinct cases heard at a conference in the period. A case is heard on the date of a "
        "held conference whose agenda has it, or, at a conference not marked as held, on the "
        "day it was marked as heard; cancelled conferences do not count. A case heard several "
        "times in the period counts once. “First heard” are the cases whose first hearing "
        "ever is in the period. The median is the middle value of the days from referral "
        "date to first hearing, over the cases first heard in the period."
    ),
    "action_points_by_outcome": _(
        "Action points in cases of the partnership with a due date in the period, by their "
        "outcome as recorded on the day the figures are made."
    ),
    "action_points_in_time": _(
        "The same action points: “done by the due date” are those recorded as done with an "
        "outcome date on or before the due date; every other point whose due date has passed "
        "(done late, not done, not possible, or still open) is “not done by the due date”; "
        "open points not yet due are left out of the share. The share is done by the due "
        "date over all points due, less those not yet due."
    ),
    "attendance": _(
        "Conferences of the partnership held in the period, per organisation: at how many "
        "someone from the organisation was present or attended as a substitute, at how many "
        "it only sent apologies, and at how many it was neither recorded as present nor as "
        "sending apologies. Organisations that were members at some time in the period, and "
        "any other organisation on an attendance list, are listed."
    ),
    "safety_plans": _(
        "Safety plans in cases of the partnership whose first version was made in the period. "
        "A plan counts once, in the period of its first version, however many versions follow."
    ),
    "follow_up_new_incidents": _(
        "Outcome follow-ups recorded by the partnership's lead organisation whose due date is "
        "in the period, at the first and at the second follow-up after a case's first "
        "conference (the months the partnership chose): whether a new incident was known. "
        "The share is of all follow-ups recorded at that point, “not known” included; a "
        "follow-up not yet recorded is not counted."
    ),
}

REFERRAL_ROWS = tuple(ReferralSource)
OUTCOME_ROWS = (Outcome.OPEN, Outcome.DONE, Outcome.NOT_DONE, Outcome.NOT_POSSIBLE)


def _count_table(
    *,
    key: str,
    caption: Text,
    row_heading: Text,
    column: Column,
    rows: Sequence[tuple[str, Text]],
    line: SuppressedLine,
    total_label: Text,
    measures: tuple[Measure, ...] = (),
) -> Table:
    return Table(
        key=key,
        caption=caption,
        definition=DEFINITIONS[key],
        row_heading=row_heading,
        columns=(column,),
        rows=tuple(
            Row(key=row_key, label=label, cells=(cell,))
            for (row_key, label), cell in zip(rows, line.cells, strict=True)
        ),
        total=Row(key="total", label=total_label, cells=(line.total,)),
        measures=measures,
    )


# --- the figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RawFigures:
    """The counts before suppression; never leaves this module except to tests."""

    referrals: dict[str, int]
    repeat: int
    heard: int
    first_heard: int
    days_to_first: tuple[int, ...]
    outcomes: dict[str, int]
    done_in_time: int
    not_yet_due: int
    conferences_held: int
    attendance: dict[uuid.UUID, tuple[int, int]]  # organisation → (attended, apologies)
    organisations: tuple[Organisation, ...]
    safety_plans: int | None
    # Outcome follow-ups due in the period, per follow-up (1, 2): answer → count.
    follow_ups: dict[int, dict[str, int]] = field(default_factory=dict)
    follow_up_months: tuple[int, int] = (6, 12)


def _hearing_day() -> models.Case:
    return models.Case(
        When(conference__status=ConferenceStatus.HELD, then=F("conference__date")),
        default=TruncDate("heard_at"),
        output_field=models.DateField(),
    )


def raw_figures(partnership: Partnership, period: Period, *, today: dt.date) -> RawFigures:
    """Every count of one partnership and period, in nine queries whatever the number
    of cases."""
    start, end = period.start, period.end
    referral_rows = (
        Case.objects.filter(partnership=partnership, referred_on__gte=start, referred_on__lt=end)
        .values("source", "is_repeat")
        .annotate(n=Count("pk"))
        .order_by()
    )
    referrals: dict[str, int] = defaultdict(int)
    repeat = 0
    for row in referral_rows:
        referrals[str(row["source"])] += int(row["n"])
        if row["is_repeat"]:
            repeat += int(row["n"])

    hearings = (
        AgendaItem.objects.filter(case__partnership=partnership)
        .exclude(conference__status=ConferenceStatus.CANCELLED)
        .filter(Q(conference__status=ConferenceStatus.HELD) | Q(heard_at__isnull=False))
        .annotate(day=_hearing_day())
        .values("case_id")
        .annotate(
            first=Min("day"),
            in_period=Count("pk", filter=Q(day__gte=start, day__lt=end)),
            referred_on=Min("case__referred_on"),
        )
        .filter(in_period__gt=0)
        .order_by()
    )
    heard = 0
    days: list[int] = []
    for hearing in hearings:
        heard += 1
        first = hearing["first"]
        if isinstance(first, dt.datetime):
            first = first.date()
        if isinstance(first, dt.date) and period.contains(first):
            referred_on = hearing["referred_on"]
            assert isinstance(referred_on, dt.date)
            days.append((first - referred_on).days)

    points = ActionPoint.objects.filter(
        case__partnership=partnership, due_on__gte=start, due_on__lt=end
    ).aggregate(
        **{outcome.value: Count("pk", filter=Q(outcome=outcome)) for outcome in OUTCOME_ROWS},
        done_in_time=Count("pk", filter=Q(outcome=Outcome.DONE, outcome_on__lte=F("due_on"))),
        not_yet_due=Count("pk", filter=Q(outcome=Outcome.OPEN, due_on__gte=today)),
    )

    held = Conference.objects.filter(
        partnership=partnership, status=ConferenceStatus.HELD, date__gte=start, date__lt=end
    )
    conferences_held = held.count()
    attendance_rows = (
        Attendee.objects.filter(conference__in=held)
        .values("organisation_id", "conference_id")
        .annotate(
            attended=Count(
                "pk",
                filter=Q(status__in=[AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE]),
            ),
            apologies=Count("pk", filter=Q(status=AttendanceStatus.APOLOGIES)),
        )
        .order_by()
    )
    attended: dict[uuid.UUID, int] = defaultdict(int)
    apologised: dict[uuid.UUID, int] = defaultdict(int)
    listed: set[uuid.UUID] = set()
    for presence in attendance_rows:
        organisation_id = presence["organisation_id"]
        listed.add(organisation_id)
        if presence["attended"]:
            attended[organisation_id] += 1
        elif presence["apologies"]:
            apologised[organisation_id] += 1
    members = PartnershipMember.objects.filter(partnership=partnership, joined_on__lt=end).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=start)
    )
    organisations = tuple(
        Organisation.objects.filter(
            Q(pk__in=members.values("organisation_id")) | Q(pk__in=list(listed))
        ).order_by("name", "pk")
    )
    follow_ups: dict[int, dict[str, int]] = {
        int(checkpoint): dict.fromkeys(Answer.values, 0) for checkpoint in FollowUpCheckpoint
    }
    for answered in (
        FollowUp.objects.filter(case__partnership=partnership, due_on__gte=start, due_on__lt=end)
        .values("checkpoint", "new_incident")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        follow_ups[int(answered["checkpoint"])][str(answered["new_incident"])] += int(answered["n"])
    chosen = FollowUpSettings.objects.filter(partnership=partnership).first()
    return RawFigures(
        referrals=dict(referrals),
        repeat=repeat,
        heard=heard,
        first_heard=len(days),
        days_to_first=tuple(days),
        outcomes={outcome.value: int(points[outcome.value]) for outcome in OUTCOME_ROWS},
        done_in_time=int(points["done_in_time"]),
        not_yet_due=int(points["not_yet_due"]),
        conferences_held=conferences_held,
        attendance={
            organisation.pk: (attended[organisation.pk], apologised[organisation.pk])
            for organisation in organisations
        },
        organisations=organisations,
        safety_plans=plans_made(partnership.pk, start, end),
        follow_ups=follow_ups,
        follow_up_months=(
            (chosen.first_months, chosen.second_months) if chosen is not None else (6, 12)
        ),
    )


def publish(raw: RawFigures) -> tuple[Table, ...]:
    """The tables of `raw` as they may be shown: counts suppressed, shares and medians
    only where the rule allows."""
    referrals_column = Column("referrals", _("Referrals"))
    total_referrals = sum(raw.referrals.values())
    sources, repeats = suppress_lines(
        [
            [raw.referrals.get(source.value, 0) for source in REFERRAL_ROWS],
            [raw.repeat, total_referrals - raw.repeat],
        ],
        total_referrals,
    )
    tables = [
        _count_table(
            key="referrals_by_source",
            caption=_("Referrals by source"),
            row_heading=_("Source"),
            column=referrals_column,
            rows=[(source.value, source.label) for source in REFERRAL_ROWS],
            line=sources,
            total_label=_("All referrals"),
        ),
        _count_table(
            key="repeat_referrals",
            caption=_("Repeat referrals within 12 months"),
            row_heading=_("Referral"),
            column=referrals_column,
            rows=[
                ("repeat", _("Repeat referral within 12 months")),
                ("first", _("Not a repeat referral")),
            ],
            line=repeats,
            total_label=_("All referrals"),
            measures=(
                Measure(
                    key="repeat_share",
                    label=_("Share of referrals that are repeat referrals"),
                    value=published_share(repeats.cells[0], repeats.total),
                    unit="percent",
                ),
            ),
        ),
    ]

    heard = suppress_line([raw.first_heard, raw.heard - raw.first_heard], raw.heard)
    tables.append(
        _count_table(
            key="cases_heard",
            caption=_("Cases heard at a conference"),
            row_heading=_("Hearing"),
            column=Column("cases", _("Cases")),
            rows=[
                ("first", _("First heard in the period")),
                ("again", _("Heard before, and again in the period")),
            ],
            line=heard,
            total_label=_("Cases heard"),
            measures=(
                Measure(
                    key="median_days_to_first_conference",
                    label=_("Median days from referral to first conference"),
                    value=published_median(raw.days_to_first),
                    unit="days",
                ),
            ),
        )
    )

    done, open_ = raw.outcomes[Outcome.DONE.value], raw.outcomes[Outcome.OPEN.value]
    _kinds, outcomes, timeliness = suppress_action_points(
        [
            raw.done_in_time,
            done - raw.done_in_time,
            raw.outcomes[Outcome.NOT_DONE.value],
            raw.outcomes[Outcome.NOT_POSSIBLE.value],
            open_ - raw.not_yet_due,
            raw.not_yet_due,
        ]
    )
    in_time, _late, not_yet_due = timeliness.cells
    due_by_now = (
        None if timeliness.total is None or not_yet_due is None else timeliness.total - not_yet_due
    )
    points_column = Column("action_points", _("Action points"))
    tables.append(
        _count_table(
            key="action_points_by_outcome",
            caption=_("Action points due in the period, by outcome"),
            row_heading=pgettext_lazy("action points", "Outcome"),
            column=points_column,
            rows=[(outcome.value, outcome.label) for outcome in OUTCOME_ROWS],
            line=outcomes,
            total_label=_("All action points due"),
        )
    )
    tables.append(
        _count_table(
            key="action_points_in_time",
            caption=_("Action points done by the due date"),
            row_heading=_("Action point"),
            column=points_column,
            rows=[
                ("done_in_time", _("Done by the due date")),
                ("not_in_time", _("Not done by the due date")),
                ("not_yet_due", _("Open, not yet due")),
            ],
            line=timeliness,
            total_label=_("All action points due"),
            measures=(
                Measure(
                    key="done_in_time_share",
                    label=_("Share done by the due date"),
                    value=published_share(in_time, due_by_now),
                    unit="percent",
                ),
            ),
        )
    )

    held = raw.conferences_held
    lines = suppress_lines(
        [
            [attended, apologies, held - attended - apologies]
            for attended, apologies in (
                raw.attendance[organisation.pk] for organisation in raw.organisations
            )
        ],
        held,
    )
    tables.append(
        Table(
            key="attendance",
            caption=_("Attendance by organisation"),
            definition=DEFINITIONS["attendance"],
            row_heading=_("Organisation"),
            columns=(
                Column("present", _("Present or substitute")),
                Column("apologies", _("Apologies only")),
                Column("not_recorded", _("Neither recorded")),
                Column("held", _("Conferences held")),
            ),
            rows=tuple(
                Row(
                    key=str(organisation.pk),
                    label=organisation.name,
                    cells=(*line.cells, line.total),
                )
                for organisation, line in zip(raw.organisations, lines, strict=True)
            ),
        )
    )

    if raw.safety_plans is not None:
        plans = suppress_line([raw.safety_plans], raw.safety_plans)
        tables.append(
            Table(
                key="safety_plans",
                caption=_("Safety plans made"),
                definition=DEFINITIONS["safety_plans"],
                row_heading=pgettext_lazy("statistics row heading", "Figure"),
                columns=(Column("safety_plans", _("Safety plans")),),
                rows=(
                    Row(key="made", label=_("First version made in the period"), cells=plans.cells),
                ),
            )
        )
    tables.append(follow_up_table(raw))
    return tuple(tables)


FOLLOW_UP_ROWS = (Answer.NO, Answer.YES, Answer.UNKNOWN)


def follow_up_table(raw: RawFigures) -> Table:
    """Outcome follow-ups due in the period: whether a new incident was known, at the
    first and at the second follow-up. Each follow-up's column is a line of its own with
    its total (the follow-ups recorded); the share of cases with no new incident known is
    of all follow-ups recorded at that point, shown only under the general rule."""
    lines = [
        suppress_line(
            [raw.follow_ups.get(checkpoint, {}).get(answer.value, 0) for answer in FOLLOW_UP_ROWS]
        )
        for checkpoint in (1, 2)
    ]
    first, second = raw.follow_up_months
    labels = {
        Answer.NO: _("No new incident known"),
        Answer.YES: _("New incident known"),
        Answer.UNKNOWN: _("Not known"),
    }
    return Table(
        key="follow_up_new_incidents",
        caption=_("New incidents at follow-up"),
        definition=DEFINITIONS["follow_up_new_incidents"],
        row_heading=_("At follow-up"),
        columns=(
            Column("first", _("After %(months)s months") % {"months": first}),
            Column("second", _("After %(months)s months") % {"months": second}),
        ),
        rows=tuple(
            Row(
                key=answer.value,
                label=labels[answer],
                cells=tuple(line.cells[index] for line in lines),
            )
            for index, answer in enumerate(FOLLOW_UP_ROWS)
        ),
        total=Row(
            key="total",
            label=_("Follow-ups recorded"),
            cells=tuple(line.total for line in lines),
        ),
        measures=tuple(
            Measure(
                key=f"no_new_incident_share_{key}",
                label=_("Share of cases with no new incident known after %(months)s months")
                % {"months": months},
                value=published_share(line.cells[0], line.total),
                unit="percent",
            )
            for key, months, line in (("first", first, lines[0]), ("second", second, lines[1]))
        ),
    )


def compute_statistics(partnership: Partnership, period: Period, *, today: dt.date) -> Statistics:
    """The published figures of one partnership and period (no personal data, no
    suppressed value anywhere in the result)."""
    return Statistics(
        partnership=partnership,
        period=period,
        as_of=today,
        tables=publish(raw_figures(partnership, period, today=today)),
    )
