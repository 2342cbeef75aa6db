"""Pages of the guideline's steps: the initiative, the steering group, involvement, the
implementation and communication plan with the plan's annual cycle (also as iCalendar),
and the external quality review. As every plan page: access → form → service → render;
readers see the pages without forms, outsiders get 404, and a write is for plan editors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from samvern.accounts.actor import actor_of
from samvern.core.forms import submit
from samvern.plans import annual_cycle
from samvern.plans import forms_guideline as gforms
from samvern.plans.access import Need
from samvern.plans.models import InvolvedGroup, PlanVersion
from samvern.plans.services import CONTENT_LOCKED
from samvern.plans.services import guideline as steps
from samvern.plans.services.data import _Record
from samvern.plans.views import INVALID, _render, _version


def _content_open(version: PlanVersion) -> bool:
    return version.status not in CONTENT_LOCKED


@dataclass(frozen=True)
class ListStep:
    """A step that is a list of records: the page lists them with an add form, each record
    has an edit page and a remove button."""

    section: str  # the menu section, the URL names' stem and the template's name
    related: str  # the version's related manager
    form: type[forms.ModelForm[Any]]
    data: type[_Record]
    save: Callable[..., Any]
    delete: Callable[..., Any]
    item_arg: str  # the keyword the services take the record by
    is_open: Callable[[PlanVersion], bool]
    added: Any
    saved: Any
    removed: Any
    title: Any
    page_data: Callable[[PlanVersion], dict[str, Any]] = field(default=lambda version: {})


def _steering_extra(version: PlanVersion) -> dict[str, Any]:
    return {"working_group": list(version.working_group.all())}


def _involvement_extra(version: PlanVersion) -> dict[str, Any]:
    heard = {i.group for i in version.involvements.all()}
    return {
        "not_heard": [
            label
            for value, label in InvolvedGroup.choices
            if value in {InvolvedGroup.USERS, InvolvedGroup.YOUNG_PEOPLE, InvolvedGroup.CHILDREN}
            and value not in heard
        ]
    }


def _communication_extra(version: PlanVersion) -> dict[str, Any]:
    return {"cycle": annual_cycle.by_month(annual_cycle.annual_cycle(version))}


STEERING = ListStep(
    section="steering_group",
    related="steering_group",
    form=gforms.SteeringMemberForm,
    data=steps.SteeringMemberData,
    save=steps.save_steering_member,
    delete=steps.remove_steering_member,
    item_arg="member",
    is_open=steps.follow_up_open,
    added=gettext_lazy("The member was added to the steering group."),
    saved=gettext_lazy("The member was saved."),
    removed=gettext_lazy("The member was removed from the steering group."),
    title=gettext_lazy("Edit steering-group member"),
    page_data=_steering_extra,
)
INVOLVEMENT = ListStep(
    section="involvement",
    related="involvements",
    form=gforms.InvolvementForm,
    data=steps.InvolvementData,
    save=steps.save_involvement,
    delete=steps.delete_involvement,
    item_arg="involvement",
    is_open=_content_open,
    added=gettext_lazy("The involvement was added."),
    saved=gettext_lazy("The involvement was saved."),
    removed=gettext_lazy("The involvement was removed."),
    title=gettext_lazy("Edit involvement"),
    page_data=_involvement_extra,
)
COMMUNICATION = ListStep(
    section="communication",
    related="communication_items",
    form=gforms.CommunicationItemForm,
    data=steps.CommunicationItemData,
    save=steps.save_communication_item,
    delete=steps.delete_communication_item,
    item_arg="item",
    is_open=steps.follow_up_open,
    added=gettext_lazy("The item was added to the communication plan."),
    saved=gettext_lazy("The item was saved."),
    removed=gettext_lazy("The item was removed from the communication plan."),
    title=gettext_lazy("Edit communication item"),
    page_data=_communication_extra,
)


def _list_page(
    request: HttpRequest,
    step: ListStep,
    version: PlanVersion,
    ctx: dict[str, Any],
    form: forms.BaseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    ctx.update(
        form=form or step.form(prefix="new"),
        items=list(getattr(version, step.related).all()),
        editable=ctx["can_edit"] and step.is_open(version),
        **step.page_data(version),
    )
    return _render(request, f"{step.section}.html", ctx, step.section, status)


def list_view(step: ListStep) -> Callable[..., HttpResponse]:
    def view(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
        need = Need.EDIT if request.method == "POST" else Need.VIEW
        version, ctx = _version(request, plan_id, version_id, need)
        if request.method != "POST":
            return _list_page(request, step, version, ctx)
        form = step.form(request.POST, prefix="new")
        saved = submit(
            form,
            lambda: step.save(
                actor=actor_of(request), version=version, data=step.data.from_form(form)
            ),
        )
        if saved:
            messages.success(request, str(step.added))
            return redirect(f"plans:{step.section}", version.plan_id, version.pk)
        return _list_page(request, step, version, ctx, form, INVALID)

    view.__name__ = step.section
    return view


def _item(step: ListStep, version: PlanVersion, item_id: Any) -> Any:
    item = getattr(version, step.related).filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


def edit_view(step: ListStep) -> Callable[..., HttpResponse]:
    def view(request: HttpRequest, plan_id: Any, version_id: Any, item_id: Any) -> HttpResponse:
        version, ctx = _version(request, plan_id, version_id, Need.EDIT)
        item = _item(step, version, item_id)
        # The saved values as the start, never the record itself: the form must not
        # change it before the service has compared and checked.
        initial = model_to_dict(item, fields=list(step.data.field_names()))
        form = step.form(request.POST or None, initial=initial)
        status = 200
        if request.method == "POST":
            saved = submit(
                form,
                lambda: step.save(
                    actor=actor_of(request),
                    version=version,
                    data=step.data.from_form(form),
                    **{step.item_arg: item},
                ),
            )
            if saved:
                messages.success(request, str(step.saved))
                return redirect(f"plans:{step.section}", version.plan_id, version.pk)
            status = INVALID
        ctx.update(
            form=form,
            item=item,
            step_title=step.title,
            back=f"plans:{step.section}",
            remove=f"plans:{step.section}_remove",
        )
        return _render(request, "guideline_item_edit.html", ctx, step.section, status)

    view.__name__ = f"{step.section}_edit"
    return view


def remove_view(step: ListStep) -> Callable[..., HttpResponse]:
    @require_POST
    def view(request: HttpRequest, plan_id: Any, version_id: Any, item_id: Any) -> HttpResponse:
        version, _ctx = _version(request, plan_id, version_id, Need.EDIT)
        item = _item(step, version, item_id)
        try:
            step.delete(actor=actor_of(request), **{step.item_arg: item})
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, str(step.removed))
        return redirect(f"plans:{step.section}", version.plan_id, version.pk)

    view.__name__ = f"{step.section}_remove"
    return view


def _single_record_page(
    request: HttpRequest,
    plan_id: Any,
    version_id: Any,
    *,
    related: str,
    form_class: type[forms.ModelForm[Any]],
    data: type[_Record],
    save: Callable[..., Any],
    saved_message: str,
    section: str,
) -> HttpResponse:
    need = Need.EDIT if request.method == "POST" else Need.VIEW
    version, ctx = _version(request, plan_id, version_id, need)
    current = getattr(version, related, None) if hasattr(version, related) else None
    initial = model_to_dict(current, fields=list(data.field_names())) if current else None
    form = form_class(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if submit(
            form,
            lambda: save(actor=actor_of(request), version=version, data=data.from_form(form)),
        ):
            messages.success(request, saved_message)
            return redirect(f"plans:{section}", version.plan_id, version.pk)
        status = INVALID
    ctx.update(form=form, record=current)
    return _render(request, f"{section}.html", ctx, section, status)


def initiative(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    return _single_record_page(
        request,
        plan_id,
        version_id,
        related="initiative",
        form_class=gforms.InitiativeForm,
        data=steps.InitiativeData,
        save=steps.save_initiative,
        saved_message=_("The initiative was saved."),
        section="initiative",
    )


def quality_review(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    return _single_record_page(
        request,
        plan_id,
        version_id,
        related="quality_review",
        form_class=gforms.QualityReviewForm,
        data=steps.QualityReviewData,
        save=steps.save_quality_review,
        saved_message=_("The quality review was saved."),
        section="quality_review",
    )


@require_safe
def annual_cycle_ics(request: HttpRequest, plan_id: Any, version_id: Any) -> HttpResponse:
    version, _ctx = _version(request, plan_id, version_id)
    body = annual_cycle.calendar_text(
        version, annual_cycle.annual_cycle(version), now=timezone.now()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    name = slugify(version.title) or "plan"
    response["Content-Disposition"] = f'attachment; filename="{name}-v{version.number}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
