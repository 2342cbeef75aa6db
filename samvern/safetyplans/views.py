"""Pages of safety plans: the person's plan (current version and version list), the edit
page (every change a new version), one version, the comparison of two versions, and the
PDF. Each view runs in one transaction with its audit event; a 404 — missing or not
allowed, the same answer — is recorded as a case-layer refusal. Nothing is cached."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from samvern.accounts.actor import actor_of
from samvern.cases import services as case_services
from samvern.cases.access import Need, today
from samvern.cases.presenters import present_person
from samvern.core.forms import submit
from samvern.safetyplans import documents, selectors, services
from samvern.safetyplans.access import PlanAccess, access_plan
from samvern.safetyplans.content import PlanContent
from samvern.safetyplans.forms import PlanEditForms
from samvern.safetyplans.models import SafetyPlanVersion
from samvern.safetyplans.presenters import present_content

Params = ParamSpec("Params")
View = Callable[Concatenate[HttpRequest, Params], HttpResponseBase]


def plan_view(view: View[Params]) -> View[Params]:
    """Logged in, never cached, one transaction; a 404 recorded as a refusal after the
    request's transaction has rolled back (the answer itself unchanged)."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, *args: Params.args, **kwargs: Params.kwargs
    ) -> HttpResponseBase:
        try:
            with transaction.atomic():
                response = view(request, *args, **kwargs)
        except Http404:
            match = request.resolver_match
            case_services.record_refused(
                actor=actor_of(request),
                route=match.view_name if match else request.path,
                method=request.method or "",
                identifiers=dict(kwargs),
                via="page",
            )
            raise
        response["Cache-Control"] = "no-store"
        return response

    return login_required(never_cache(wrapper))


def _context(access: PlanAccess, **extra: object) -> dict[str, object]:
    return {
        "case": access.case,
        "grant": access.grant,
        "person": present_person(access.person),
        "plan": access.plan,
        **extra,
    }


def _organisation_choices(access: PlanAccess, current: PlanContent) -> list[tuple[str, str]]:
    """Organisations taking part in the case, and any named in the current version that
    no longer do (so that what they committed to can be kept or removed, not lost)."""
    choices = [(str(o.pk), o.name) for o in selectors.participating_organisations(case=access.case)]
    known = {key for key, _name in choices}
    for ref in current.organisation_refs():
        if ref.id not in known:
            known.add(ref.id)
            choices.append((ref.id, _("%(name)s (no longer taking part)") % {"name": ref.name}))
    return choices


@plan_view
def plan_detail(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access, version = services.read_plan(actor, person_id)
    return render(
        request,
        "safetyplans/plan_detail.html",
        _context(
            access,
            version=version,
            sections=present_content(version.plan_content) if version else [],
            versions=selectors.versions(access.plan),
        ),
    )


@plan_view
def edit_plan(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_plan(actor, person_id, Need.EDIT)
    version = services.current_version(access)
    current = version.plan_content if version else PlanContent()
    based_on = version.number if version else 0
    forms = PlanEditForms(
        request.POST or None,
        current=current,
        based_on=based_on,
        organisations=_organisation_choices(access, current),
    )
    if request.method == "POST":
        saved: list[SafetyPlanVersion] = []

        def save() -> None:
            if not forms.is_valid():
                raise services.SafetyPlanError(_("Please correct the fields marked below."))
            saved.append(
                services.save_version(
                    actor=actor,
                    access=access,
                    data=services.VersionData(
                        content=forms.content(),
                        note=forms.change.cleaned_data["note"],
                        based_on=forms.change.cleaned_data["based_on"],
                    ),
                )
            )

        if submit(forms.change, save):
            messages.success(
                request,
                _("Version %(number)s of the safety plan has been saved.")
                % {"number": saved[0].number},
            )
            return redirect("safetyplans:plan", person_id=access.person.pk)
    # Shown (again) with the current content in its forms: a read of the plan.
    services.record_edit_read(actor=actor, access=access, version=version)
    return render(
        request,
        "safetyplans/plan_edit.html",
        _context(access, version=version, forms=forms),
    )


@plan_view
def version_detail(request: HttpRequest, person_id: uuid.UUID, number: int) -> HttpResponse:
    actor = actor_of(request)
    access, version = services.read_version(actor, person_id, number)
    return render(
        request,
        "safetyplans/version_detail.html",
        _context(access, version=version, sections=present_content(version.plan_content)),
    )


def _number(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@plan_view
def compare_versions(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """Two versions side by side: `?from=1&to=3`; by default the newest against the one
    before it."""
    actor = actor_of(request)
    access = access_plan(actor, person_id, Need.VIEW)
    newest = access.plan.current_number if access.plan else 0
    after = _number(request.GET.get("to")) or newest
    before = _number(request.GET.get("from")) or max(after - 1, 1)
    comparison = services.read_comparison(actor, person_id, before, after)
    return render(
        request,
        "safetyplans/compare.html",
        _context(
            comparison.access,
            comparison=comparison,
            numbers=list(range(1, newest + 1)),
        ),
    )


def _pdf_response(request: HttpRequest, person_id: uuid.UUID, number: int | None) -> HttpResponse:
    actor = actor_of(request)
    access, version = services.read_for_print(actor, person_id, number)
    content = documents.plan_pdf(actor=actor, access=access, version=version, day=today())
    response = HttpResponse(content, content_type="application/pdf")
    name = slugify(f"{_('safety plan')}-{access.case.reference}-v{version.number}")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@plan_view
def plan_pdf(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    return _pdf_response(request, person_id, None)


@plan_view
def version_pdf(request: HttpRequest, person_id: uuid.UUID, number: int) -> HttpResponse:
    return _pdf_response(request, person_id, number)
