"""Training figures of a partnership: the coverage indicator and the lists of the pages.

`coverage(partnership, on=day)` is the indicator "share of staff trained" that the plan
evaluation and the partnership's annual report use. For each member organisation (on
`on`) and each of its target roles:

- *staff*: the role's `staff_count` when the organisation gave it, else the number of
  active staff members registered in the role;
- *trained*: active staff in the role who, for every topic the role requires, have a
  course completed on or before `on` whose refresh date (if any) lies after `on`
  (the latest course of each topic counts);
- *due*: active staff in the role whose latest course of a required topic must be
  refreshed within `DUE_WITHIN_DAYS` days after `on`, or already should have been
  (a lapsed course: such a person is no longer trained);
- shares are trained/staff and due/staff, never above 1; None when staff is 0 or the role
  requires no training.

An organisation's totals add up its roles. Three queries, however many rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from samvern.accounts.models import Organisation
from samvern.partnerships.models import Partnership
from samvern.training.models import (
    CompetenceRecord,
    StaffMember,
    TargetRole,
    TrainingEvent,
    TrainingPlan,
)

DUE_WITHIN_DAYS = 90


def _share(part: int, whole: int) -> float | None:
    if whole <= 0:
        return None
    return min(1.0, part / whole)


@dataclass(frozen=True)
class RoleCoverage:
    role: TargetRole
    staff: int
    trained: int
    due: int

    @property
    def trained_share(self) -> float | None:
        return _share(self.trained, self.staff) if self.role.required_topics else None

    @property
    def due_share(self) -> float | None:
        return _share(self.due, self.staff) if self.role.required_topics else None


@dataclass
class OrganisationCoverage:
    organisation: Organisation
    roles: list[RoleCoverage] = field(default_factory=list)

    @property
    def staff(self) -> int:
        return sum(r.staff for r in self.roles if r.role.required_topics)

    @property
    def trained(self) -> int:
        return sum(min(r.trained, r.staff) for r in self.roles if r.role.required_topics)

    @property
    def due(self) -> int:
        return sum(min(r.due, r.staff) for r in self.roles if r.role.required_topics)

    @property
    def trained_share(self) -> float | None:
        return _share(self.trained, self.staff)

    @property
    def due_share(self) -> float | None:
        return _share(self.due, self.staff)


def coverage(
    partnership: Partnership, on: dt.date, *, organisation: Organisation | None = None
) -> list[OrganisationCoverage]:
    """The share of staff trained and due for refresh, per member organisation on `on` and
    per target role (see the module's documentation for the definitions)."""
    members = partnership.members.active_on(on).select_related("organisation")
    if organisation is not None:
        members = members.filter(organisation=organisation)
    by_org: dict[uuid.UUID, OrganisationCoverage] = {}
    for member in members.order_by("organisation__name"):
        by_org.setdefault(member.organisation_id, OrganisationCoverage(member.organisation))
    roles = list(
        TargetRole.objects.filter(
            partnership=partnership, organisation_id__in=list(by_org)
        ).order_by("name")
    )
    staff = list(
        StaffMember.objects.filter(role__in=roles, is_active=True).values_list("pk", "role_id")
    )
    latest: dict[tuple[uuid.UUID, str], CompetenceRecord] = {}
    for record in CompetenceRecord.objects.filter(
        person__role__in=roles, person__is_active=True, completed_on__lte=on
    ).order_by("completed_on", "created_at"):
        latest[(record.person_id, record.topic_key)] = record
    people: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for person_id, role_id in staff:
        people[role_id].append(person_id)
    horizon = on + dt.timedelta(days=DUE_WITHIN_DAYS)
    for role in roles:
        trained = due = 0
        for person_id in people[role.pk]:
            records = [latest.get((person_id, key)) for key in role.required_topics]
            if role.required_topics and all(
                r is not None and (r.refresh_due is None or r.refresh_due > on) for r in records
            ):
                trained += 1
            if any(
                r is not None and r.refresh_due is not None and r.refresh_due <= horizon
                for r in records
            ):
                due += 1
        headcount = role.staff_count if role.staff_count is not None else len(people[role.pk])
        by_org[role.organisation_id].roles.append(
            RoleCoverage(role=role, staff=headcount, trained=trained, due=due)
        )
    return list(by_org.values())


def events(partnership: Partnership) -> QuerySet[TrainingEvent]:
    return TrainingEvent.objects.filter(partnership=partnership).select_related("organiser")


def plans(partnership: Partnership) -> QuerySet[TrainingPlan]:
    return TrainingPlan.objects.filter(partnership=partnership).prefetch_related("courses")


def staff_of(partnership: Partnership, organisation: Organisation) -> QuerySet[StaffMember]:
    return (
        StaffMember.objects.filter(partnership=partnership, organisation=organisation)
        .select_related("role")
        .prefetch_related("competences")
        .order_by("-is_active", "name")
    )


@dataclass(frozen=True)
class DueCourse:
    topic_key: str
    completed_on: dt.date | None
    refresh_due: dt.date | None
    lapsed: bool

    @property
    def label(self) -> str:
        from samvern.training.catalogue import topic_title

        return topic_title(self.topic_key)


def due_for(person: StaffMember, *, on: dt.date) -> list[DueCourse]:
    """The required topics of a person's role that they lack, or must refresh within
    DUE_WITHIN_DAYS days of `on`."""
    if person.role is None:
        return []
    latest: dict[str, CompetenceRecord] = {}
    for record in sorted(person.competences.all(), key=lambda r: r.completed_on):
        if record.completed_on <= on:
            latest[record.topic_key] = record
    horizon = on + dt.timedelta(days=DUE_WITHIN_DAYS)
    found: list[DueCourse] = []
    for key in person.role.required_topics:
        found_record = latest.get(key)
        if found_record is None:
            found.append(DueCourse(key, None, None, lapsed=True))
        elif found_record.refresh_due is not None and found_record.refresh_due <= horizon:
            found.append(
                DueCourse(
                    key,
                    found_record.completed_on,
                    found_record.refresh_due,
                    lapsed=found_record.refresh_due <= on,
                )
            )
    return found


def held_per_topic(partnership: Partnership, year: int) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for key in TrainingEvent.objects.filter(
        partnership=partnership, held_on__year=year
    ).values_list("topic_key", flat=True):
        counts[key] += 1
    return dict(counts)
