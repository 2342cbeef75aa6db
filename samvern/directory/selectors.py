"""Reading a partnership's directory: the search, the public and printed lists, and the
share of entries checked recently (an indicator of the partnership's annual report)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from samvern.directory.models import Service, ServiceKind, TargetGroup
from samvern.partnerships.models import Partnership
from samvern.places.models import Municipality

# An entry counts as checked recently when someone confirmed it within this many months.
CHECKED_WITHIN_MONTHS = 6


@dataclass(frozen=True)
class Search:
    text: str = ""
    target_group: str = ""
    municipality: Municipality | None = None
    kind: str = ""
    include_inactive: bool = False


def _with_relations(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organisation").prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
    )


def search(partnership: Partnership, criteria: Search) -> QuerySet[Service]:
    """The partnership's entries that match every criterion given, by name; an entry that
    names no municipality serves the whole area of the partnership."""
    services = Service.objects.filter(partnership=partnership)
    if not criteria.include_inactive:
        services = services.filter(is_active=True)
    text = " ".join(criteria.text.split())
    if text:
        services = services.filter(
            Q(name__icontains=text)
            | Q(offers__icontains=text)
            | Q(provider_name__icontains=text)
            | Q(organisation__name__icontains=text)
            | Q(languages__icontains=text)
        )
    if criteria.target_group in TargetGroup.values:
        services = services.filter(target_group_index__contains=f",{criteria.target_group},")
    if criteria.kind in ServiceKind.values:
        services = services.filter(kind=criteria.kind)
    if criteria.municipality is not None:
        services = services.filter(
            Q(municipalities=criteria.municipality) | Q(municipalities__isnull=True)
        ).distinct()
    return _with_relations(services.order_by("name", "pk"))


def public_services(partnership: Partnership) -> QuerySet[Service]:
    return _with_relations(
        Service.objects.filter(partnership=partnership, is_active=True, is_public=True).order_by(
            "name", "pk"
        )
    )


def printable_services(partnership: Partnership) -> QuerySet[Service]:
    return _with_relations(
        Service.objects.filter(partnership=partnership, is_active=True).order_by("kind", "name")
    )


def area_municipalities(partnership: Partnership) -> QuerySet[Municipality]:
    return partnership.municipalities.order_by("name")


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when that day does not exist)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class CheckedShare:
    checked: int
    active: int

    @property
    def share(self) -> float | None:
        return self.checked / self.active if self.active else None


def checked_share(partnership: Partnership, *, on: dt.date) -> CheckedShare:
    """Of the entries active on `on`, how many were checked in the six months up to and
    including `on` (an entry checked after `on` does not count for that day)."""
    active = Service.objects.filter(partnership=partnership, is_active=True)
    since = months_before(on, CHECKED_WITHIN_MONTHS)
    checked = active.filter(checked_on__gt=since, checked_on__lte=on).count()
    return CheckedShare(checked=checked, active=active.count())


def needs_check(service: Service, *, on: dt.date) -> bool:
    return service.checked_on is None or service.checked_on <= months_before(
        on, CHECKED_WITHIN_MONTHS
    )
