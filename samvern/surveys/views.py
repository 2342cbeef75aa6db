"""Survey pages: the rounds of a partnership, the form, the results."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samvern.accounts.actor import actor_of
from samvern.core.forms import attach_service_error
from samvern.surveys import access, selectors, services
from samvern.surveys.forms import OpenRoundForm, ResponseForm
from samvern.surveys.models import Respondent, Response, RoundStatus, SurveyRound

INVALID = 400


@login_required
@require_http_methods(["GET", "POST"])
def round_list(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = access.partnership_for(actor, partnership_id)
    today = timezone.localdate()
    can_run = access.can_run(actor, partnership)
    form = OpenRoundForm(request.POST or None, initial={"year": today.year})
    status = 200
    if request.method == "POST":
        if not can_run:
            raise Http404
        if form.is_valid():
            try:
                services.open_round(
                    actor=actor, partnership=partnership, year=form.cleaned_data["year"], on=today
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The survey round is open."))
                return redirect("surveys:list", partnership.pk)
        status = INVALID
    rounds = list(SurveyRound.objects.filter(partnership=partnership).order_by("-year"))
    answered = set(
        Respondent.objects.filter(round__in=rounds, user_id=actor.user_id or 0).values_list(
            "round_id", flat=True
        )
    )
    counts: dict[uuid.UUID, int] = {}
    for round_id in Response.objects.filter(round__in=rounds).values_list("round_id", flat=True):
        counts[round_id] = counts.get(round_id, 0) + 1
    representative = access.is_representative(actor, partnership, on=today)
    rows = [
        {
            "round": r,
            "responses": counts.get(r.pk, 0),
            "answered": r.pk in answered,
            "can_answer": r.status == RoundStatus.OPEN and representative and r.pk not in answered,
        }
        for r in rounds
    ]
    return render(
        request,
        "surveys/round_list.html",
        {
            "partnership": partnership,
            "rows": rows,
            "can_run": can_run,
            "form": form if can_run else None,
            "has_open": any(r.status == RoundStatus.OPEN for r in rounds),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, partnership_id: uuid.UUID, round_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = access.partnership_for(actor, partnership_id)
    survey_round = access.access_round(actor, partnership, round_id)
    today = timezone.localdate()
    if not access.can_answer(actor, survey_round, on=today):
        raise Http404
    form = ResponseForm(request.POST or None, survey_round=survey_round)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_response(
                    actor=actor,
                    survey_round=survey_round,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    on=today,
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("Thank you. Your answer was recorded anonymously."))
                return redirect("surveys:list", partnership.pk)
        status = INVALID
    return render(
        request,
        "surveys/answer.html",
        {"partnership": partnership, "survey_round": survey_round, "form": form},
        status=status,
    )


@login_required
def round_results(
    request: HttpRequest, partnership_id: uuid.UUID, round_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = access.partnership_for(actor, partnership_id)
    survey_round = access.access_round(actor, partnership, round_id)
    return render(
        request,
        "surveys/results.html",
        {
            "partnership": partnership,
            "survey_round": survey_round,
            "results": selectors.results(survey_round),
            "responses": selectors.response_count(survey_round),
            "min_answers": selectors.MIN_ANSWERS,
            "can_run": access.can_run(actor, partnership),
        },
    )


@login_required
@require_POST
def close(request: HttpRequest, partnership_id: uuid.UUID, round_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = access.partnership_for(actor, partnership_id)
    survey_round = access.access_round(actor, partnership, round_id)
    if not access.can_run(actor, partnership):
        raise Http404
    try:
        services.close_round(actor=actor, survey_round=survey_round, on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The survey round is closed. The results are ready."))
    return redirect("surveys:results", partnership.pk, survey_round.pk)
