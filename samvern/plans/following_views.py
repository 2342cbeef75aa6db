"""Pages for following a public plan by e-mail; the rules are in `samvern.plans.following`.

All of them are public. The sign-up answers with the same page whatever the address; the
confirmation and unsubscribe links show a page with a button (GET changes nothing, so a
mail scanner fetching the link neither confirms nor unsubscribes) and act on POST.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from rest_framework.throttling import SimpleRateThrottle

from samvern.accounts.actor import Actor
from samvern.api.throttling import ClientAddressMixin
from samvern.core.forms import StyledForm
from samvern.plans import following
from samvern.plans.access import Need, access_plan
from samvern.plans.models import Plan, PlanVersion

INVALID = 400
TOO_MANY = 429


class SignupThrottle(ClientAddressMixin, SimpleRateThrottle):
    """Sign-ups per client address (as the login lock-out takes it, so a made-up
    X-Forwarded-For gets no fresh allowance): the per-address mail limit stops mail to one
    inbox, this stops one client from sending confirmation mail to many. Counted in the
    cache, so per process with the default local-memory cache."""

    scope = "plan_follow"

    def get_rate(self) -> str:
        return f"{settings.SAMVERN_FOLLOW_SIGNUPS_PER_HOUR}/hour"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class FollowForm(StyledForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Write the e-mail address the notices should go to."),
            "invalid": _("Write a whole e-mail address, such as navn@example.no."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _public_plan(plan_id: Any) -> tuple[Plan, PlanVersion]:
    """The plan and its public version, as the public page finds them; Http404 for a plan
    nobody outside its municipalities may see (drafts only, withdrawn, missing)."""
    plan = access_plan(Actor.anonymous(), plan_id, Need.VIEW)
    version = following.public_version(plan)
    if version is None:
        raise Http404
    return plan, version


def _signup_allowed(request: HttpRequest) -> bool:
    """The throttle reads only the client address (and nothing of a DRF request or view)."""
    return SignupThrottle().allow_request(cast(Any, request), cast(Any, None))


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, plan_id: Any) -> HttpResponse:
    plan, version = _public_plan(plan_id)
    form = FollowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not _signup_allowed(request):
        form.add_error(
            None,
            _("Too many sign-ups have come from your network in the last hour. Try again later."),
        )
        return render(
            request,
            "plans/follow/follow.html",
            {"plan": plan, "version": version, "form": form},
            status=TOO_MANY,
        )
    if request.method == "POST" and form.is_valid():
        following.request_follow(
            plan=plan,
            email=form.cleaned_data["email"],
            language=translation.get_language() or "",
        )
        return redirect("plans:follow_sent", plan.pk)
    return render(
        request,
        "plans/follow/follow.html",
        {"plan": plan, "version": version, "form": form},
        status=INVALID if form.errors else 200,
    )


@require_http_methods(["GET"])
def follow_sent(request: HttpRequest, plan_id: Any) -> HttpResponse:
    plan, version = _public_plan(plan_id)
    return render(request, "plans/follow/sent.html", {"plan": plan, "version": version})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    follower = following.follower_for_token(token)
    plan, version = _public_plan(follower.plan_id)
    if request.method == "POST":
        following.confirm_follow(follower=follower)
    return render(
        request,
        "plans/follow/confirm.html",
        {
            "plan": plan,
            "version": version,
            "confirmed": follower.confirmed_at is not None,
        },
    )


# The link in the e-mail is the credential: RFC 8058's one-click unsubscribe is a POST from
# the mail program, which carries no CSRF token. A forged request would need the signed
# link, and all it can do is what the link's owner may do anyway.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, follower_id: Any, token: str) -> HttpResponse:
    follower = following.follower_for_unsubscribe(follower_id, token)
    title = ""
    if follower is not None:
        version = following.public_version(follower.plan)
        title = version.title if version else follower.plan.title
        if request.method == "POST":
            following.unsubscribe(follower=follower)
            follower = None
    return render(
        request,
        "plans/follow/unsubscribe.html",
        {"following": follower is not None, "plan_title": title},
    )
