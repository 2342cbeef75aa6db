"""Outcome follow-up pages: the follow-ups the lead organisation is asked for, a case's
follow-ups, recording one, and the partnership's follow-up months. Thin: access → form →
service → render, one transaction (`case_view`), refusals recorded."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samvern.accounts.actor import actor_of
from samvern.cases.access import today
from samvern.cases.services import record_read
from samvern.cases.views import case_view
from samvern.conferences import followup
from samvern.conferences.access import access_follow_up, lead_partnerships_q
from samvern.conferences.forms_followup import FollowUpForm, FollowUpSettingsForm
from samvern.conferences.models import FollowUpCheckpoint
from samvern.conferences.services import followup as services
from samvern.core.forms import submit
from samvern.partnerships.models import Partnership


@require_GET
@case_view
def due_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partnerships = services.lead_partnerships(actor)
    if not partnerships:
        raise Http404
    day = today()
    due = services.read_due_list(actor, today=day)
    months = followup.months_for([p.pk for p in partnerships])
    return render(
        request,
        "conferences/followup/due_list.html",
        {
            "due": [d for d in due if d.is_due(day)],
            "coming": [d for d in due if not d.is_due(day)],
            "today": day,
            "partnerships": [(p, months[p.pk]) for p in partnerships],
            "within_days": followup.COMING_WITHIN_DAYS,
        },
    )


@require_GET
@case_view
def case_follow_ups(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_follow_up(actor, case_id, record=False)
    schedule = services.read_case_follow_ups(actor, access)
    return render(
        request,
        "conferences/followup/case.html",
        {
            "case": access.case.case,
            "grant": access.case.grant,
            "lead": access.lead,
            "schedule": schedule,
            "today": today(),
        },
    )


@case_view
def record(request: HttpRequest, case_id: uuid.UUID, checkpoint: int) -> HttpResponse:
    actor = actor_of(request)
    access = access_follow_up(actor, case_id, record=True)
    if checkpoint not in FollowUpCheckpoint.values:
        raise Http404
    day = today()
    police = services.police_take_part(access, day=day)
    form = FollowUpForm(request.POST if request.method == "POST" else None, police=police)
    if request.method == "POST" and submit(
        form,
        lambda: services.record_follow_up(
            actor=actor,
            access=access,
            checkpoint=checkpoint,
            data=form.follow_up_data(),
            today=day,
        ),
    ):
        messages.success(request, _("The follow-up has been recorded."))
        return redirect("conferences:followup_case", case_id=access.case.case.pk)
    due = next(
        (d for d in followup.case_schedule(access.case.case) if d.checkpoint == checkpoint), None
    )
    record_read(
        actor=actor,
        case=access.case.case,
        action=services.FOLLOW_UP_VIEWED,
        detail={"via": "page", "form": checkpoint},
    )
    return render(
        request,
        "conferences/followup/form.html",
        {
            "case": access.case.case,
            "grant": access.case.grant,
            "form": form,
            "due": due,
            "today": day,
            "police": police,
        },
    )


@case_view
def settings_page(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = Partnership.objects.filter(lead_partnerships_q(actor), pk=partnership_id).first()
    if partnership is None:
        raise Http404
    first, second = followup.months_for([partnership.pk])[partnership.pk]
    form = FollowUpSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"first_months": first, "second_months": second},
    )
    if request.method == "POST" and submit(
        form,
        lambda: services.save_settings(
            actor=actor,
            partnership=partnership,
            first_months=form.cleaned_data["first_months"],
            second_months=form.cleaned_data["second_months"],
        ),
    ):
        messages.success(request, _("The follow-up months have been saved."))
        return redirect("conferences:followup_list")
    return render(
        request,
        "conferences/followup/settings.html",
        {"partnership": partnership, "form": form},
    )
