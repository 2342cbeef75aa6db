"""Pages of the agency duty checklists: access → form → service → render, one view per
form, each in one transaction (the case layer's `case_view`: refusals recorded, nothing
cached)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samvern.accounts.actor import actor_of
from samvern.cases.access import Need
from samvern.cases.services import record_read
from samvern.cases.views import case_view
from samvern.checklists import selectors, services
from samvern.checklists.access import access_checklist_case, access_checklist_item
from samvern.checklists.catalogue import TemplateNotFound
from samvern.checklists.forms import GenerateForm, MarkForm, NotApplicableForm
from samvern.checklists.models import ItemStatus
from samvern.core.forms import submit
from samvern.risk.display import any_band_label


def _back(case_id: uuid.UUID) -> HttpResponse:
    return redirect("checklists:case", case_id=case_id)


@case_view
def case_checklist(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    shown = services.read_checklist(actor_of(request), case_id)
    items = shown.items
    return render(
        request,
        "checklists/case_checklist.html",
        {
            "case": shown.access.case,
            "grant": shown.access.grant,
            "checklist": shown.checklist,
            "items": items,
            "open_count": sum(1 for item in items if item.status == ItemStatus.OPEN),
            "facts": _facts_display(shown.checklist.facts if shown.checklist else {}),
            "na_form": NotApplicableForm(),
        },
    )


def _facts_display(facts: object) -> list[tuple[str, str]]:
    from samvern.checklists.engine import CaseFacts

    known = CaseFacts.from_dict(facts)
    yes, no = _("Yes"), _("No")
    return [
        (_("Children in the household"), yes if known.children else no),
        (_("Risk band"), any_band_label(known.risk_band) or _("Not assessed")),
        (_("Released from custody"), yes if known.custody_release else no),
        (_("Shelter needed"), yes if known.shelter_needed else no),
        (_("Consents to contact from victim support"), yes if known.consent_victim_support else no),
    ]


@case_view
def generate(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_checklist_case(actor, case_id, Need.EDIT)
    case, organisation = access.case, access.grant.organisation
    previous = selectors.current_checklist(case=case, organisation=organisation)
    asked = services.asked_facts_of(previous)
    form = GenerateForm(
        request.POST or None,
        initial={
            "custody_release": asked.custody_release,
            "shelter_needed": asked.shelter_needed,
            "consent_victim_support": asked.consent_victim_support,
        },
    )
    if request.method == "POST" and submit(
        form,
        lambda: services.generate_checklist(actor=actor, access=access, facts=form.facts()),
    ):
        messages.success(request, _("The checklist has been made."))
        return _back(case.pk)
    # Shown (again): the page names the case's facts, so its read is recorded.
    record_read(actor=actor, case=case, action=services.VIEWED, detail={"form": "generate"})
    derived = services.case_facts(case, services.AskedFacts())
    try:
        template = services.template_for_organisation(organisation)
    except TemplateNotFound:
        # Only when every template file is broken: validate_checklists names the problems.
        raise Http404 from None
    return render(
        request,
        "checklists/generate.html",
        {
            "case": case,
            "grant": access.grant,
            "form": form,
            "previous": previous,
            "children": derived.children,
            "risk_band": any_band_label(derived.risk_band),
            "template": template,
            "template_title": template.title_in(get_language()),
        },
    )


@case_view
def history(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    access, summaries = services.read_history(actor_of(request), case_id)
    return render(
        request,
        "checklists/history.html",
        {"case": access.case, "grant": access.grant, "summaries": summaries},
    )


@case_view
def checklist_detail(request: HttpRequest, checklist_id: uuid.UUID) -> HttpResponse:
    access, items = services.read_one_checklist(actor_of(request), checklist_id)
    return render(
        request,
        "checklists/checklist_detail.html",
        {
            "case": access.case,
            "grant": access.grant,
            "checklist": access.checklist,
            "items": items,
            "facts": _facts_display(access.checklist.facts),
        },
    )


def _show_refusal(request: HttpRequest, form: MarkForm | NotApplicableForm) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@case_view
@require_POST
def tick(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_checklist_item(actor, item_id, Need.EDIT)
    form = MarkForm(request.POST)
    if submit(form, lambda: services.tick_item(actor=actor, access=access)):
        messages.success(request, _("The item is marked as done."))
    else:
        _show_refusal(request, form)
    return _back(access.case.pk)


@case_view
@require_POST
def reopen(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_checklist_item(actor, item_id, Need.EDIT)
    form = MarkForm(request.POST)
    if submit(form, lambda: services.reopen_item(actor=actor, access=access)):
        messages.success(request, _("The item is open again."))
    else:
        _show_refusal(request, form)
    return _back(access.case.pk)


@case_view
def not_applicable(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_checklist_item(actor, item_id, Need.EDIT)
    form = NotApplicableForm(request.POST or None)
    if request.method == "POST" and submit(
        form,
        lambda: services.mark_not_applicable(
            actor=actor, access=access, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, _("The item is marked as not applicable."))
        return _back(access.case.pk)
    record_read(
        actor=actor,
        case=access.case,
        action=services.VIEWED,
        target=access.checklist,
        detail={"checklist": str(access.checklist.pk), "item": access.item.item_key},
    )
    return render(
        request,
        "checklists/not_applicable.html",
        {"case": access.case, "grant": access.grant, "item": access.item, "form": form},
    )
