"""The agenda case page: one case at one conference, with its facts, each organisation's
research, the minutes and the action points, each part shown only as
`samvern.conferences.access.AgendaCaseAccess` allows. One view per form; each runs in one
transaction (`case_view`), so a read's audit event is stored with the read or not at all,
and a 404 (missing or not allowed, the same answer) is recorded as a refusal."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor, actor_of
from samvern.cases.models import Person
from samvern.cases.selectors import current_participant_organisations
from samvern.cases.views import case_view
from samvern.conferences import documents
from samvern.conferences.access import AgendaCaseAccess, ItemNeed, access_agenda_item
from samvern.conferences.forms_meeting import ActionPointForm, MinutesForm, ResearchForm
from samvern.conferences.forms_voice import ConferenceWishesForm, WishesHeardForm
from samvern.conferences.services import meeting
from samvern.conferences.services import voice as voice_services
from samvern.core.forms import submit


def _url_if_routed(name: str, *args: object) -> str:
    """A link to a page of another area of the conferences app, or nothing while that
    area does not route it (the page stands on its own without the link)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _action_form(access: AgendaCaseAccess, data: object = None) -> ActionPointForm:
    organisations = meeting.owner_candidates(access)
    return ActionPointForm(
        data,  # type: ignore[arg-type]
        organisations=organisations,
        members=meeting.assignee_candidates(organisations),
    )


def conference_wishes_form(
    access: AgendaCaseAccess, persons: list[Person], data: object = None
) -> ConferenceWishesForm:
    return ConferenceWishesForm(
        data,  # type: ignore[arg-type]
        persons=persons,
        organisations=list(current_participant_organisations(case=access.case.case)),
    )


def _render_page(
    request: HttpRequest,
    actor: Actor,
    item_id: uuid.UUID,
    *,
    research_form: ResearchForm | None = None,
    minutes_form: MinutesForm | None = None,
    action_form: ActionPointForm | None = None,
    wishes_heard_form: WishesHeardForm | None = None,
    wishes_form: ConferenceWishesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = meeting.read_item_page(actor, item_id)
    access = page.access
    voice = voice_services.read_voice_at_meeting(actor, access)
    may_write_voice = voice is not None and meeting.may_write_minutes(access)
    if may_write_voice and voice is not None:
        if wishes_heard_form is None:
            heard = voice.heard
            wishes_heard_form = WishesHeardForm(
                initial=(
                    {"heard": "yes" if heard.heard else "no", "note": heard.note} if heard else None
                )
            )
        if wishes_form is None and voice.persons:
            wishes_form = conference_wishes_form(access, [p.person for p in voice.persons])
    if page.may_write_research and research_form is None:
        own = page.own_research
        research_form = ResearchForm(
            initial=(
                {
                    "body": own.body,
                    "legal_basis": own.legal_basis,
                    "statutory_basis": own.statutory_basis,
                }
                if own
                else None
            )
        )
    if page.may_write_minutes:
        if minutes_form is None:
            minutes = page.minutes
            minutes_form = MinutesForm(
                initial=(
                    {
                        "risk_summary": minutes.risk_summary,
                        "discussion": minutes.discussion,
                        "decisions": minutes.decisions,
                    }
                    if minutes
                    else None
                )
            )
        if action_form is None:
            action_form = _action_form(access)
    conference = access.conference.conference
    return render(
        request,
        "conferences/meeting/item.html",
        {
            "page": page,
            "access": access,
            "conference": conference,
            "item": access.item,
            "case": access.case.case,
            "grant": access.case.grant,
            "research_form": research_form if page.may_write_research else None,
            "minutes_form": minutes_form if page.may_write_minutes else None,
            "action_form": action_form if page.may_write_minutes else None,
            "voice": voice,
            "wishes_heard_form": wishes_heard_form if may_write_voice else None,
            "wishes_form": wishes_form if may_write_voice else None,
            "conferences_url": _url_if_routed("conferences:list"),
            "conference_url": _url_if_routed("conferences:detail", conference.pk),
        },
        status=status,
    )


@case_view
def item(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    return _render_page(request, actor_of(request), item_id)


def _back(item_id: uuid.UUID, anchor: str) -> HttpResponse:
    return redirect(reverse("conferences:item", args=[item_id]) + f"#{anchor}")


# The form views answer GET by sending the reader back to the page (after the same access
# check as the page's part, so a refused reader gets the same 404). Writing the minutes
# and action points is for attendees (and the coordinator running the meeting) among
# those who may see them: anyone else who may read them gets the 404 of a refused write.


@case_view
def research_save(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_agenda_item(actor, item_id, ItemNeed.RESEARCH)
    if request.method != "POST":
        return _back(item_id, "research")
    form = ResearchForm(request.POST)
    if submit(
        form, lambda: meeting.save_research(actor=actor, access=access, data=form.research_data())
    ):
        messages.success(request, _("Your organisation's research has been saved."))
        return _back(item_id, "research")
    return _render_page(request, actor, item_id, research_form=form)


@case_view
def minutes_save(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_agenda_item(actor, item_id, ItemNeed.MEETING)
    if request.method != "POST":
        return _back(item_id, "minutes")
    if not meeting.may_write_minutes(access):
        raise Http404
    form = MinutesForm(request.POST)
    if submit(
        form, lambda: meeting.save_minutes(actor=actor, access=access, data=form.minutes_data())
    ):
        messages.success(request, _("The minutes have been saved."))
        return _back(item_id, "minutes")
    return _render_page(request, actor, item_id, minutes_form=form)


@case_view
def action_add(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_agenda_item(actor, item_id, ItemNeed.MEETING)
    if request.method != "POST":
        return _back(item_id, "action-points")
    if not meeting.may_write_minutes(access):
        raise Http404
    form = _action_form(access, request.POST)
    if submit(
        form,
        lambda: meeting.add_action_point(actor=actor, access=access, data=form.action_point_data()),
    ):
        messages.success(request, _("The action point has been added."))
        return _back(item_id, "action-points")
    return _render_page(request, actor, item_id, action_form=form)


@case_view
def minutes_pdf(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    document = meeting.read_minutes_document(actor_of(request), item_id)
    content = documents.minutes_pdf(document)
    conference = document.access.conference.conference
    name = slugify(f"{document.access.case.case.reference}-{conference.date:%Y-%m-%d}")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name or "minutes"}.pdf"'
    return response
