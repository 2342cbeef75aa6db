"""Reads about partnerships.

`member_organisations`, `is_member` and `relay_for` answer questions about membership
dates and contact persons; the case layer calls them to decide which organisations may
take part in a partnership's cases on a given day. They do not check the caller's rights:
whoever calls them has already fetched the partnership through an access function.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.models import Membership, Organisation, User
from samvern.partnerships.access import visible_partnerships_q
from samvern.partnerships.models import ContactChange, Partnership, PartnershipMember


def _day(on: dt.date | None) -> dt.date:
    return on if on is not None else timezone.localdate()


def partnerships_for(
    actor: Actor, *, on: dt.date | None = None, active_only: bool = False
) -> QuerySet[Partnership]:
    """Partnerships `actor` may see on `on` (today by default): those where one of the
    actor's organisations is a member that day, and those the actor manages as
    coordinator. `active_only` leaves out partnerships that have been wound up."""
    day = _day(on)
    partnerships = Partnership.objects.filter(visible_partnerships_q(actor, on=day))
    if active_only:
        partnerships = partnerships.filter(is_active=True)
    return (
        partnerships.select_related("coordinator")
        .annotate(
            current_member_count=Count(
                "members",
                filter=Q(members__joined_on__lte=day)
                & (Q(members__left_on__isnull=True) | Q(members__left_on__gt=day)),
                distinct=True,
            )
        )
        .order_by("name")
    )


def member_organisations(
    partnership: Partnership, *, on: dt.date | None = None
) -> QuerySet[Organisation]:
    """Organisations that are members of `partnership` on `on` (today by default)."""
    day = _day(on)
    return Organisation.objects.filter(
        pk__in=PartnershipMember.objects.active_on(day)
        .filter(partnership=partnership)
        .values("organisation_id")
    ).order_by("name")


def is_member(
    partnership: Partnership, organisation: Organisation, *, on: dt.date | None = None
) -> bool:
    """Whether `organisation` is a member of `partnership` on `on` (today by default)."""
    return (
        PartnershipMember.objects.active_on(_day(on))
        .filter(partnership=partnership, organisation=organisation)
        .exists()
    )


def current_membership(
    partnership: Partnership, organisation: Organisation, *, on: dt.date | None = None
) -> PartnershipMember | None:
    return (
        PartnershipMember.objects.active_on(_day(on))
        .filter(partnership=partnership, organisation=organisation)
        .select_related("relay", "deputy", "organisation")
        .first()
    )


def is_available_contact(user: User | None, organisation_id: uuid.UUID) -> bool:
    """A contact person must be an active user who still holds a role in the organisation."""
    if user is None or not user.is_active:
        return False
    return Membership.objects.current().filter(user=user, organisation_id=organisation_id).exists()


def relay_for(
    partnership: Partnership, organisation: Organisation, *, on: dt.date | None = None
) -> User | None:
    """Who to contact in `organisation` about `partnership`'s work on `on`: the contact
    person, or the deputy when the contact person is missing, away that day, deactivated
    or no longer in the organisation. None when neither can be reached (or the
    organisation is not a member that day)."""
    day = _day(on)
    member = current_membership(partnership, organisation, on=day)
    if member is None:
        return None
    relay_away = member.relay_away_until is not None and member.relay_away_until >= day
    if not relay_away and is_available_contact(member.relay, member.organisation_id):
        return member.relay
    if is_available_contact(member.deputy, member.organisation_id):
        return member.deputy
    return None


def members_for_page(
    partnership: Partnership, *, on: dt.date | None = None
) -> list[PartnershipMember]:
    """Current members with their contact persons, for the partnership page (one query)."""
    return list(
        PartnershipMember.objects.active_on(_day(on))
        .filter(partnership=partnership)
        .select_related("organisation", "relay", "deputy")
        .order_by("organisation__name")
    )


def member_history(partnership: Partnership) -> list[PartnershipMember]:
    """Every membership period, current and former, newest first within an organisation."""
    return list(
        PartnershipMember.objects.filter(partnership=partnership)
        .select_related("organisation", "relay", "deputy")
        .prefetch_related(
            Prefetch(
                "contact_changes",
                queryset=ContactChange.objects.select_related(
                    "changed_by", "previous_relay", "new_relay", "previous_deputy", "new_deputy"
                ).order_by("-changed_at"),
            )
        )
        .order_by("organisation__name", "-joined_on")
    )


def contact_changes(
    partnership: Partnership, *, limit: int | None = None
) -> QuerySet[ContactChange]:
    changes = (
        ContactChange.objects.filter(member__partnership=partnership)
        .select_related(
            "member__organisation",
            "changed_by",
            "previous_relay",
            "new_relay",
            "previous_deputy",
            "new_deputy",
        )
        .order_by("-changed_at")
    )
    return changes[:limit] if limit else changes


@dataclass(frozen=True)
class MemberRow:
    """A current member as the partnership page shows it: who the contact person and
    deputy are, their job titles, and who to contact today."""

    member: PartnershipMember
    relay_title: str
    deputy_title: str
    relay_available: bool
    deputy_available: bool
    relay_away: bool
    contact_now: User | None


def member_rows(partnership: Partnership, *, on: dt.date | None = None) -> list[MemberRow]:
    """The partnership page's member table in two queries, whatever the number of members.
    `contact_now` follows the same rule as `relay_for`."""
    day = _day(on)
    members = members_for_page(partnership, on=day)
    people = {
        person_id
        for member in members
        for person_id in (member.relay_id, member.deputy_id)
        if person_id is not None
    }
    titles: dict[tuple[object, object], str] = {}
    if people:
        for user_id, organisation_id, title in (
            Membership.objects.current(day)
            .filter(
                user_id__in=people,
                organisation_id__in=[m.organisation_id for m in members],
            )
            .values_list("user_id", "organisation_id", "title")
        ):
            key = (user_id, organisation_id)
            titles[key] = titles.get(key) or title
    rows = []
    for member in members:
        relay_ok = (
            member.relay is not None
            and member.relay.is_active
            and (member.relay_id, member.organisation_id) in titles
        )
        deputy_ok = (
            member.deputy is not None
            and member.deputy.is_active
            and (member.deputy_id, member.organisation_id) in titles
        )
        away = member.relay_away_until is not None and member.relay_away_until >= day
        if relay_ok and not away:
            contact_now = member.relay
        elif deputy_ok:
            contact_now = member.deputy
        else:
            contact_now = None
        rows.append(
            MemberRow(
                member=member,
                relay_title=titles.get((member.relay_id, member.organisation_id), ""),
                deputy_title=titles.get((member.deputy_id, member.organisation_id), ""),
                relay_available=relay_ok,
                deputy_available=deputy_ok,
                relay_away=away,
                contact_now=contact_now,
            )
        )
    return rows


def former_member_count(partnership: Partnership, *, on: dt.date | None = None) -> int:
    day = _day(on)
    return PartnershipMember.objects.filter(
        partnership=partnership, left_on__isnull=False, left_on__lte=day
    ).count()
