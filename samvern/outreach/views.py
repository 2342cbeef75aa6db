"""Pages of the outreach queue. Each view: access → form → service → render, in one
transaction with its audit events; a refusal is the case layer's 404 and is recorded.
The clock is read once per request, here, and passed on."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from samvern.accounts.actor import actor_of
from samvern.accounts.models import Organisation
from samvern.audit.services import audited_atomic
from samvern.core.forms import attach_service_error
from samvern.directory.models import Service
from samvern.outreach import selectors, services
from samvern.outreach.access import (
    Need,
    NoticeAccess,
    access_notice,
    may_register,
    works_with_notices,
)
from samvern.outreach.forms import AttemptForm, NoticeForm, ReferForm, SettingsForm
from samvern.outreach.models import EntryStatus, PersonKind
from samvern.outreach.services import OutreachRuleError
from samvern.partnerships.access import Need as PartnershipNeed
from samvern.partnerships.access import access_partnership
from samvern.partnerships.models import Partnership, PartnershipMember

Params = ParamSpec("Params")
View = Callable[Concatenate[HttpRequest, Params], HttpResponseBase]


def outreach_view(view: View[Params]) -> View[Params]:
    """Logged in, never cached, one transaction whose audit events are written at its
    end; a 404 is recorded as a refused case-layer request."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, *args: Params.args, **kwargs: Params.kwargs
    ) -> HttpResponseBase:
        try:
            with audited_atomic():
                response = view(request, *args, **kwargs)
        except Http404:
            match = request.resolver_match
            services.refused(
                actor_of(request),
                route=match.view_name if match else request.path,
                method=request.method or "",
                identifiers=dict(kwargs),
                via="page",
            )
            raise
        response["Cache-Control"] = "no-store"
        return response

    return login_required(never_cache(wrapper))


@outreach_view
def queue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not works_with_notices(actor):
        raise Http404
    now = timezone.now()
    tab = request.GET.get("tab", selectors.QueueTab.OPEN)
    if tab not in selectors.QueueTab.ALL:
        tab = selectors.QueueTab.OPEN
    page = Paginator(
        selectors.queue_entries(actor=actor, tab=tab, now=now), selectors.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = selectors.queue_rows(entries=list(page.object_list), now=now)
    services.record_list_read(
        actor=actor,
        action="outreach.queue.viewed",
        notices=[row.notice for row in rows],
        via="page",
        view=tab,
    )
    return render(
        request,
        "outreach/queue.html",
        {"rows": rows, "page": page, "tab": tab, "may_register": may_register(actor), "now": now},
    )


@outreach_view
def notices(request: HttpRequest) -> HttpResponse:
    """The notices the police organisation registered, and what came of them."""
    actor = actor_of(request)
    if not may_register(actor):
        raise Http404
    page = Paginator(selectors.police_notices(actor=actor), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    services.record_list_read(
        actor=actor, action="outreach.notices.listed", notices=rows, via="page", view="police"
    )
    return render(
        request, "outreach/notices.html", {"notices": rows, "page": page, "now": timezone.now()}
    )


def _registration_partnerships(actor_organisation: Organisation | None) -> object:
    members = PartnershipMember.objects.active_on(timezone.localdate()).filter(
        organisation=actor_organisation
    )
    return Partnership.objects.filter(
        pk__in=members.values("partnership_id"), is_active=True
    ).order_by("name")


@outreach_view
def register(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not may_register(actor):
        raise Http404
    now = timezone.now()
    partnerships = _registration_partnerships(actor.organisation)
    form = NoticeForm(request.POST or None, partnerships=partnerships, now=now)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.register_notice(actor=actor, data=form.notice_data(), now=now)
        except OutreachRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The notice has been sent to the support services."))
            return redirect("outreach:notice", notice_id=notice.pk)
    return render(request, "outreach/register.html", {"form": form})


def _notice_context(access: NoticeAccess, **extra: object) -> dict[str, object]:
    now = timezone.now()
    entry = access.entry
    return {
        "access": access,
        "notice": access.notice,
        "entry": entry,
        "overdue": entry.is_overdue(now) if entry is not None else False,
        "now": now,
        **extra,
    }


@outreach_view
def notice_detail(request: HttpRequest, notice_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = services.read_notice(actor, notice_id)
    entry = access.entry
    return render(
        request,
        "outreach/notice_detail.html",
        _notice_context(
            access,
            persons=selectors.visible_persons(access),
            attempts=selectors.attempts_for(access),
            entries=selectors.entries_for_notifier(access),
            may_contact=entry is not None and entry.status == EntryStatus.OPEN,
            may_refer=entry is not None and entry.case_id is None,
            referral=selectors.receiver_referral(access),
        ),
    )


def _attempt_form(request: HttpRequest, access: NoticeAccess) -> AttemptForm:
    partnership_id = access.notice.partnership_id
    members = PartnershipMember.objects.active_on(timezone.localdate()).filter(
        partnership=partnership_id
    )
    return AttemptForm(
        request.POST or None,
        services=Service.objects.filter(partnership=partnership_id, is_active=True).order_by(
            "name"
        ),
        organisations=Organisation.objects.filter(
            pk__in=members.values("organisation_id")
        ).order_by("name"),
    )


@outreach_view
def add_attempt(request: HttpRequest, notice_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_notice(actor, notice_id, Need.CONTACT)
    form = _attempt_form(request, access)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attempt(
                actor=actor, access=access, data=form.attempt_data(), now=timezone.now()
            )
        except OutreachRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The attempt has been recorded."))
            return redirect("outreach:notice", notice_id=access.notice.pk)
    services.record_notice_read(actor=actor, access=access, view="attempt")
    return render(request, "outreach/add_attempt.html", _notice_context(access, form=form))


@outreach_view
def refer(request: HttpRequest, notice_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_notice(actor, notice_id, Need.CONTACT)
    form = ReferForm(request.POST or None, reason=services.default_reason(access.notice))
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.refer_notice(
                actor=actor, access=access, reason=form.cleaned_data["reason"], now=timezone.now()
            )
        except OutreachRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The police's referral has been made. Accept it to open the case to "
                    "your service, or decline it with a reason."
                ),
            )
            return redirect("cases:referral", referral_id=referral.pk)
    persons = selectors.visible_persons(access)
    others = access.notice.persons.count() - len(persons)
    services.record_notice_read(actor=actor, access=access, view="refer")
    return render(
        request,
        "outreach/refer.html",
        _notice_context(access, form=form, case_persons=persons, other_persons=others),
    )


@outreach_view
def edit_settings(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = access_partnership(actor, partnership_id, PartnershipNeed.MANAGE)
    members = Organisation.objects.filter(
        pk__in=PartnershipMember.objects.active_on(timezone.localdate())
        .filter(partnership=partnership)
        .values("organisation_id")
    ).order_by("name")
    current = selectors.settings_for(partnership)
    initial: dict[str, object] = {
        "deadline_hours": current.deadline_hours if current else 48,
        "working_days_only": current.working_days_only if current else False,
        "attempts_before_not_reached": current.attempts_before_not_reached if current else 3,
    }
    if current is not None:
        for kind in PersonKind.values:
            initial[kind] = [
                d.organisation_id for d in current.designations.all() if d.person_kind == kind
            ]
    form = SettingsForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_settings(actor=actor, partnership=partnership, data=form.settings_data())
        except OutreachRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The outreach settings have been saved."))
            return redirect("outreach:settings", partnership_id=partnership.pk)
    return render(request, "outreach/settings.html", {"form": form, "partnership": partnership})
