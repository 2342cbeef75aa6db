"""Plan pages: access → form → service → render. Read-only users see the same pages
without the forms; outsiders get 404 for anything that is not public."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from samvern.accounts.actor import Actor, actor_of
from samvern.core.forms import attach_service_error, submit
from samvern.core.numbers import format_number
from samvern.places.models import Municipality
from samvern.plans import (
    catalogues,
    council_report,
    documents,
    forms,
    indicators,
    selectors,
    services,
)
from samvern.plans.access import (
    Need,
    access_invitation,
    access_plan,
    access_version,
    can_edit_plan,
    can_read_drafts,
    editable_municipality_ids,
    follows_measure,
    reports_on_measure,
    visible_versions,
)
from samvern.plans.extensions import measure_links
from samvern.plans.imports import SheetError, read_sheet
from samvern.plans.lineage import with_earlier_measurements
from samvern.plans.models import (
    ADOPTED_STATUSES,
    Adoption,
    AreaAttainment,
    ConsultationResponse,
    Evaluation,
    EvaluationDetail,
    EvaluationKind,
    Goal,
    IndicatorMeasurement,
    Measure,
    MeasureEvaluation,
    Plan,
    PlanVersion,
    ReportingRound,
    StatusReport,
    VersionStatus,
)
from samvern.plans.quality import run_quality_check
from samvern.plans.services.data import (
    AdoptionData,
    CouncilMandateData,
    GoalData,
    MandateData,
    MeasureData,
    MeasurementData,
)

INVALID = 400


def plan_list(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("municipality") or ""
    municipality_id = int(chosen) if chosen.isdecimal() else None
    query = request.GET.get("q", "").strip()[:100]
    plans = selectors.plan_list(
        actor=actor_of(request), municipality_id=municipality_id, query=query
    )
    page = Paginator(plans, 25).get_page(request.GET.get("page"))
    rows = [(plan, selectors.plan_state(plan)) for plan in page.object_list]
    return render(
        request,
        "plans/plan_list.html",
        {
            "rows": rows,
            "page": page,
            "query": query,
            "can_create": bool(editable_municipality_ids(actor_of(request))),
        },
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not editable_municipality_ids(actor_of(request)):
        raise Http404
    form = forms.PlanCreateForm(request.POST or None, actor=actor_of(request))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(
                actor=actor_of(request),
                title=form.cleaned_data["title"],
                municipalities=list(form.cleaned_data["municipalities"]),
                framework_key=form.cleaned_data["framework"],
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The plan was created."))
            invited = [i.municipality.name for i in plan.invitations.select_related("municipality")]
            if invited:
                messages.info(
                    request,
                    _(
                        "%(municipalities)s are invited to co-own the plan. Each becomes an "
                        "owner when one of its plan editors accepts."
                    )
                    % {"municipalities": ", ".join(invited)},
                )
            version = plan.versions.get()
            return redirect("plans:version", plan.pk, version.pk)
    status = INVALID if request.method == "POST" else 200
    return render(request, "plans/plan_create.html", {"form": form}, status=status)


@login_required
@require_POST
def invite_co_owner(request: HttpRequest, plan_id: Any) -> HttpResponse:
    plan = access_plan(actor_of(request), plan_id, Need.EDIT)
    form = forms.InviteCoOwnerForm(request.POST, plan=plan)
    if form.is_valid():
        municipality = form.cleaned_data["municipality"]
        try:
            services.invite_co_owner(actor=actor_of(request), plan=plan, municipality=municipality)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(municipality)s is invited to co-own the plan.")
                % {"municipality": municipality.name},
            )
    else:
        for problem in form.errors.get("municipality", []):
            messages.error(request, str(problem))
    return redirect("plans:detail", plan.pk)


@login_required
def invitation(request: HttpRequest, invitation_id: Any) -> HttpResponse:
    """An invitation to co-own a plan: a plan editor of the invited municipality accepts
    or declines it; everybody else gets 404."""
    invitation = access_invitation(actor_of(request), invitation_id)
    if request.method == "POST" and request.POST.get("answer") in {"accept", "decline"}:
        accept = request.POST["answer"] == "accept"
        try:
            services.answer_invitation(
                actor=actor_of(request), invitation=invitation, accept=accept
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("plans:invitation", invitation.pk)
        if accept:
            messages.success(
                request,
                _("%(municipality)s now co-owns the plan.")
                % {"municipality": invitation.municipality.name},
            )
            return redirect("plans:detail", invitation.plan_id)
        messages.success(request, _("The invitation is declined. Nothing about the plan changed."))
        return redirect("core:home")
    owners = list(invitation.plan.municipalities.order_by("name"))
    return render(
        request,
        "plans/invitation.html",
        {"invitation": invitation, "owners": owners, "pending": invitation.status == "pending"},
    )


@login_required
def my_measures(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    measures = list(selectors.my_measures(actor=actor))
    for measure in measures:
        # A partner organisation's plan readers follow its measures; they do not report.
        measure.can_report = reports_on_measure(actor, measure)  # type: ignore[attr-defined]
    return render(request, "plans/my_measures.html", {"measures": measures})


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    if not editable_municipality_ids(actor_of(request)):
        raise Http404
    return render(
        request, "plans/overdue.html", {"items": selectors.overdue_items(actor=actor_of(request))}
    )


# --- Plan and public pages ------------------------------------------------------------


def _plan_with_versions(request: HttpRequest, plan_id: Any) -> tuple[Plan, list[PlanVersion]]:
    plan = access_plan(actor_of(request), plan_id, Need.VIEW)
    versions = list(
        selectors.versions_with_counts(
            plan, visible_versions(actor_of(request), plan)
        ).prefetch_related(
            Prefetch("adoptions", queryset=Adoption.objects.select_related("municipality"))
        )
    )
    return plan, versions


def plan_detail(request: HttpRequest, plan_id: Any) -> HttpResponse:
    plan, versions = _plan_with_versions(request, plan_id)
    if not can_read_drafts(actor_of(request), plan):
        return redirect("plans:public_plan", plan.pk)
    plan._prefetched_objects_cache["versions"] = versions  # type: ignore[attr-defined]
    for v in versions:
        v.council_line = selectors.council_summary(  # type: ignore[attr-defined]
            selectors.council_states(v, with_mandates=False)
        )
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "versions": versions,
            "state": selectors.plan_state(plan),
            "can_edit": can_edit_plan(actor_of(request), plan),
            "invitations": plan.invitations.filter(status="pending").select_related("municipality"),
            "invite_form": forms.InviteCoOwnerForm(plan=plan)
            if can_edit_plan(actor_of(request), plan)
            else None,
        },
    )


def _public_versions(request: HttpRequest, plan_id: Any) -> tuple[Plan, PlanVersion, PlanVersion]:
    """The plan, the version asked for (``?version=N``, any adopted version: an earlier one
    stays in force for a municipality whose council has not adopted the revision yet) and
    the latest adopted version. 404 when nothing is adopted or the number is not one."""
    plan = access_plan(Actor.anonymous(), plan_id, Need.VIEW)
    versions = list(
        plan.versions.filter(status__in=[s.value for s in ADOPTED_STATUSES]).prefetch_related(
            Prefetch("adoptions", queryset=Adoption.objects.select_related("municipality"))
        )
    )
    plan._prefetched_objects_cache["versions"] = versions  # type: ignore[attr-defined]
    latest = version = selectors.latest_adopted(versions)
    if latest is None:
        raise Http404
    asked = request.GET.get("version")
    if asked:
        version = next((v for v in versions if str(v.number) == asked), None)
        if version is None:
            raise Http404
    assert version is not None
    return plan, version, latest


def public_plan(request: HttpRequest, plan_id: Any) -> HttpResponse:
    """The public page of the latest adopted version: no personal data beyond the
    working-group names the municipality chose to publish."""
    plan, version, latest = _public_versions(request, plan_id)
    data = selectors.version_page_data(version)
    progress = selectors.public_progress(version, data["measures"])
    for measure in data["measures"]:
        measure.public_status = progress.by_measure.get(measure.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "plans/public_plan.html",
        {
            "plan": plan,
            "version": version,
            "latest": latest,
            "state": selectors.plan_state(plan),
            "members": version.working_group.filter(publish_name=True),
            "mandate": getattr(version, "mandate", None),
            "progress": progress,
            **data,
        },
    )


def public_document(request: HttpRequest, plan_id: Any, fmt: str) -> HttpResponse:
    """The document of the version the public page shows (the latest, or ``?version=N``)."""
    _plan, version, _latest = _public_versions(request, plan_id)
    return documents.plan_document_response(version, fmt, public=True)


# --- Version workspace ----------------------------------------------------------------


def _version(
    request: HttpRequest, plan_id: Any, version_id: Any, need: Need = Need.VIEW
) -> tuple[PlanVersion, dict[str, Any]]:
    plan = access_plan(actor_of(request), plan_id, Need.VIEW if need is Need.VIEW else Need.EDIT)
    version = access_version(actor_of(request), version_id, need, plan=plan)
    if not can_read_drafts(actor_of(request), plan):
        # Outsiders see adopted versions only through the public page.
        raise Http404
    can_edit = can_edit_plan(actor_of(request), plan)
    return version, {
        "plan": plan,
        "version": version,
        "status_label": functools.cache(lambda: _status_label(version)),
        "can_edit": can_edit,
        "content_open": can_edit and services.content_is_open(version),
        "steps": selectors.LIFECYCLE,
        "version_index": selectors.LIFECYCLE.index(VersionStatus(version.status))
        if version.status in selectors.LIFECYCLE
        else -1,
    }


def _status_label(version: PlanVersion) -> str:
    """The version's status for the page header. An inter-municipal version adopted by
    some councils only says how many, since "adopted" alone would read as done."""
    if version.status == VersionStatus.ADOPTED:
        owners = len(version.plan.municipalities.all())
        adopted = version.adoptions.count() if owners > 1 else owners
        if adopted < owners:
            return _("Adopted in %(adopted)s of %(owners)s municipalities") % {
                "adopted": adopted,
                "owners": owners,
            }
    return str(version.get_status_display())


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], section: str, status: int = 200
) -> HttpResponse:
    context["section"] = section
    return render(request, f"plans/version/{template}", context, status=status)


# Where each missing step is done, and what the link to it says.
STEP_PAGES = {
    "mandate": ("plans:mandate", (), gettext_lazy("Record the mandate")),
    "measures": ("plans:measures", (), gettext_lazy("Add measures")),
    "consultation": ("plans:consultation", (), gettext_lazy("Set the consultation period")),
    "quality": ("plans:quality", (), gettext_lazy("Go to the quality check")),
    "evaluation_final": (
        "plans:evaluation",
        ("final",),
        gettext_lazy("Complete the final evaluation"),
    ),
}


def _next_steps(version: PlanVersion) -> list[dict[str, Any]]:
    """The transitions the overview offers, forward steps first. A step whose work is not
    done yet links to the page where it is done rather than to a transition that would be
    refused."""
    order = list(VersionStatus.values)
    steps = []
    for value in sorted(
        services.ALLOWED_TRANSITIONS.get(version.status, set()) - {VersionStatus.WITHDRAWN},
        key=lambda status: -order.index(status),
    ):
        step: dict[str, Any] = {"to": value, "label": VersionStatus(value).label}
        missing = services.missing_step(version, value)
        if missing is not None:
            url_name, extra, link_label = STEP_PAGES[missing.section]
            step["missing"] = missing.message
            step["url"] = reverse(url_name, args=(version.plan_id, version.pk, *extra))
            step["link_label"] = link_label
        steps.append(step)
    return steps


def version_detail(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id)
    ctx.update(selectors.version_page_data(version))
    ctx["mandate"] = getattr(version, "mandate", None)
    ctx["quality"] = run_quality_check(version) if version.status not in ADOPTED_STATUSES else None
    ctx["next_steps"] = _next_steps(version)
    ctx["can_withdraw"] = VersionStatus.WITHDRAWN in services.ALLOWED_TRANSITIONS.get(
        version.status, set()
    )
    ctx["adoptions"] = list(version.adoptions.select_related("municipality"))
    ctx["councils"] = selectors.council_states(version, adoptions=ctx["adoptions"])
    ctx["council_summary"] = selectors.council_summary(ctx["councils"])
    ctx["next_version"] = PlanVersion.objects.filter(previous=version).first()
    return _render(request, "overview.html", ctx, "overview")


@require_POST
def version_transition(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    version, _ctx = _version(request, plan_id, version_id, Need.EDIT)
    form = forms.TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.transition_version(
                actor=actor_of(request),
                version=version,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The version is now: %(status)s") % {"status": version.get_status_display()},
            )
    return redirect("plans:version", version.plan_id, version.pk)


def _mandate_page(
    request: HttpRequest,
    version: PlanVersion,
    ctx: dict[str, Any],
    *,
    form: forms.MandateForm | None = None,
    council_form: forms.CouncilMandateForm | None = None,
    member_form: forms.MemberForm | None = None,
    milestone_form: forms.MilestoneForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The mandate page, with the form that was sent (and refused) bound."""
    current = getattr(version, "mandate", None) if hasattr(version, "mandate") else None
    councils = selectors.council_states(version) if version.plan.is_inter_municipal else []
    council_forms = []
    for state in councils:
        prefix = f"cm-{state.municipality.code}"
        if council_form is None or council_form.prefix != prefix:
            council_forms.append(
                (state, forms.CouncilMandateForm(instance=state.mandate, prefix=prefix))
            )
        else:
            council_forms.append((state, council_form))
    ctx.update(
        council_forms=council_forms,
        form=form or forms.MandateForm(instance=current, prefix="m"),
        member_form=member_form or forms.MemberForm(prefix="w"),
        milestone_form=milestone_form or forms.MilestoneForm(prefix="t"),
        mandate=current,
        members=version.working_group.all(),
        milestones=version.milestones.all(),
    )
    return _render(request, "mandate.html", ctx, "mandate", status)


@require_safe
def mandate(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id)
    return _mandate_page(request, version, ctx)


@require_POST
def mandate_save(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id, Need.EDIT)
    current = getattr(version, "mandate", None) if hasattr(version, "mandate") else None
    form = forms.MandateForm(request.POST, instance=current, prefix="m")
    saved = submit(
        form,
        lambda: services.save_mandate(
            actor=actor_of(request), version=version, data=MandateData.from_form(form)
        ),
    )
    if saved:
        messages.success(request, _("The mandate was saved."))
        return redirect("plans:mandate", version.plan_id, version.pk)
    return _mandate_page(request, version, ctx, form=form, status=INVALID)


@require_POST
def council_mandate_save(
    request: HttpRequest, plan_id: Any, version_id: Any, code: str
) -> HttpResponse:
    """One owning municipality's own mandate, from its form on the mandate page."""
    version, ctx = _version(request, plan_id, version_id, Need.EDIT)
    municipality = next((m for m in version.plan.municipalities.all() if m.code == code), None)
    if municipality is None:
        raise Http404
    current = version.council_mandates.filter(municipality=municipality).first()
    form = forms.CouncilMandateForm(request.POST, instance=current, prefix=f"cm-{code}")
    saved = submit(
        form,
        lambda: services.save_council_mandate(
            actor=actor_of(request),
            version=version,
            municipality=municipality,
            data=CouncilMandateData.from_form(form),
        ),
    )
    if saved:
        messages.success(
            request,
            _("The mandate from %(municipality)s was saved.") % {"municipality": municipality.name},
        )
        return redirect("plans:mandate", version.plan_id, version.pk)
    return _mandate_page(request, version, ctx, council_form=form, status=INVALID)


def _freeze_step(
    request: HttpRequest, plan_id: Any, version_id: Any, *, freeze: bool
) -> HttpResponse:
    version, _ctx = _version(request, plan_id, version_id, Need.EDIT)
    step = services.freeze_version if freeze else services.unfreeze_version
    try:
        step(actor=actor_of(request), version=version)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The text is frozen for adoption.")
            if freeze
            else _("The text can be changed again."),
        )
    return redirect("plans:adoptions", version.plan_id, version.pk)


@require_POST
def freeze(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    return _freeze_step(request, plan_id, version_id, freeze=True)


@require_POST
def unfreeze(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    return _freeze_step(request, plan_id, version_id, freeze=False)


@require_POST
def member_add(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id, Need.EDIT)
    member_form = forms.MemberForm(request.POST, prefix="w")

    def add() -> None:
        cleaned = member_form.cleaned_data
        services.add_working_group_member(
            actor=actor_of(request),
            version=version,
            name=cleaned["name"],
            position=cleaned["position"],
            organisation=cleaned["organisation"],
            is_leader=cleaned["is_leader"],
            publish_name=cleaned["publish_name"],
        )

    if submit(member_form, add):
        messages.success(request, _("The member was added to the working group."))
        return redirect("plans:mandate", version.plan_id, version.pk)
    return _mandate_page(request, version, ctx, member_form=member_form, status=INVALID)


@require_POST
def member_remove(
    request: HttpRequest, plan_id: Any, version_id: Any, member_id: Any
) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id, Need.EDIT)
    member = version.working_group.filter(pk=member_id).first()
    if member is None:
        raise Http404
    try:
        services.remove_working_group_member(actor=actor_of(request), member=member)
    except ValidationError as error:
        # Shown where the page shows the version's refusals: on the mandate form.
        form = forms.MandateForm(instance=getattr(version, "mandate", None), prefix="m")
        attach_service_error(form, error)
        return _mandate_page(request, version, ctx, form=form, status=INVALID)
    messages.success(request, _("The member was removed."))
    return redirect("plans:mandate", version.plan_id, version.pk)


@require_POST
def milestone_add(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id, Need.EDIT)
    milestone_form = forms.MilestoneForm(request.POST, prefix="t")
    added = submit(
        milestone_form,
        lambda: services.add_milestone(
            actor=actor_of(request),
            version=version,
            title=milestone_form.cleaned_data["title"],
            due_on=milestone_form.cleaned_data["due_on"],
        ),
    )
    if added:
        messages.success(request, _("The milestone was added."))
        return redirect("plans:mandate", version.plan_id, version.pk)
    return _mandate_page(request, version, ctx, milestone_form=milestone_form, status=INVALID)


def mapping(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    need = Need.EDIT if request.method == "POST" else Need.VIEW
    version, ctx = _version(request, plan_id, version_id, need)
    sections = {s.topic: s for s in version.mapping_sections.all()}
    form = forms.MappingForm(request.POST or None, sections=sections)
    if not sections.get("population"):
        lines = [
            _("%(name)s: %(population)s inhabitants (%(date)s).")
            % {
                "name": m.name,
                "population": format_number(m.population),
                "date": date_format(m.population_date),
            }
            for m in version.plan.municipalities.all()
        ]
        form.fields["text_population"].initial = "\n".join(lines)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_mapping(
                    actor=actor_of(request), version=version, sections=form.sections()
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The mapping was saved."))
                return redirect("plans:mapping", version.plan_id, version.pk)
        status = INVALID
    ctx.update(
        form=form,
        sections=[
            (topic, label, sections.get(topic)) for topic, label in forms.MappingTopic.choices
        ],
    )
    return _render(request, "mapping.html", ctx, "mapping", status)


def areas(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    need = Need.EDIT if request.method == "POST" else Need.VIEW
    version, ctx = _version(request, plan_id, version_id, need)
    settings = (
        services.version_settings(version)
        if request.method == "POST"
        else getattr(version, "settings", None)
    )
    key = (
        request.POST.get("framework")
        or request.GET.get("framework")
        or (settings.framework_key if settings else "")
    )
    framework = catalogues.framework(key) if key else None
    if framework is None:
        framework = catalogues.framework("frihet-fra-vold")
    assert framework is not None
    existing = {c.area_key: c for c in version.area_choices.all()}
    framework_form = forms.FrameworkForm(initial={"framework": framework.key})
    form = forms.AreasForm(request.POST or None, framework=framework, existing=existing)
    status = 200
    if request.method == "POST" and "areas" in request.POST:
        if form.is_valid():
            try:
                services.save_area_choices(
                    actor=actor_of(request),
                    version=version,
                    framework_key=framework.key,
                    choices=form.choices(),
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The focus areas were saved."))
                return redirect("plans:areas", version.plan_id, version.pk)
        status = INVALID
    elif request.method == "POST":
        form = forms.AreasForm(framework=framework, existing=existing)
    ctx.update(form=form, framework_form=framework_form, framework=framework, existing=existing)
    return _render(request, "areas.html", ctx, "areas", status)


def goals(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    need = Need.EDIT if request.method == "POST" else Need.VIEW
    version, ctx = _version(request, plan_id, version_id, need)
    form = forms.GoalForm(request.POST or None, version=version)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_goal(
                    actor=actor_of(request), version=version, data=GoalData.from_form(form)
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The goal was added."))
                return redirect("plans:goals", version.plan_id, version.pk)
        status = INVALID
    data = selectors.version_page_data(version)
    ctx.update(form=form, **data)
    return _render(request, "goals.html", ctx, "goals", status)


def goal_edit(request: HttpRequest, plan_id: Any, version_id: Any, goal_id: Any) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id, Need.EDIT)
    goal = version.goals.filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "delete":
        try:
            services.delete_goal(actor=actor_of(request), goal=goal)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The goal was deleted."))
        return redirect("plans:goals", version.plan_id, version.pk)
    form = forms.GoalForm(request.POST or None, instance=goal, version=version)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_goal(
                    actor=actor_of(request),
                    version=version,
                    goal=Goal.objects.get(pk=goal.pk),
                    data=GoalData.from_form(form),
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The goal was saved."))
                return redirect("plans:goals", version.plan_id, version.pk)
        status = INVALID
    ctx.update(form=form, goal=goal)
    return _render(request, "goal_edit.html", ctx, "goals", status)


def _goal(version: PlanVersion, goal_id: Any) -> Goal:
    goal = indicators.goals_with_measurements(version.goals.filter(pk=goal_id)).first()
    if goal is None:
        raise Http404
    goal.version = version
    return goal


def _goal_page(
    request: HttpRequest,
    ctx: dict[str, Any],
    goal: Goal,
    form: forms.MeasurementForm | None,
    status: int = 200,
) -> HttpResponse:
    # The series goes on across revisions: the goal's earlier versions' measurements are
    # shown (not editable here) before its own.
    with_earlier_measurements([goal])
    ctx.update(
        goal=goal,
        form=form,
        chart=indicators.chart(goal),
        standing=indicators.standing(goal),
        area_title=selectors.area_title(goal.version, goal.area_key),
    )
    return _render(request, "goal.html", ctx, "goals", status)


def goal_detail(request: HttpRequest, plan_id: Any, version_id: Any, goal_id: Any) -> HttpResponse:
    """A goal's indicator over time: baseline → measurements → target as a chart and a
    table; plan editors record measurements here."""
    need = Need.EDIT if request.method == "POST" else Need.VIEW
    version, ctx = _version(request, plan_id, version_id, need)
    goal = _goal(version, goal_id)
    form = None
    if ctx["can_edit"]:
        form = forms.MeasurementForm(
            request.POST or None, goal=goal, initial={"measured_on": timezone.localdate()}
        )
    if request.method == "POST" and form is not None:
        data_form = form
        if submit(
            data_form,
            lambda: services.save_measurement(
                actor=actor_of(request), goal=goal, data=MeasurementData.from_form(data_form)
            ),
        ):
            messages.success(request, _("The measurement was recorded."))
            return redirect("plans:goal", version.plan_id, version.pk, goal.pk)
        return _goal_page(request, ctx, goal, form, INVALID)
    return _goal_page(request, ctx, goal, form)


def measurement_edit(
    request: HttpRequest, plan_id: Any, version_id: Any, goal_id: Any, measurement_id: Any
) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id, Need.EDIT)
    goal = _goal(version, goal_id)
    measurement = next((m for m in goal.measurements.all() if m.pk == measurement_id), None)
    if measurement is None:
        raise Http404
    measurement.goal = goal
    if request.method == "POST" and request.POST.get("action") == "delete":
        try:
            services.delete_measurement(actor=actor_of(request), measurement=measurement)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The measurement was deleted."))
        return redirect("plans:goal", version.plan_id, version.pk, goal.pk)
    form = forms.MeasurementForm(request.POST or None, instance=measurement, goal=goal)
    if request.method == "POST":
        # The form writes its cleaned values onto the instance; the service compares them
        # with the record as saved, so it gets a fresh copy.
        saved = IndicatorMeasurement.objects.get(pk=measurement.pk)
        saved.goal = goal
        if submit(
            form,
            lambda: services.save_measurement(
                actor=actor_of(request),
                goal=goal,
                measurement=saved,
                data=MeasurementData.from_form(form),
            ),
        ):
            messages.success(request, _("The measurement was saved."))
            return redirect("plans:goal", version.plan_id, version.pk, goal.pk)
        ctx.update(form=form, goal=goal, measurement=measurement)
        return _render(request, "measurement_edit.html", ctx, "goals", INVALID)
    ctx.update(form=form, goal=goal, measurement=measurement)
    return _render(request, "measurement_edit.html", ctx, "goals")


def measures(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    need = Need.EDIT if request.method == "POST" else Need.VIEW
    version, ctx = _version(request, plan_id, version_id, need)
    form = forms.MeasureForm(request.POST or None, version=version)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_measure(
                    actor=actor_of(request),
                    version=version,
                    goals=list(form.cleaned_data["goals"]),
                    data=MeasureData.from_form(form),
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The measure was added."))
                return redirect("plans:measures", version.plan_id, version.pk)
        status = INVALID
    data = selectors.version_page_data(version)
    # What the apps above add to each measure (the protocol that fulfils it, the service
    # that is its help offer), in one batch for the page.
    links = measure_links(actor_of(request), data["measures"])
    for measure in data["measures"]:
        measure.extra_links = links[measure.pk]  # type: ignore[attr-defined]
    ctx.update(
        form=form,
        target_group_titles=catalogues.target_group_titles(),
        duty_titles=catalogues.duty_titles(),
        **data,
    )
    return _render(request, "measures.html", ctx, "measures", status)


def measure_edit(
    request: HttpRequest, plan_id: Any, version_id: Any, measure_id: Any
) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id, Need.EDIT)
    measure = version.measures.filter(pk=measure_id).first()
    if measure is None:
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "delete":
        try:
            services.delete_measure(actor=actor_of(request), measure=measure)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The measure was deleted."))
        return redirect("plans:measures", version.plan_id, version.pk)
    form = forms.MeasureForm(request.POST or None, instance=measure, version=version)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_measure(
                    actor=actor_of(request),
                    version=version,
                    measure=Measure.objects.get(pk=measure.pk),
                    goals=list(form.cleaned_data["goals"]),
                    data=MeasureData.from_form(form),
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The measure was saved."))
                return redirect("plans:measures", version.plan_id, version.pk)
        status = INVALID
    ctx.update(form=form, measure=measure)
    return _render(request, "measure_edit.html", ctx, "measures", status)


def measure_import(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id, Need.EDIT)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["sheet"]
            try:
                rows = read_sheet(upload.name, upload.read())
                result = services.import_measures(
                    actor=actor_of(request), version=version, rows=rows, source=upload.name
                )
            except SheetError as error:
                errors = [str(error)]
            except ValidationError as error:
                errors = list(error.messages)
            else:
                errors = result.errors
                if not errors:
                    messages.success(
                        request,
                        _("%(count)s measures were imported.") % {"count": len(result.created)},
                    )
                    return redirect("plans:measures", version.plan_id, version.pk)
        status = INVALID
    ctx.update(form=form, errors=errors)
    return _render(request, "measure_import.html", ctx, "measures", status)


def measure_renumber(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    """Renumbering is deliberate: the page shows each measure's number now and after, and
    only the confirmation (POST) changes them."""
    version, ctx = _version(request, plan_id, version_id, Need.EDIT)
    if request.method == "POST":
        try:
            count = services.renumber_measures(actor=actor_of(request), version=version)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s measure got a new number.",
                    "%(count)s measures got a new number.",
                    count,
                )
                % {"count": count},
            )
        return redirect("plans:measures", version.plan_id, version.pk)
    measures = list(version.measures.order_by("number", "created_at"))
    ctx["rows"] = [(measure, position) for position, measure in enumerate(measures, start=1)]
    ctx["changes"] = sum(1 for measure, position in ctx["rows"] if measure.number != position)
    return _render(request, "measure_renumber.html", ctx, "measures")


def period(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    need = Need.EDIT if request.method == "POST" else Need.VIEW
    version, ctx = _version(request, plan_id, version_id, need)
    settings = getattr(version, "settings", None)
    initial = {
        "period_start": version.period_start,
        "period_end": version.period_end,
        "reports_per_year": settings.reports_per_year if settings else None,
        "midterm_evaluation_on": settings.midterm_evaluation_on if settings else None,
        "final_evaluation_on": settings.final_evaluation_on if settings else None,
        "evaluator": settings.evaluator if settings else "",
        "target_groups": settings.target_groups if settings else [],
    }
    form = forms.PeriodForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_version_plan_settings(
                    actor=actor_of(request), version=version, **form.cleaned_data
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The plan period and follow-up were saved."))
                return redirect("plans:period", version.plan_id, version.pk)
        status = INVALID
    titles = catalogues.target_group_titles()
    ctx.update(
        form=form,
        settings=settings,
        target_groups=[titles.get(k, k) for k in (settings.target_groups if settings else [])],
    )
    return _render(request, "period.html", ctx, "period", status)


def _consultation_page(
    request: HttpRequest,
    version: PlanVersion,
    ctx: dict[str, Any],
    *,
    period_form: forms.ConsultationForm | None = None,
    response_form: forms.ResponseForm | None = None,
    weighed: tuple[ConsultationResponse, forms.WeighForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The consultation page, with the form that was sent (and refused) bound."""
    current = getattr(version, "consultation", None) if hasattr(version, "consultation") else None
    if period_form is None:
        period_form = forms.ConsultationForm(
            initial={
                "opens_on": current.opens_on,
                "closes_on": current.closes_on,
                "description": current.description,
            }
            if current
            else None,
            prefix="c",
        )
    responses = list(version.consultation_responses.all())
    weigh_target = str(weighed[0].pk) if weighed else ""
    weigh_forms = {
        str(r.pk): weighed[1]
        if weighed and str(r.pk) == weigh_target
        else forms.WeighForm(
            prefix=f"w-{r.pk}",
            initial={"weighing": r.weighing, "reason": r.weighing_reason},
        )
        for r in responses
    }
    ctx.update(
        consultation=current,
        period_form=period_form,
        response_form=response_form or forms.ResponseForm(prefix="r"),
        weigh_target=weigh_target,
        responses=[(r, weigh_forms[str(r.pk)]) for r in responses],
    )
    return _render(request, "consultation.html", ctx, "consultation", status)


@require_safe
def consultation(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id)
    return _consultation_page(request, version, ctx)


def _consultation_updated(request: HttpRequest, version: PlanVersion) -> HttpResponse:
    messages.success(request, _("The consultation was updated."))
    return redirect("plans:consultation", version.plan_id, version.pk)


@require_POST
def consultation_period(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id, Need.EDIT)
    period_form = forms.ConsultationForm(request.POST, prefix="c")

    def save() -> None:
        cleaned = period_form.cleaned_data
        services.save_consultation(
            actor=actor_of(request),
            version=version,
            opens_on=cleaned["opens_on"],
            closes_on=cleaned["closes_on"],
            description=cleaned["description"],
        )

    if submit(period_form, save):
        return _consultation_updated(request, version)
    return _consultation_page(request, version, ctx, period_form=period_form, status=INVALID)


@require_POST
def consultation_response(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id, Need.EDIT)
    response_form = forms.ResponseForm(request.POST, prefix="r")

    def add() -> None:
        cleaned = response_form.cleaned_data
        services.add_consultation_response(
            actor=actor_of(request),
            version=version,
            respondent=cleaned["respondent"],
            text=cleaned["text"],
            received_on=cleaned["received_on"],
        )

    if submit(response_form, add):
        return _consultation_updated(request, version)
    return _consultation_page(request, version, ctx, response_form=response_form, status=INVALID)


@require_POST
def consultation_weigh(
    request: HttpRequest, plan_id: Any, version_id: Any, response_id: Any
) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id, Need.EDIT)
    response = version.consultation_responses.filter(pk=response_id).first()
    if response is None:
        raise Http404
    weigh_form = forms.WeighForm(request.POST, prefix=f"w-{response.pk}")
    weighed = submit(
        weigh_form,
        lambda: services.weigh_response(
            actor=actor_of(request),
            response=response,
            weighing=weigh_form.cleaned_data["weighing"],
            reason=weigh_form.cleaned_data["reason"],
        ),
    )
    if weighed:
        return _consultation_updated(request, version)
    return _consultation_page(request, version, ctx, weighed=(response, weigh_form), status=INVALID)


def quality(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    need = Need.EDIT if request.method == "POST" else Need.VIEW
    version, ctx = _version(request, plan_id, version_id, need)
    form = forms.WarningReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_warning_reason(
                    actor=actor_of(request),
                    version=version,
                    check=form.cleaned_data["check"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The reason was recorded."))
                return redirect("plans:quality", version.plan_id, version.pk)
        status = INVALID
    ctx.update(report=run_quality_check(version), form=form)
    return _render(request, "quality.html", ctx, "quality", status)


def adoptions(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    need = Need.EDIT if request.method == "POST" else Need.VIEW
    version, ctx = _version(request, plan_id, version_id, need)
    settings = getattr(version, "settings", None)
    initial = {
        "period_start": version.period_start,
        "period_end": version.period_end,
        "reports_per_year": settings.reports_per_year if settings else None,
        "midterm_evaluation_on": settings.midterm_evaluation_on if settings else None,
        "final_evaluation_on": settings.final_evaluation_on if settings else None,
        "evaluator": settings.evaluator if settings else "",
    }
    form = forms.AdoptionForm(request.POST or None, version=version, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_adoption(
                    actor=actor_of(request), version=version, data=AdoptionData.from_form(form)
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The adoption was recorded."))
                return redirect("plans:adoptions", version.plan_id, version.pk)
        status = INVALID
    adoption_rows = list(version.adoptions.select_related("municipality"))
    councils = selectors.council_states(version, adoptions=adoption_rows)
    ctx.update(
        form=form,
        adoptions=adoption_rows,
        owners=version.plan.municipalities.all(),
        councils=councils,
        council_summary=selectors.council_summary(councils),
        can_freeze=ctx["can_edit"]
        and version.status not in services.CLOSED_STATUSES
        and version.frozen_at is None
        and services.content_is_open(version),
    )
    return _render(request, "adoptions.html", ctx, "adoptions", status)


def rounds(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    need = Need.EDIT if request.method == "POST" else Need.VIEW
    version, ctx = _version(request, plan_id, version_id, need)
    form = forms.RoundForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                round_ = services.create_reporting_round(
                    actor=actor_of(request), version=version, **form.cleaned_data
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The reporting round was created."))
                return redirect("plans:round", version.plan_id, version.pk, round_.pk)
        status = INVALID
    ctx.update(form=form, rounds=version.reporting_rounds.all())
    return _render(request, "rounds.html", ctx, "rounds", status)


def _round(
    request: HttpRequest, plan_id: Any, version_id: Any, round_id: Any
) -> tuple[ReportingRound, dict[str, Any]]:
    plan = access_plan(actor_of(request), plan_id, Need.VIEW)
    version = access_version(actor_of(request), version_id, Need.VIEW, plan=plan)
    round_ = version.reporting_rounds.filter(pk=round_id).first()
    if round_ is None:
        raise Http404
    round_.version = version
    can_edit = can_edit_plan(actor_of(request), plan)
    return round_, {
        "plan": plan,
        "version": version,
        "round": round_,
        "can_edit": can_edit,
        "steps": selectors.LIFECYCLE,
        "section": "rounds",
    }


def _round_rows(
    request: HttpRequest, round_: ReportingRound, plan: Plan
) -> list[tuple[Measure, StatusReport | None]]:
    """The measures the page shows: all of them to the plan's readers; to a unit manager
    or a partner organisation's people only the measures they answer for; nobody else
    sees the round (404)."""
    actor = actor_of(request)
    rows = selectors.round_measures(round_)
    if not can_read_drafts(actor, plan):
        rows = [(m, r) for m, r in rows if follows_measure(actor, m)]
        if not rows:
            raise Http404
    return rows


def _round_page(
    request: HttpRequest,
    round_: ReportingRound,
    ctx: dict[str, Any],
    rows: list[tuple[Measure, StatusReport | None]],
    *,
    posted: tuple[Measure, forms.StatusReportForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = actor_of(request)
    entries = []
    for measure, report in rows:
        form = posted[1] if posted and posted[0].pk == measure.pk else None
        if form is None and services.can_report_on(actor, measure):
            initial = (
                {
                    "status": report.status,
                    "comment": report.comment,
                    "comment_public": report.comment_public,
                    "spent_nok": report.spent_nok,
                    "spent_hours": report.spent_hours,
                }
                if report
                else None
            )
            form = forms.StatusReportForm(prefix=str(measure.pk), initial=initial)
        entries.append((measure, report, form))
    ctx.update(entries=entries, reported=sum(1 for _m, r in rows if r is not None), total=len(rows))
    # Someone who only answers for measures (a unit manager, a partner agency) gets no
    # links to the plan's other sections: they would all be 404 for them.
    ctx["reporter_only"] = not can_read_drafts(actor, ctx["plan"])
    if can_read_drafts(actor, ctx["plan"]):
        # The plan's readers see which indicators the round asks for; a unit manager who
        # reports on a measure only sees that measure.
        ctx["indicators_due"] = indicators.indicators_due(
            round_, indicators.version_goals(round_.version)
        )
    council_report.round_page_extras(actor, round_, ctx)
    return _render(request, "round.html", ctx, "rounds", status)


@require_safe
def round_detail(
    request: HttpRequest, plan_id: Any, version_id: Any, round_id: Any
) -> HttpResponse:
    """Editors and readers of the plan see every measure; a unit manager who is
    responsible for a measure may report on it here even without a plan role."""
    round_, ctx = _round(request, plan_id, version_id, round_id)
    rows = _round_rows(request, round_, ctx["plan"])
    return _round_page(request, round_, ctx, rows)


def _round_step(
    request: HttpRequest,
    plan_id: Any,
    version_id: Any,
    round_id: Any,
    step: Callable[..., ReportingRound],
    done: str,
) -> HttpResponse:
    """Open or close a round: the plan's editors only."""
    round_, ctx = _round(request, plan_id, version_id, round_id)
    rows = _round_rows(request, round_, ctx["plan"])
    if not ctx["can_edit"]:
        raise Http404
    try:
        step(actor=actor_of(request), round=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _round_page(request, round_, ctx, rows, status=INVALID)
    messages.success(request, done)
    return redirect("plans:round", ctx["plan"].pk, round_.version_id, round_.pk)


@require_POST
def round_open(request: HttpRequest, plan_id: Any, version_id: Any, round_id: Any) -> HttpResponse:
    return _round_step(
        request,
        plan_id,
        version_id,
        round_id,
        services.open_reporting_round,
        _("The round is open for reporting."),
    )


@require_POST
def round_close(request: HttpRequest, plan_id: Any, version_id: Any, round_id: Any) -> HttpResponse:
    return _round_step(
        request,
        plan_id,
        version_id,
        round_id,
        services.close_reporting_round,
        _("The round was closed."),
    )


@require_POST
def round_report(
    request: HttpRequest, plan_id: Any, version_id: Any, round_id: Any, measure_id: Any
) -> HttpResponse:
    """One measure's status in the round, from its responsible unit manager or an editor."""
    round_, ctx = _round(request, plan_id, version_id, round_id)
    rows = _round_rows(request, round_, ctx["plan"])
    actor = actor_of(request)
    measure = next((m for m, _r in rows if str(m.pk) == str(measure_id)), None)
    if measure is None or not services.can_report_on(actor, measure):
        raise Http404
    posted = forms.StatusReportForm(request.POST, prefix=str(measure.pk))
    if posted.is_valid():
        cleaned = posted.cleaned_data
        try:
            services.report_status(
                actor=actor,
                round=round_,
                measure=measure,
                status=cleaned["status"],
                comment=cleaned["comment"],
                comment_public=cleaned["comment_public"],
                spent_nok=cleaned["spent_nok"],
                spent_hours=cleaned["spent_hours"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The status of “%(measure)s” was saved.") % {"measure": measure.title},
            )
            return redirect(
                reverse("plans:round", args=[ctx["plan"].pk, round_.version_id, round_.pk])
                + f"#m-{measure.pk}"
            )
    return _round_page(request, round_, ctx, rows, posted=(measure, posted), status=INVALID)


def _evaluation_form(
    version: PlanVersion, kind: str, data: QueryDict | None = None
) -> tuple[Evaluation | None, EvaluationDetail | None, forms.EvaluationForm]:
    """The version's evaluation of `kind` (if begun), its detail and the form for it."""
    existing = version.evaluations.filter(kind=kind).select_related("detail").first()
    detail = getattr(existing, "detail", None) if existing else None
    page_data = selectors.version_page_data(version)
    findings: dict[uuid.UUID, MeasureEvaluation] = {}
    attainments: dict[str, AreaAttainment] = {}
    if existing:
        findings = {f.measure_id: f for f in existing.measure_findings.all()}
        attainments = {a.area_key: a for a in existing.area_findings.all()}
    initial: dict[str, object] = {}
    if detail:
        initial = {
            name: getattr(detail, name)
            for name in (
                "evaluator",
                "summary",
                "partner_feedback",
                "council_feedback",
                "duties_met",
                "outcome",
            )
        }
    if existing:
        initial["completed_on"] = existing.completed_on
    form = forms.EvaluationForm(
        data,
        initial=initial,
        measures=page_data["measures"],
        areas=[(a.key, a.title) for a in page_data["areas"] if a.key],
        findings=findings,
        attainments=attainments,
    )
    return existing, detail, form


def _evaluation_page(
    request: HttpRequest,
    version: PlanVersion,
    ctx: dict[str, Any],
    kind: str,
    found: tuple[Evaluation | None, EvaluationDetail | None, forms.EvaluationForm],
    status: int = 200,
) -> HttpResponse:
    existing, detail, form = found
    ctx.update(
        form=form,
        evaluation=existing,
        detail=detail,
        kind=kind,
        kind_label=EvaluationKind(kind).label,
        evaluable=version.status in ADOPTED_STATUSES,
        standings=indicators.standings(indicators.version_goals(version)),
    )
    return _render(request, "evaluation.html", ctx, f"evaluation_{kind}", status)


@require_safe
def evaluation(request: HttpRequest, plan_id: Any, version_id: Any, kind: str) -> HttpResponse:
    if kind not in EvaluationKind.values:
        raise Http404
    version, ctx = _version(request, plan_id, version_id)
    return _evaluation_page(request, version, ctx, kind, _evaluation_form(version, kind))


@require_POST
def evaluation_save(request: HttpRequest, plan_id: Any, version_id: Any, kind: str) -> HttpResponse:
    if kind not in EvaluationKind.values:
        raise Http404
    version, ctx = _version(request, plan_id, version_id, Need.EDIT)
    found = _evaluation_form(version, kind, request.POST)
    form = found[2]

    def save() -> None:
        cleaned = form.cleaned_data
        services.save_evaluation(
            actor=actor_of(request),
            version=version,
            kind=kind,
            evaluator=cleaned["evaluator"],
            summary=cleaned["summary"],
            partner_feedback=cleaned["partner_feedback"],
            council_feedback=cleaned["council_feedback"],
            duties_met=cleaned["duties_met"],
            outcome=cleaned["outcome"],
            measure_findings=form.measure_findings(),
            area_findings=form.area_findings(),
            complete_on=cleaned["completed_on"],
        )

    if submit(form, save):
        messages.success(request, _("The evaluation was saved."))
        return redirect("plans:evaluation", version.plan_id, version.pk, kind)
    return _evaluation_page(request, version, ctx, kind, found, status=INVALID)


@require_POST
def revise(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    version, _ctx = _version(request, plan_id, version_id, Need.EDIT)
    try:
        new = services.revise_version(actor=actor_of(request), version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:version", version.plan_id, version.pk)
    messages.success(
        request,
        _("Version %(number)s was created from the evaluated plan.") % {"number": new.number},
    )
    return redirect("plans:version", new.plan_id, new.pk)


def diff(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    version, ctx = _version(request, plan_id, version_id)
    if version.previous is None:
        raise Http404
    ctx["diff"] = selectors.version_diff(version.previous, version)
    return _render(request, "diff.html", ctx, "diff")


def document(request: HttpRequest, plan_id: Any, version_id: Any, fmt: str) -> HttpResponse:
    version, _ctx = _version(request, plan_id, version_id)
    return documents.plan_document_response(version, fmt, public=False)


def municipality_choices() -> list[Municipality]:
    return list(Municipality.objects.filter(year=2024).order_by("name"))
