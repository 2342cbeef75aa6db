"""Pages of the plan registry: register, correct and bulk-import plans made elsewhere."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samvern.accounts.actor import actor_of
from samvern.core.forms import StyledForm, attach_service_error
from samvern.places.models import CURRENT_STRUCTURE, Municipality, StructureYear
from samvern.plans.models import Plan
from samvern.plans.registry import (
    COLUMN_HELP,
    COLUMNS,
    AdoptionFacts,
    Overlap,
    OverlapNeedsReason,
    PlanFacts,
    RegistryError,
    access_registered_plan,
    can_use_registry,
    correct_plan,
    facts_of,
    import_plans,
    register_plan,
    registered_plans,
    template_csv,
)

DOCUMENT_SUFFIXES = {".pdf", ".docx", ".doc", ".odt"}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanFactsForm(StyledForm):
    title = forms.CharField(label=gettext_lazy("Title of the plan"), max_length=300)
    structure = forms.TypedChoiceField(
        label=gettext_lazy("Municipality structure of the numbers"),
        choices=StructureYear.choices,
        coerce=int,
        initial=CURRENT_STRUCTURE.value,
        help_text=gettext_lazy("Plans adopted before 2020 use the 2019 municipality numbers."),
    )
    municipality_codes = forms.CharField(
        label=gettext_lazy("Owning municipalities"),
        help_text=gettext_lazy("Municipality numbers separated by commas, e.g. 4601, 4627."),
        max_length=400,
    )
    period_start = forms.DateField(label=gettext_lazy("Plan period from"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=gettext_lazy("Plan period to"), widget=DATE_WIDGET)
    reported_on = forms.DateField(
        label=gettext_lazy("Last reported on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=gettext_lazy("Date of the latest status report on the plan, if any."),
    )
    evaluated_on = forms.DateField(
        label=gettext_lazy("Evaluated on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=gettext_lazy("Date the plan's evaluation was completed, if it was."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        codes = [
            code.strip().zfill(4)
            for code in data.get("municipality_codes", "").replace(";", ",").split(",")
            if code.strip()
        ]
        structure = data.get("structure") or CURRENT_STRUCTURE.value
        found = {m.code: m for m in Municipality.objects.filter(year=structure, code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            self.add_error(
                "municipality_codes",
                _("Unknown municipality numbers in the %(year)s structure: %(codes)s.")
                % {"year": structure, "codes": ", ".join(unknown)},
            )
        data["municipalities"] = [found[code] for code in dict.fromkeys(codes) if code in found]
        return data


class AdoptionForm(StyledForm):
    municipality_code = forms.CharField(label=gettext_lazy("Municipality number"), max_length=4)
    body = forms.CharField(label=gettext_lazy("Adopted by (body)"), max_length=200)
    decided_on = forms.DateField(label=gettext_lazy("Date of decision"), widget=DATE_WIDGET)
    case_number = forms.CharField(label=gettext_lazy("Case number"), max_length=60, required=False)
    decision_url = forms.URLField(
        label=gettext_lazy("Link to the decision"), required=False, assume_scheme="https"
    )
    decision_document = forms.FileField(label=gettext_lazy("Decision document"), required=False)

    def clean_decision_document(self) -> Any:
        upload = self.cleaned_data.get("decision_document")
        if upload:
            if Path(upload.name).suffix.lower() not in DOCUMENT_SUFFIXES:
                raise forms.ValidationError(_("Upload the decision as PDF, DOCX, DOC or ODT."))
            if upload.size > settings.SAMVERN_UPLOAD_MAX_BYTES:
                raise forms.ValidationError(_("The document is too large."))
        return upload


AdoptionFormSet = forms.formset_factory(AdoptionForm, extra=3, max_num=30)


class OverlapConfirmForm(StyledForm):
    """Shown when a plan would overlap another plan of the same municipality."""

    confirm_overlap = forms.BooleanField(
        label=gettext_lazy("Register it anyway: both plans apply for the overlapping period"),
        required=False,
    )
    overlap_reason = forms.CharField(
        label=gettext_lazy("Why do both plans apply?"),
        help_text=gettext_lazy(
            "For example: the new plan replaces the old one from its adoption, or the "
            "plans cover different parts of the work. Kept with the registration."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reason = data.get("overlap_reason", "").strip()
        if data.get("confirm_overlap") and not reason:
            self.add_error("overlap_reason", _("Give the reason why both plans apply."))
        elif reason and not data.get("confirm_overlap"):
            self.add_error("confirm_overlap", _("Tick the box to register the plan anyway."))
        return data

    @property
    def reason(self) -> str:
        """The confirmed reason, or "" while the overlap is not confirmed."""
        if not self.is_bound or not self.is_valid() or not self.cleaned_data["confirm_overlap"]:
            return ""
        return str(self.cleaned_data["overlap_reason"]).strip()


class ImportForm(StyledForm):
    sheet = forms.FileField(
        label=gettext_lazy("Sheet (CSV or XLSX)"),
        help_text=gettext_lazy("One row per council adoption; see the columns below."),
    )


def _registry_user(request: HttpRequest) -> None:
    if not can_use_registry(actor_of(request)):
        raise Http404


def _facts(form: PlanFactsForm, formset: Any) -> PlanFacts | None:
    data = form.cleaned_data
    by_code = {m.code: m for m in data["municipalities"]}
    adoptions = []
    valid = True
    for adoption_form in formset.forms:
        item = adoption_form.cleaned_data
        if not item:
            continue
        code = item["municipality_code"].strip().zfill(4)
        municipality = by_code.get(code)
        if municipality is None:
            adoption_form.add_error(
                "municipality_code", _("Add this municipality to the owning municipalities.")
            )
            valid = False
            continue
        adoptions.append(
            AdoptionFacts(
                municipality=municipality,
                body=item["body"],
                decided_on=item["decided_on"],
                case_number=item.get("case_number", ""),
                decision_url=item.get("decision_url", ""),
                decision_document=item.get("decision_document") or None,
            )
        )
    if not valid:
        return None
    return PlanFacts(
        title=data["title"],
        municipalities=data["municipalities"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        adoptions=adoptions,
        reported_on=data.get("reported_on"),
        evaluated_on=data.get("evaluated_on"),
    )


def _initial(facts: PlanFacts) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    structure = facts.municipalities[0].year if facts.municipalities else CURRENT_STRUCTURE.value
    plan = {
        "title": facts.title,
        "structure": structure,
        "municipality_codes": ", ".join(m.code for m in facts.municipalities),
        "period_start": facts.period_start,
        "period_end": facts.period_end,
        "reported_on": facts.reported_on,
        "evaluated_on": facts.evaluated_on,
    }
    adoptions = [
        {
            "municipality_code": a.municipality.code,
            "body": a.body,
            "decided_on": a.decided_on,
            "case_number": a.case_number,
            "decision_url": a.decision_url,
        }
        for a in facts.adoptions
    ]
    return plan, adoptions


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _registry_user(request)
    page = Paginator(registered_plans(actor=actor_of(request)), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "plans/registry/index.html", {"page": page})


def _edit(request: HttpRequest, plan: Plan | None = None) -> HttpResponse:
    actor = actor_of(request)
    overlaps: list[Overlap] = []
    confirm = OverlapConfirmForm(request.POST or None)
    if request.method == "POST":
        form = PlanFactsForm(request.POST)
        formset = AdoptionFormSet(request.POST, request.FILES, prefix="adoption")
        if form.is_valid() and formset.is_valid():
            facts = _facts(form, formset)
            if facts is not None:
                try:
                    if plan is None:
                        plan = register_plan(
                            actor=actor, facts=facts, overlap_reason=confirm.reason
                        )
                        messages.success(request, _("The plan is registered."))
                    else:
                        correct_plan(
                            actor=actor,
                            plan=plan,
                            facts=facts,
                            overlap_reason=confirm.reason,
                        )
                        messages.success(request, _("The registration is corrected."))
                    return redirect("plans:registry:index")
                except OverlapNeedsReason as warning:
                    overlaps = warning.overlaps
                except RegistryError as error:
                    attach_service_error(form, error)
    elif plan is not None:
        initial, adoptions = _initial(facts_of(plan))
        form = PlanFactsForm(initial=initial)
        formset = AdoptionFormSet(initial=adoptions, prefix="adoption")
        if plan.overlap_reason:
            confirm = OverlapConfirmForm(
                initial={"confirm_overlap": True, "overlap_reason": plan.overlap_reason}
            )
    else:
        form = PlanFactsForm()
        formset = AdoptionFormSet(prefix="adoption")
    show_confirm = bool(overlaps) or (plan is not None and bool(plan.overlap_reason))
    return render(
        request,
        "plans/registry/edit.html",
        {
            "form": form,
            "formset": formset,
            "plan": plan,
            "overlaps": overlaps,
            "confirm": confirm if show_confirm else None,
        },
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    _registry_user(request)
    return _edit(request)


@login_required
def correct(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = access_registered_plan(actor=actor_of(request), plan_id=plan_id)
    return _edit(request, plan)


@login_required
def bulk_import(request: HttpRequest) -> HttpResponse:
    _registry_user(request)
    report = None
    confirm = OverlapConfirmForm(request.POST or None)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["sheet"]
            report = import_plans(
                actor=actor_of(request),
                upload=upload,
                filename=upload.name,
                overlap_reason=confirm.reason,
            )
            if report.ok and not report.needs_overlap_reason:
                messages.success(
                    request,
                    _("%(count)s plans were registered from %(rows)s rows.")
                    % {"count": len(report.plans), "rows": report.rows},
                )
                return redirect("plans:registry:index")
    else:
        form = ImportForm()
    columns = [(key, COLUMN_HELP[key]) for key in COLUMNS]
    return render(
        request,
        "plans/registry/import.html",
        {
            "form": form,
            "report": report,
            "columns": columns,
            "confirm": confirm if report is not None and report.overlaps else None,
        },
        status=400 if report is not None else 200,
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _registry_user(request)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="samvern-registry-{dt.date.today().isoformat()}.csv"'
    )
    return response
