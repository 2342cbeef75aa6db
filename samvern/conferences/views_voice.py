"""The person exposed's voice on the agenda case page: the forms for whether her wishes
were heard and for her wishes as recorded at the meeting. Written by those who write the
minutes (`services.meeting.may_write_minutes`); anyone else who may read the meeting gets
the 404 of a refused write. GET sends the reader back to the page's section."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.cases.access import today
from samvern.cases.views import case_view
from samvern.conferences.access import ItemNeed, access_agenda_item
from samvern.conferences.forms_voice import WishesHeardForm
from samvern.conferences.services import meeting
from samvern.conferences.services import voice as services
from samvern.conferences.views_meeting import _render_page, conference_wishes_form
from samvern.core.forms import submit
from samvern.voice.selectors import exposed_persons


def _back(item_id: uuid.UUID) -> HttpResponse:
    return redirect(reverse("conferences:item", args=[item_id]) + "#voice")


@case_view
def wishes_heard_save(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_agenda_item(actor, item_id, ItemNeed.MEETING)
    if request.method != "POST":
        return _back(item_id)
    if not meeting.may_write_minutes(access):
        raise Http404
    form = WishesHeardForm(request.POST)
    if submit(
        form,
        lambda: services.save_wishes_heard(
            actor=actor,
            access=access,
            heard=form.cleaned_data["heard"] == "yes",
            note=form.cleaned_data.get("note") or "",
        ),
    ):
        messages.success(request, _("Whether her wishes were heard has been saved."))
        return _back(item_id)
    return _render_page(request, actor, item_id, wishes_heard_form=form)


@case_view
def wishes_save(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_agenda_item(actor, item_id, ItemNeed.MEETING)
    if request.method != "POST":
        return _back(item_id)
    if not meeting.may_write_minutes(access):
        raise Http404
    persons = list(exposed_persons(access.case.case))
    form = conference_wishes_form(access, persons, request.POST)
    if submit(
        form,
        lambda: services.record_wishes_at_conference(
            actor=actor,
            access=access,
            person=form.person(),
            data=form.wishes_data(),
            today=today(),
        ),
    ):
        messages.success(request, _("Her wishes as heard at the conference have been recorded."))
        return _back(item_id)
    return _render_page(request, actor, item_id, wishes_form=form)
