"""Pages for referrals: "referrals to us" (pending, with their deadlines), one referral with
its answer (accept, decline, withdraw), "my referrals and what became of them", and the
partnership's deadline for answering. Same rules as every case page: one transaction,
every read and write audited, refusals recorded, 404 for "missing" and "not allowed"."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.accounts.models import Role
from samvern.cases import referrals, services
from samvern.cases.access import today
from samvern.cases.forms_referrals import (
    AcceptReferralForm,
    DeclineReferralForm,
    ReferralSettingsForm,
    WithdrawReferralForm,
)
from samvern.cases.referrals import ReferralAccess, ReferralNeed, access_referral
from samvern.cases.services import CaseRuleError, referral_reads
from samvern.cases.views import case_view
from samvern.core.forms import attach_service_error
from samvern.partnerships.models import Partnership


def _context(found: ReferralAccess, **extra: object) -> dict[str, object]:
    return {
        "found": found,
        "referral": found.referral,
        "overdue": found.referral.is_overdue(today()),
        **extra,
    }


@case_view
def referrals_to_us(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    found = referral_reads.read_referral_page(actor, "to_us", number=request.GET.get("page"))
    return render(
        request,
        "cases/referrals/to_us.html",
        {"rows": found.rows, "page": found.page, "day": today()},
    )


@case_view
def my_referrals(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    found = referral_reads.read_referral_page(actor, "mine", number=request.GET.get("page"))
    return render(
        request,
        "cases/referrals/mine.html",
        {"rows": found.rows, "page": found.page, "day": today()},
    )


@case_view
def referral_detail(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    found = referral_reads.read_referral(actor, referral_id)
    return render(request, "cases/referrals/detail.html", _context(found))


@case_view
def accept_referral(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    found = access_referral(actor, referral_id, ReferralNeed.ANSWER)
    form = AcceptReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_referral(actor=actor, access=found)
        except CaseRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("You accepted the referral. The case is open to you."))
            return redirect("cases:detail", case_id=found.referral.case_id)
    referral_reads.record_referral_read(actor, found)
    return render(request, "cases/referrals/accept.html", _context(found, form=form))


@case_view
def decline_referral(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    found = access_referral(actor, referral_id, ReferralNeed.ANSWER)
    form = DeclineReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_referral(actor=actor, access=found, reason=form.cleaned_data["reason"])
        except CaseRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("You declined the referral. The referrer is told."))
            return redirect("cases:referrals_to_us")
    referral_reads.record_referral_read(actor, found)
    return render(request, "cases/referrals/decline.html", _context(found, form=form))


@case_view
def withdraw_referral(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    found = access_referral(actor, referral_id, ReferralNeed.WITHDRAW)
    form = WithdrawReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_referral(actor=actor, access=found)
        except CaseRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The referral has been withdrawn."))
            return redirect("cases:my_referrals")
    referral_reads.record_referral_read(actor, found)
    return render(request, "cases/referrals/withdraw.html", _context(found, form=form))


@case_view
def referral_settings(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    """The partnership's deadline for answering referrals: its conference coordinators."""
    actor = actor_of(request)
    organisation = actor.organisation
    if Role.CONFERENCE_COORDINATOR not in actor.case_roles or organisation is None:
        raise Http404
    partnership = Partnership.objects.filter(pk=partnership_id, coordinator=organisation).first()
    if partnership is None:
        raise Http404
    form = ReferralSettingsForm(
        request.POST or None,
        initial={"response_working_days": referrals.response_working_days(partnership)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_response_days(
                actor=actor,
                partnership=partnership,
                days=form.cleaned_data["response_working_days"],
            )
        except CaseRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The deadline for answering referrals has been saved."))
            return redirect("cases:referral_settings", partnership_id=partnership.pk)
    return render(
        request, "cases/referrals/settings.html", {"form": form, "partnership": partnership}
    )
