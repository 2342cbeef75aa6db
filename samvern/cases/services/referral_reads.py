"""Audited reads of referrals: one referral, "referrals to us" and "my referrals". Each
records one event in the request's transaction, naming the referrals (and their cases)
it showed, so a referral cannot be shown without its event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.accounts.models import CASE_CONTENT_ROLES
from samvern.audit.services import audit_log
from samvern.cases.access import today
from samvern.cases.models import CaseParticipant
from samvern.cases.referrals import (
    ReferralAccess,
    ReferralNeed,
    ReferralRow,
    access_referral,
    referral_rows,
    referrals_from,
    referrals_to,
)

REFERRAL_VIEWED = "cases.referral.viewed"
REFERRALS_TO_US_VIEWED = "cases.referrals.to_us_viewed"
MY_REFERRALS_VIEWED = "cases.referrals.mine_viewed"
# The pages show every referral, a page at a time; the API pages with `?limit=&offset=`.
PAGE_SIZE = 25


def record_referral_read(actor: Actor, found: ReferralAccess, *, via: str | None = None) -> None:
    referral = found.referral
    audit_log(
        actor=actor,
        action=REFERRAL_VIEWED,
        target=referral,
        organisation=actor.organisation,
        detail={
            "case": str(referral.case_id),
            "reference": referral.case.reference,
            "status": referral.status,
            **({"via": via} if via else {}),
        },
    )


@transaction.atomic
def read_referral(actor: Actor, referral_id: object, *, via: str | None = None) -> ReferralAccess:
    found = access_referral(actor, referral_id, ReferralNeed.VIEW)
    record_referral_read(actor, found, via=via)
    return found


def _require_content_role(actor: Actor) -> None:
    """The referral lists exist only for case workers and conference coordinators."""
    if not actor.case_roles & CASE_CONTENT_ROLES or actor.organisation is None:
        raise Http404


def _record_list(
    actor: Actor, action: str, referrals: Sequence[CaseParticipant], via: str | None
) -> None:
    audit_log(
        actor=actor,
        action=action,
        organisation=actor.organisation,
        target_type="cases.caseparticipant",
        detail={
            "referrals": [str(r.pk) for r in referrals],
            "cases": sorted({str(r.case_id) for r in referrals}),
            **({"via": via} if via else {}),
        },
    )


@dataclass(frozen=True)
class ReferralPage:
    """One page of a referral list: the paginator's page and its rows."""

    page: Page[CaseParticipant]
    rows: list[ReferralRow]


# The two lists a page at a time: the event each records and the selector it reads.
LISTS = {
    "to_us": (REFERRALS_TO_US_VIEWED, referrals_to),
    "mine": (MY_REFERRALS_VIEWED, referrals_from),
}


@transaction.atomic
def read_referral_page(
    actor: Actor,
    which: Literal["to_us", "mine"],
    *,
    number: str | int | None = None,
    day: dt.date | None = None,
    via: str | None = None,
) -> ReferralPage:
    """Page `number` (the first when it is not one, the last beyond the end) of "referrals
    to us" or "my referrals": only the page's referrals are read and recorded."""
    _require_content_role(actor)
    day = day or today()
    action, select = LISTS[which]
    page = Paginator(select(actor, day=day), PAGE_SIZE).get_page(number)
    found = list(page.object_list)
    _record_list(actor, action, found, via)
    return ReferralPage(page=page, rows=referral_rows(actor, found, day=day))


@transaction.atomic
def read_referral_slice(
    actor: Actor,
    which: Literal["to_us", "mine"],
    take: Callable[[QuerySet[CaseParticipant]], Sequence[CaseParticipant]],
    *,
    day: dt.date | None = None,
    via: str | None = None,
) -> list[ReferralRow]:
    """The part of "referrals to us" or "my referrals" that `take` picks from the list's
    query (the API's paginator): only those referrals are read and recorded."""
    _require_content_role(actor)
    day = day or today()
    action, select = LISTS[which]
    found = list(take(select(actor, day=day)))
    _record_list(actor, action, found, via)
    return referral_rows(actor, found, day=day)
