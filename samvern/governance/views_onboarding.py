"""The onboarding page for a new contact person or deputy (see governance/onboarding.py)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from samvern.accounts.actor import actor_of
from samvern.governance import onboarding
from samvern.partnerships.access import Need, access_partnership


@login_required
@require_GET
def my_onboarding(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    """The reader's own onboarding page in a partnership (where they are contact person
    or deputy), or 404."""
    actor = actor_of(request)
    partnership = access_partnership(actor, partnership_id, Need.VIEW)
    today = timezone.localdate()
    mine = onboarding.own_memberships(actor, partnership, on=today)
    if not mine:
        raise Http404
    return redirect("governance:onboarding", partnership_id=partnership.pk, member_id=mine[0].pk)


@login_required
@require_GET
def onboarding_page(
    request: HttpRequest, partnership_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    today = timezone.localdate()
    member = onboarding.access_onboarding(actor, partnership_id, member_id, on=today)
    user = actor.user
    newcomer = (
        user
        if user is not None and user.pk in (member.relay_id, member.deputy_id)
        else member.relay
    )
    page = onboarding.build(member, newcomer=newcomer, on=today)
    return render(
        request,
        "governance/onboarding/page.html",
        {"page": page, "partnership": member.partnership, "member": member, "today": today},
    )
