"""Pages of programme referrals: the organisation's referrals and what became of them,
referring a case's person using violence, one referral with its intake, sessions and
ending. Thin: access → form → service → render, in one transaction (`case_view`),
refusals recorded."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samvern.accounts.actor import Actor, actor_of
from samvern.accounts.models import CASE_CONTENT_ROLES
from samvern.cases.access import Need, today
from samvern.cases.services import record_read
from samvern.cases.views import case_view
from samvern.core.forms import submit
from samvern.programmes import selectors, services
from samvern.programmes.access import access_case_programmes, access_referral
from samvern.programmes.forms import EndForm, IntakeForm, ReferralForm, SessionForm
from samvern.programmes.models import IntakeResult


@require_GET
@case_view
def referral_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not actor.case_roles & CASE_CONTENT_ROLES:
        raise Http404
    found = services.read_organisation_referral_page(
        actor, day=today(), number=request.GET.get("page")
    )
    return render(request, "programmes/list.html", {"rows": found.rows, "page": found.page})


@case_view
def refer(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_case_programmes(actor, case_id, Need.EDIT)
    day = today()
    persons = list(selectors.persons_using_violence(access.case))
    programmes = list(selectors.programme_services(access.case))
    form = ReferralForm(
        request.POST if request.method == "POST" else None,
        persons=persons,
        services=programmes,
        initial={"referred_on": day},
    )
    created: list[uuid.UUID] = []

    def perform() -> None:
        referral = services.refer(actor=actor, access=access, data=form.referral_data(), today=day)
        created.append(referral.pk)

    if request.method == "POST" and submit(form, perform):
        messages.success(request, _("The referral to the programme has been made."))
        return redirect("programmes:detail", referral_id=created[0])
    record_read(
        actor=actor,
        case=access.case,
        action=services.CASE_VIEWED,
        detail={"via": "page", "form": "refer"},
    )
    return render(
        request,
        "programmes/refer.html",
        {
            "case": access.case,
            "grant": access.grant,
            "form": form,
            "persons": persons,
            "programmes": programmes,
        },
    )


def _render_detail(
    request: HttpRequest,
    actor: Actor,
    referral_id: uuid.UUID,
    *,
    intake_form: IntakeForm | None = None,
    session_form: SessionForm | None = None,
    end_form: EndForm | None = None,
) -> HttpResponse:
    page = services.read_referral(actor, referral_id)
    referral = page.access.referral
    day = today()
    pending = referral.intake_result == IntakeResult.PENDING
    running = referral.intake_result == IntakeResult.ACCEPTED and referral.ended_on is None
    return render(
        request,
        "programmes/detail.html",
        {
            "case": page.access.case,
            "grant": page.access.grant,
            "referral": referral,
            "sessions": page.sessions,
            "updates": page.updates,
            "attended": sum(1 for s in page.sessions if s.attended),
            "missed": sum(1 for s in page.sessions if not s.attended),
            "intake_form": (intake_form or IntakeForm(initial={"intake_on": day}))
            if pending
            else None,
            "session_form": (session_form or SessionForm(initial={"held_on": day}))
            if running
            else None,
            "end_form": (end_form or EndForm(initial={"ended_on": day})) if running else None,
        },
    )


@case_view
def detail(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    return _render_detail(request, actor_of(request), referral_id)


def _back(referral_id: uuid.UUID) -> HttpResponse:
    return redirect(reverse("programmes:detail", args=[referral_id]))


@case_view
def intake(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_referral(actor, referral_id, Need.EDIT)
    if request.method != "POST":
        return _back(referral_id)
    form = IntakeForm(request.POST)
    if submit(
        form,
        lambda: services.record_intake(
            actor=actor,
            access=access,
            accepted=form.cleaned_data["accepted"] == "yes",
            intake_on=form.cleaned_data["intake_on"],
            note=form.cleaned_data.get("note") or "",
            today=today(),
        ),
    ):
        messages.success(request, _("The intake has been recorded."))
        return _back(referral_id)
    return _render_detail(request, actor, referral_id, intake_form=form)


@case_view
def session(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_referral(actor, referral_id, Need.EDIT)
    if request.method != "POST":
        return _back(referral_id)
    form = SessionForm(request.POST)
    if submit(
        form,
        lambda: services.record_session(
            actor=actor,
            access=access,
            held_on=form.cleaned_data["held_on"],
            attended=form.cleaned_data["attended"] == "yes",
            note=form.cleaned_data.get("note") or "",
            today=today(),
        ),
    ):
        messages.success(request, _("The session has been recorded."))
        return _back(referral_id)
    return _render_detail(request, actor, referral_id, session_form=form)


@case_view
def end(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_referral(actor, referral_id, Need.EDIT)
    if request.method != "POST":
        return _back(referral_id)
    form = EndForm(request.POST)
    if submit(
        form,
        lambda: services.record_end(
            actor=actor,
            access=access,
            result=form.cleaned_data["result"],
            ended_on=form.cleaned_data["ended_on"],
            note=form.cleaned_data.get("note") or "",
            today=today(),
        ),
    ):
        messages.success(request, _("The ending has been recorded."))
        return _back(referral_id)
    return _render_detail(request, actor, referral_id, end_form=form)
