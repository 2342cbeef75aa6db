"""Which login block applies to a request, and until when (read from django-axes' records).

django-axes counts failures per user name and per client address (AXES_LOCKOUT_PARAMETERS)
within the cool-off period and refuses further attempts once either count reaches
AXES_FAILURE_LIMIT. This module answers the questions a person who is refused asks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone


@dataclass(frozen=True)
class LockoutState:
    by_account: bool
    by_address: bool
    until: dt.datetime

    @property
    def reasons(self) -> list[str]:
        return [
            reason
            for reason, applies in (("account", self.by_account), ("address", self.by_address))
            if applies
        ]


def lockout_state(*, username: str, ip_address: str, request: HttpRequest) -> LockoutState:
    now = timezone.now()
    cool_off = get_cool_off(request) or dt.timedelta(0)
    limit = get_failure_limit(request, {"username": username})
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off)

    def tally(**filters: str) -> tuple[int, dt.datetime | None]:
        if not any(filters.values()):
            return 0, None
        result = recent.filter(**filters).aggregate(
            failures=Sum("failures_since_start"), latest=Max("attempt_time")
        )
        return result["failures"] or 0, result["latest"]

    account_failures, account_latest = tally(username=username)
    address_failures, address_latest = tally(ip_address=ip_address)
    by_account = account_failures >= limit
    by_address = address_failures >= limit
    relevant = [
        latest
        for applies, latest in ((by_account, account_latest), (by_address, address_latest))
        if applies and latest is not None
    ]
    # The block lifts when the failures that caused it age out of the cool-off period;
    # the newest of them gives the latest moment that can take.
    until = max(relevant) + cool_off if relevant else now + cool_off
    return LockoutState(by_account=by_account, by_address=by_address, until=until)
