"""Training pages: thin views, access → form → service → render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samvern.accounts.actor import Actor, actor_of
from samvern.accounts.models import Organisation
from samvern.core.forms import attach_service_error
from samvern.partnerships.access import can_manage
from samvern.partnerships.models import Partnership
from samvern.training import selectors, services
from samvern.training.access import (
    access_event,
    access_organisation,
    can_write_for,
    member_organisation_ids,
    training_partnership,
    writable_organisation_ids,
)
from samvern.training.catalogue import topic_title
from samvern.training.forms import (
    EventForm,
    ParticipantForm,
    PlanForm,
    PlannedCourseForm,
    RecordForm,
    RoleForm,
    StaffForm,
)
from samvern.training.models import StaffMember, TargetRole, TrainingEvent, TrainingPlan

PAGE_SIZE = 50


def _status(form: object) -> int:
    return 400 if getattr(form, "is_bound", False) and getattr(form, "errors", None) else 200


@login_required
def overview(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = training_partnership(actor, partnership_id)
    today = timezone.localdate()
    page = Paginator(selectors.events(partnership), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/overview.html",
        {
            "partnership": partnership,
            "coverage": selectors.coverage(partnership, today),
            "page": page,
            "plans": list(selectors.plans(partnership)),
            "can_manage": can_manage(actor, partnership),
            "writable": writable_organisation_ids(actor, partnership),
            "today": today,
            "this_year": today.year,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_page(
    request: HttpRequest, partnership_id: uuid.UUID, organisation_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = training_partnership(actor, partnership_id)
    organisation = access_organisation(actor, partnership, organisation_id)
    today = timezone.localdate()
    writer = can_write_for(actor, partnership, organisation.pk)
    roles = TargetRole.objects.filter(partnership=partnership, organisation=organisation)
    staff = StaffMember.objects.filter(
        partnership=partnership, organisation=organisation, is_active=True
    ).select_related("organisation", "role")
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not writer:
        raise Http404
    role_form = RoleForm(request.POST if action == "role" else None)
    staff_form = StaffForm(request.POST if action == "staff" else None, roles=roles)
    record_form = RecordForm(request.POST if action == "record" else None, staff=staff)
    status = 200
    if action:
        try:
            if action == "role" and role_form.is_valid():
                services.save_target_role(
                    actor=actor,
                    partnership=partnership,
                    organisation=organisation,
                    name=role_form.cleaned_data["name"],
                    required_topics=role_form.cleaned_data["required_topics"],
                    staff_count=role_form.cleaned_data["staff_count"],
                )
                messages.success(request, _("The role was saved."))
            elif action == "staff" and staff_form.is_valid():
                services.add_staff(
                    actor=actor,
                    partnership=partnership,
                    organisation=organisation,
                    name=staff_form.cleaned_data["name"],
                    role=staff_form.cleaned_data["role"],
                )
                messages.success(request, _("The staff member was added."))
            elif action == "record" and record_form.is_valid():
                services.add_record(
                    actor=actor,
                    person=record_form.cleaned_data["person"],
                    topic_key=record_form.cleaned_data["topic_key"],
                    completed_on=record_form.cleaned_data["completed_on"],
                    refresh_due=record_form.cleaned_data["refresh_due"],
                    today=today,
                )
                messages.success(request, _("The course was registered."))
            elif action == "left":
                person_id = _uuid(request.POST.get("person", ""))
                person = staff.filter(pk=person_id).first() if person_id else None
                if person is None:
                    raise Http404
                services.set_staff_active(actor=actor, person=person, is_active=False)
                messages.success(
                    request, _("%(name)s is no longer counted.") % {"name": person.name}
                )
            else:
                status = 400
        except ValidationError as error:
            form = {"role": role_form, "staff": staff_form, "record": record_form}.get(action)
            if form is not None:
                attach_service_error(form, error)
            status = 400
        if status == 200:
            return redirect(
                "training:organisation",
                partnership_id=partnership.pk,
                organisation_id=organisation.pk,
            )
    people = list(selectors.staff_of(partnership, organisation)) if writer else []
    return render(
        request,
        "training/organisation.html",
        {
            "partnership": partnership,
            "organisation": organisation,
            "coverage": next(
                iter(selectors.coverage(partnership, today, organisation=organisation)), None
            ),
            "writer": writer,
            "people": [(p, selectors.due_for(p, on=today)) for p in people],
            "role_form": role_form,
            "staff_form": staff_form,
            "record_form": record_form,
            "today": today,
        },
        status=status,
    )


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _event_form(
    request: HttpRequest, partnership: Partnership, initial: dict[str, object] | None = None
) -> EventForm:
    """The event form, organised by one of the partnership's member organisations."""
    return EventForm(
        request.POST or None,
        initial=initial,
        organisations=Organisation.objects.filter(
            pk__in=list(member_organisation_ids(partnership))
        ).order_by("name"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = training_partnership(actor, partnership_id)
    if not can_manage(actor, partnership):
        raise Http404
    form = _event_form(request, partnership)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(actor=actor, partnership=partnership, **form.cleaned_data)
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The training event was registered."))
            return redirect("training:event", partnership_id=partnership.pk, event_id=event.pk)
    return render(
        request,
        "training/event_form.html",
        {"partnership": partnership, "form": form},
        status=_status(form),
    )


def _event_initial(event: TrainingEvent) -> dict[str, object]:
    return {
        "topic_key": event.topic_key,
        "title": event.title,
        "held_on": event.held_on,
        "hours": event.hours,
        "audience": event.audience,
        "trainer": event.trainer,
        "organiser": event.organiser_id,
        "notes": event.notes,
    }


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(
    request: HttpRequest, partnership_id: uuid.UUID, event_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = training_partnership(actor, partnership_id)
    event = access_event(actor, partnership, event_id)
    if not can_manage(actor, partnership):
        raise Http404
    form = _event_form(request, partnership, initial=_event_initial(event))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(actor=actor, event=event, **form.cleaned_data)
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The training event was saved."))
            return redirect("training:event", partnership_id=partnership.pk, event_id=event.pk)
    return render(
        request,
        "training/event_form.html",
        {"partnership": partnership, "form": form, "event": event},
        status=_status(form),
    )


@login_required
@require_POST
def event_delete(
    request: HttpRequest, partnership_id: uuid.UUID, event_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = training_partnership(actor, partnership_id)
    event = access_event(actor, partnership, event_id)
    if not can_manage(actor, partnership):
        raise Http404
    services.delete_event(actor=actor, event=event)
    messages.success(request, _("The training event was removed."))
    return redirect("training:overview", partnership_id=partnership.pk)


def _participant_choices(
    actor: Actor, partnership: Partnership, event: TrainingEvent
) -> QuerySet[StaffMember]:
    orgs = writable_organisation_ids(actor, partnership)
    return (
        StaffMember.objects.filter(
            partnership=partnership, organisation_id__in=list(orgs), is_active=True
        )
        .exclude(competences__event=event)
        .select_related("organisation", "role")
        .order_by("organisation__name", "name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_detail(
    request: HttpRequest, partnership_id: uuid.UUID, event_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = training_partnership(actor, partnership_id)
    event = access_event(actor, partnership, event_id)
    writable = writable_organisation_ids(actor, partnership)
    if request.method == "POST" and not writable:
        raise Http404
    form = ParticipantForm(
        request.POST or None, staff=_participant_choices(actor, partnership, event)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_participant(actor=actor, event=event, person=form.cleaned_data["person"])
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The participant was registered."))
            return redirect("training:event", partnership_id=partnership.pk, event_id=event.pk)
    records = list(
        event.competences.select_related("person__organisation", "person__role").order_by(
            "person__organisation__name", "person__role__name", "person__name"
        )
    )
    # Everyone sees how many took part per organisation and role; names only for the
    # partnership's managers and the participant's own organisation's administrators.
    groups: dict[tuple[str, str], int] = {}
    for record in records:
        key = (
            record.person.organisation.name,
            record.person.role.name if record.person.role else "",
        )
        groups[key] = groups.get(key, 0) + 1
    return render(
        request,
        "training/event_detail.html",
        {
            "partnership": partnership,
            "event": event,
            "title": topic_title(event.topic_key),
            "groups": sorted(groups.items()),
            "named": [r for r in records if r.person.organisation_id in writable],
            "total": len(records),
            "form": form if writable else None,
            "can_manage": can_manage(actor, partnership),
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_page(request: HttpRequest, partnership_id: uuid.UUID, year: int) -> HttpResponse:
    actor = actor_of(request)
    partnership = training_partnership(actor, partnership_id)
    manager = can_manage(actor, partnership)
    plan = TrainingPlan.objects.filter(partnership=partnership, year=year).first()
    if (plan is None and not manager) or not 2000 <= year <= 2100:
        raise Http404
    if request.method == "POST" and not manager:
        raise Http404
    action = request.POST.get("action") if request.method == "POST" else None
    plan_form = PlanForm(
        request.POST if action == "plan" else None, initial={"goals": plan.goals if plan else ""}
    )
    course_form = PlannedCourseForm(request.POST if action == "course" else None)
    status = 200
    if action:
        try:
            if action == "plan" and plan_form.is_valid():
                services.save_plan(
                    actor=actor,
                    partnership=partnership,
                    year=year,
                    goals=plan_form.cleaned_data["goals"],
                )
                messages.success(request, _("The training plan was saved."))
            elif action == "course" and plan is not None and course_form.is_valid():
                services.add_planned_course(actor=actor, plan=plan, **course_form.cleaned_data)
                messages.success(request, _("The course was added to the plan."))
            else:
                status = 400
        except ValidationError as error:
            attach_service_error(plan_form if action == "plan" else course_form, error)
            status = 400
        if status == 200:
            return redirect("training:plan", partnership_id=partnership.pk, year=year)
    held = selectors.held_per_topic(partnership, year)
    courses = list(plan.courses.all()) if plan else []
    return render(
        request,
        "training/plan.html",
        {
            "partnership": partnership,
            "year": year,
            "plan": plan,
            "rows": [(c, topic_title(c.topic_key), held.get(c.topic_key, 0)) for c in courses],
            "can_manage": manager,
            "plan_form": plan_form,
            "course_form": course_form,
        },
        status=status,
    )
