"""Pages for action points after the meeting ("my organisation's actions", one point, its
outcome) and for the personal calendar address. Each view: access → form → service →
render, in one transaction, never cached; a 404 on these routes is recorded as the case
layer records its refusals."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from samvern.accounts.actor import actor_of
from samvern.cases.access import today
from samvern.cases.views import case_view
from samvern.checklists import services as checklist_services
from samvern.checklists.selectors import OpenChecklistItem
from samvern.conferences.access import ActionPointAccess, PointNeed, access_action_point
from samvern.conferences.forms_actions import OutcomeForm, PointFilterForm
from samvern.conferences.models import ActionPoint, Outcome
from samvern.conferences.services import actions, calendar
from samvern.core.forms import submit

PAGE_SIZE = 25


def organisation_checklist_items(request: HttpRequest) -> list[OpenChecklistItem]:
    """The unticked duties of the acting organisation's checklists, in the cases it takes
    part in: shown in their own section of "my organisation's actions", their read
    recorded by the checklists app."""
    return checklist_services.read_open_items(actor_of(request), day=today(), via="actions")


def _may_list(request: HttpRequest) -> bool:
    return calendar.may_have_feed(actor_of(request))


def _outcome_form(point: ActionPoint, *, ids: str = "") -> OutcomeForm:
    """An empty outcome form that starts at the point's current outcome."""
    form = OutcomeForm(ids=ids)
    form.fields["outcome"].initial = point.outcome
    return form


def _point_context(access: ActionPointAccess, **extra: object) -> dict[str, object]:
    day = today()
    point = access.point
    return {
        "point": point,
        "case": access.case.case,
        "grant": access.case.grant,
        "owner": access.owner,
        "overdue": point.is_overdue(day),
        "history": actions.outcome_history(point),
        **extra,
    }


@case_view
@require_GET
def my_actions(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not _may_list(request):
        raise Http404
    day = today()
    filter_form = PointFilterForm(request.GET or None)
    filters = filter_form.filters()
    points = actions.organisation_points(actor, day=day, filters=filters)
    page = Paginator(points.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = actions.points_in_order(list(page.object_list))
    rows = actions.read_point_rows(actor=actor, points=shown, day=day)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "conferences/actions/my_actions.html",
        {
            "rows": [(row, _outcome_form(row.point, ids=str(row.point.pk))) for row in rows],
            "page": page,
            "filter_form": filter_form,
            "filtered": filters != actions.PointFilters(),
            "query": query.urlencode(),
            "here": request.get_full_path(),
            "today": day,
            "checklist_items": organisation_checklist_items(request),
        },
    )


@case_view
@require_GET
def action(request: HttpRequest, point_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = actions.read_action_point(actor, point_id, day=today())
    form = _outcome_form(access.point) if access.owner else None
    return render(request, "conferences/actions/action.html", _point_context(access, form=form))


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next", "")
    list_path = reverse("conferences:my_actions")
    if target.startswith(list_path) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@case_view
@require_POST
def action_outcome(request: HttpRequest, point_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    day = today()
    access = access_action_point(actor, point_id, PointNeed.OUTCOME, day=day)
    form = OutcomeForm(request.POST)

    def record() -> None:
        actions.record_outcome(
            actor=actor,
            access=access,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
            day=day,
        )

    if submit(form, record):
        label = dict(Outcome.choices)[form.cleaned_data["outcome"]]
        messages.success(request, _("Outcome recorded: %(outcome)s.") % {"outcome": label})
        return redirect(_safe_next(request) or reverse("conferences:action", args=[point_id]))
    # The page is shown again, with the point's content: that is a read.
    actions.record_point_read(actor=actor, access=access)
    return render(request, "conferences/actions/action.html", _point_context(access, form=form))


# --- the calendar address ------------------------------------------------------------------


def _calendar_page(request: HttpRequest, *, new: calendar.NewFeed | None = None) -> HttpResponse:
    actor = actor_of(request)
    feed_url = (
        request.build_absolute_uri(reverse("conferences:calendar_feed", args=[new.token]))
        if new is not None
        else ""
    )
    return render(
        request,
        "conferences/actions/calendar.html",
        {"feed": calendar.live_feed(actor), "feed_url": feed_url},
    )


@case_view
def calendar_page(request: HttpRequest) -> HttpResponse:
    """GET: the address's state. POST: make a new address (replacing the old one) and
    show it this once."""
    actor = actor_of(request)
    if not calendar.may_have_feed(actor):
        raise Http404
    if request.method == "POST":
        replaced = calendar.live_feed(actor) is not None
        new = calendar.create_feed(actor=actor)
        messages.success(
            request,
            _("Your new calendar address is below. The old one no longer works.")
            if replaced
            else _("Your calendar address is below."),
        )
        return _calendar_page(request, new=new)
    return _calendar_page(request)


@case_view
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if calendar.live_feed(actor) is None:
        raise Http404
    calendar.revoke_feed(actor=actor)
    messages.success(request, _("Your calendar address no longer works."))
    return redirect("conferences:calendar")


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar itself, fetched by a calendar program without signing in: the secret
    in the address is the credential. Unknown and revoked addresses get the same 404."""
    feed = calendar.feed_for_token(token)
    if feed is None:
        raise Http404
    body = calendar.fetch_calendar(feed, day=today())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="samvern.ics"'
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
