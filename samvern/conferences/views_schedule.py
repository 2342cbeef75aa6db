"""Schedule pages: the conference list, series and extra conferences, the conference page
with its agenda and attendance, confirming confidentiality, declaring a conflict, the
partnership's statement, holding a conference and bringing a case back.

Each view: access → form → service → render/redirect, in one transaction (`case_view`),
so a read's audit event is stored with the read or not at all; a 404 is recorded as a
refusal, and the 404 for a forbidden object is the 404 for a missing one. The POST-only
changes made from the conference page (the agenda, the attendance list) are declared with
`conference_action`: how the object is found, the form, the service."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samvern.accounts.actor import Actor, actor_of
from samvern.accounts.models import Membership
from samvern.audit.services import audit_log
from samvern.cases.access import Need, access_case, today
from samvern.cases.views import case_view
from samvern.conferences import selectors_schedule as selectors
from samvern.conferences.access import (
    ConferenceAccess,
    ConferenceNeed,
    ItemNeed,
    access_agenda_item,
    access_conference,
    agenda_items,
    may_manage_partnership,
)
from samvern.conferences.forms_schedule import (
    AddCaseForm,
    AttendanceForm,
    AttendeeForm,
    BringBackForm,
    ConfirmForm,
    ConflictForm,
    ExtraForm,
    MoveForm,
    SeriesEndForm,
    SeriesForm,
    StatementForm,
    UrgentForm,
)
from samvern.conferences.models import (
    AgendaItem,
    Attendee,
    ConferenceStatus,
    ConfidentialityStatement,
)
from samvern.conferences.services import agenda as agenda_services
from samvern.conferences.services import attendance as attendance_services
from samvern.conferences.services import schedule as schedule_services
from samvern.core.forms import attach_service_error

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TEMPLATES = "conferences/schedule"

T = TypeVar("T")


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _to_detail(access: ConferenceAccess) -> HttpResponse:
    return redirect("conferences:detail", conference_id=access.conference.pk)


# --- list, series, extra --------------------------------------------------------------------


@case_view
def conference_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    day = today()
    if not selectors.has_conferences(actor, day):
        raise Http404
    upcoming = list(selectors.upcoming(actor, day)[:50])
    past_page = Paginator(selectors.past(actor, day), 25).get_page(request.GET.get("page"))
    coordinated = selectors.coordinated_partnerships(actor)
    ids = [c.pk for c in upcoming] + [c.pk for c in past_page.object_list]
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {
            "upcoming": upcoming,
            "past": past_page,
            "attending": selectors.attending_ids(actor, ids),
            "manages": coordinated.exists(),
            "series": [
                (series, schedule_services.describe_series(series))
                for series in selectors.series_of(coordinated)
            ],
            "partnerships": selectors.visible_partnerships(actor, day),
        },
    )


@case_view
def series_add(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partnerships = selectors.coordinated_partnerships(actor)
    if not partnerships.exists():
        raise Http404
    form = SeriesForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        try:
            series = schedule_services.create_series(
                actor=actor,
                partnership=form.cleaned_data["partnership"],
                data=form.series_data(),
                today=today(),
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            count = series.conferences.count()
            messages.success(
                request,
                _("The series is saved, with %(count)s planned conferences.") % {"count": count},
            )
            return redirect("conferences:list")
    return render(request, f"{TEMPLATES}/series_form.html", {"form": form})


@case_view
def series_end(request: HttpRequest, series_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    series = selectors.access_series(actor, series_id)
    form = SeriesEndForm(request.POST or None, initial={"until": series.until})
    if request.method == "POST" and form.is_valid():
        try:
            schedule_services.set_series_end(
                actor=actor, series=series, until=form.cleaned_data["until"], today=today()
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The series has been changed."))
            return redirect("conferences:list")
    return render(
        request,
        f"{TEMPLATES}/series_end.html",
        {"form": form, "series": series, "rule": schedule_services.describe_series(series)},
    )


@case_view
def extra_add(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partnerships = selectors.coordinated_partnerships(actor)
    if not partnerships.exists():
        raise Http404
    form = ExtraForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        day = today()
        partnership = form.cleaned_data["partnership"]
        try:
            urgent = None
            if form.cleaned_data["reference"]:
                urgent = agenda_services.find_case(
                    actor=actor,
                    partnership_id=partnership.pk,
                    reference=form.cleaned_data["reference"],
                    day=day,
                )
            conference = schedule_services.create_extra(
                actor=actor,
                partnership=partnership,
                data=form.extra_data(),
                today=day,
                urgent_case=urgent,
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The extra conference is planned."))
            return redirect("conferences:detail", conference_id=conference.pk)
    return render(request, f"{TEMPLATES}/extra_form.html", {"form": form})


# --- the conference page --------------------------------------------------------------------


@case_view
def conference_detail(request: HttpRequest, conference_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    day = today()
    access = access_conference(actor, conference_id, ConferenceNeed.VIEW, day=day)
    conference = access.conference
    agenda = selectors.agenda_view(actor, access, day)
    shown = [row for row in agenda.rows if agenda.facts and not row.conflicted]
    audit_log(
        actor=actor,
        action="conference.schedule.viewed",
        target=conference,
        organisation=actor.organisation,
        detail={
            "conference": str(conference.pk),
            "facts": agenda.facts,
            "cases": [str(row.case.case.pk) for row in shown],
            "references": [row.case.case.reference for row in agenda.rows],
        },
    )
    attendance_services.record_exclusions(actor=actor, withheld=agenda.withheld)
    context: dict[str, object] = {
        "access": access,
        "conference": conference,
        "agenda": agenda,
        "attendees": list(selectors.attendees(conference)),
        "planned": conference.status == ConferenceStatus.PLANNED,
    }
    if access.manage:
        candidates = attendance_services.candidate_memberships(conference.partnership, day)
        context.update(
            add_case_form=AddCaseForm(),
            attendee_form=AttendeeForm(candidates=candidates),
            statuses=AttendanceForm.base_fields["status"].choices,  # type: ignore[attr-defined]
        )
    return render(request, f"{TEMPLATES}/detail.html", context)


def _managed(actor: Actor, conference_id: uuid.UUID) -> ConferenceAccess:
    return access_conference(actor, conference_id, ConferenceNeed.MANAGE, day=today())


def _managed_conference(actor: Actor, conference_id: uuid.UUID) -> tuple[ConferenceAccess, None]:
    return _managed(actor, conference_id), None


def _managed_item(actor: Actor, item_id: uuid.UUID) -> tuple[ConferenceAccess, AgendaItem]:
    conference_id = (
        AgendaItem.objects.filter(pk=item_id).values_list("conference_id", flat=True).first()
    )
    if conference_id is None:
        raise Http404
    access = _managed(actor, conference_id)
    item = agenda_items(access.conference).filter(pk=item_id).first()
    if item is None:
        raise Http404
    return access, item


def _managed_attendee(actor: Actor, attendee_id: uuid.UUID) -> tuple[ConferenceAccess, Attendee]:
    conference_id = (
        Attendee.objects.filter(pk=attendee_id).values_list("conference_id", flat=True).first()
    )
    if conference_id is None:
        raise Http404
    access = _managed(actor, conference_id)
    return access, Attendee.objects.get(pk=attendee_id)


class _KeyedView(Protocol):
    def __call__(self, request: HttpRequest, /, **kwargs: uuid.UUID) -> HttpResponseBase: ...


Cleaned = Mapping[str, object]


@dataclass(frozen=True)
class Step(Generic[T]):
    """What a conference action's service call gets: who, on which conference, the
    object found (an agenda item, an attendee, or None) and what the form cleaned."""

    request: HttpRequest
    actor: Actor
    access: ConferenceAccess
    target: T
    data: Cleaned


def conference_action(
    *,
    find: Callable[[Actor, uuid.UUID], tuple[ConferenceAccess, T]],
    perform: Callable[[Step[T]], None],
    form: Callable[[HttpRequest, ConferenceAccess], forms.Form] | None = None,
    invalid: StrOrPromise | None = None,
) -> _KeyedView:
    """A POST-only change from the conference page: `find` (an access function of the
    route's identifier, so a forbidden object is the 404 of a missing one), the `form`
    (when not valid, `invalid` is shown and nothing is done; no `invalid`: done with what
    the form cleaned), then `perform` (the service, and its message). A service's refusal
    is shown as messages. Every answer goes back to the conference page."""

    @case_view
    @require_POST
    def view(request: HttpRequest, **kwargs: uuid.UUID) -> HttpResponse:
        actor = actor_of(request)
        (key,) = kwargs.values()
        access, target = find(actor, key)
        data: Cleaned = {}
        if form is not None:
            bound = form(request, access)
            if not bound.is_valid() and invalid is not None:
                messages.error(request, invalid)
                return _to_detail(access)
            data = bound.cleaned_data
        try:
            perform(Step(request, actor, access, target, data))
        except ValidationError as error:
            _error_messages(request, error)
        return _to_detail(access)

    return view


def _build_agenda(step: Step[None]) -> None:
    items = agenda_services.build_agenda(actor=step.actor, access=step.access, day=today())
    if items:
        added = ngettext(
            "%(count)s case was added to the agenda.",
            "%(count)s cases were added to the agenda.",
            len(items),
        )
        messages.success(step.request, added % {"count": len(items)})
    else:
        messages.info(step.request, _("No more cases are waiting for this conference."))


def _add_case(step: Step[None]) -> None:
    day = today()
    found = agenda_services.find_case(
        actor=step.actor,
        partnership_id=step.access.conference.partnership_id,
        reference=str(step.data["reference"]),
        day=day,
    )
    agenda_services.add_case(actor=step.actor, access=step.access, case=found, day=day)
    messages.success(step.request, _("The case was added to the agenda."))


def _remove_item(step: Step[AgendaItem]) -> None:
    agenda_services.remove_item(actor=step.actor, access=step.access, item=step.target)
    messages.success(step.request, _("The case was taken off the agenda."))


def _move_item(step: Step[AgendaItem]) -> None:
    direction = str(step.data["direction"])
    agenda_services.move_item(
        actor=step.actor, access=step.access, item=step.target, direction=direction
    )


def _set_urgent(step: Step[AgendaItem]) -> None:
    urgent = bool(step.data.get("urgent"))
    agenda_services.set_urgent(
        actor=step.actor, access=step.access, item=step.target, urgent=urgent
    )


def _attendee_form(request: HttpRequest, access: ConferenceAccess) -> AttendeeForm:
    candidates = attendance_services.candidate_memberships(access.conference.partnership, today())
    return AttendeeForm(request.POST, candidates=candidates)


def _add_attendee(step: Step[None]) -> None:
    membership = step.data["person"]
    assert isinstance(membership, Membership)
    attendance_services.add_attendee(
        actor=step.actor,
        access=step.access,
        user=membership.user,
        organisation=membership.organisation,
        day=today(),
    )
    messages.success(step.request, _("The person is on the attendance list."))


def _set_attendance(step: Step[Attendee]) -> None:
    attendance_services.set_attendance(
        actor=step.actor,
        access=step.access,
        attendee=step.target,
        status=str(step.data["status"]),
        substitute_for=str(step.data["substitute_for"]),
    )
    messages.success(step.request, _("The attendance has been saved."))


def _posted(form_class: type[forms.Form]) -> Callable[[HttpRequest, ConferenceAccess], forms.Form]:
    return lambda request, access: form_class(request.POST)


agenda_build = conference_action(find=_managed_conference, perform=_build_agenda)
agenda_add = conference_action(
    find=_managed_conference,
    form=_posted(AddCaseForm),
    invalid=_lazy("Write the case's reference."),
    perform=_add_case,
)
agenda_remove = conference_action(find=_managed_item, perform=_remove_item)
agenda_move = conference_action(
    find=_managed_item,
    form=_posted(MoveForm),
    invalid=_lazy("Choose up or down."),
    perform=_move_item,
)
# Unticked is a valid "not urgent": whatever the form cleaned is used.
agenda_urgent = conference_action(find=_managed_item, form=_posted(UrgentForm), perform=_set_urgent)


# --- attendance, confidentiality, conflicts ------------------------------------------------


attendee_add = conference_action(
    find=_managed_conference,
    form=_attendee_form,
    invalid=_lazy("Choose a person from the list."),
    perform=_add_attendee,
)
attendance_set = conference_action(
    find=_managed_attendee,
    form=_posted(AttendanceForm),
    invalid=_lazy("Choose an attendance status."),
    perform=_set_attendance,
)


@case_view
def confirm(request: HttpRequest, conference_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_conference(actor, conference_id, ConferenceNeed.VIEW, day=today())
    if not access.attending:
        raise Http404
    statement = access.conference.statement or attendance_services.current_statement(
        access.conference.partnership_id
    )
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attendance_services.confirm_statement(actor=actor, access=access)
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(
                request, _("Thank you. The meeting's case information is open to you.")
            )
            return _to_detail(access)
    return render(
        request,
        f"{TEMPLATES}/confirm.html",
        {"access": access, "conference": access.conference, "statement": statement, "form": form},
    )


@case_view
def conflict(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    found = access_agenda_item(actor, item_id, ItemNeed.REFERENCE, day=today())
    if found.conference.attendee is None:
        raise Http404
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attendance_services.declare_conflict(
                actor=actor, item=found, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(
                request, _("Your conflict of interest is recorded. The case is withheld from you.")
            )
            return _to_detail(found.conference)
    return render(
        request,
        f"{TEMPLATES}/conflict.html",
        {"found": found, "conference": found.conference.conference, "form": form},
    )


@case_view
def statement(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = selectors.access_statement_partnership(actor, partnership_id, today())
    manages = selectors.coordinated_partnerships(actor).filter(pk=partnership.pk).exists()
    versions = list(
        ConfidentialityStatement.objects.filter(partnership=partnership)
        .select_related("created_by")
        .order_by("-version")
    )
    form = None
    if manages:
        form = StatementForm(
            request.POST or None, initial={"text": versions[0].text if versions else ""}
        )
        if request.method == "POST" and form.is_valid():
            try:
                attendance_services.write_statement(
                    actor=actor, partnership=partnership, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The new version of the statement is in force."))
                return redirect("conferences:statement", partnership_id=partnership.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        f"{TEMPLATES}/statement.html",
        {
            "partnership": partnership,
            "current": versions[0] if versions else None,
            "versions": versions,
            "form": form,
        },
    )


# --- holding, bringing back ----------------------------------------------------------------


@case_view
def hold(request: HttpRequest, conference_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = _managed(actor, conference_id)
    if request.method == "POST":
        try:
            result = schedule_services.hold_conference(actor=actor, access=access, day=today())
        except ValidationError as error:
            _error_messages(request, error)
            return _to_detail(access)
        messages.success(
            request,
            _("The conference is held. %(count)s cases moved to heard.")
            % {"count": len(result.heard)},
        )
        for row in result.not_moved:
            messages.warning(
                request,
                _("%(reference)s was not moved: %(reason)s")
                % {"reference": row.reference or _("A case"), "reason": row.reason},
            )
        return _to_detail(access)
    agenda = selectors.agenda_view(actor, access, today())
    return render(
        request,
        f"{TEMPLATES}/hold.html",
        {"access": access, "conference": access.conference, "agenda": agenda},
    )


@case_view
def cancel(request: HttpRequest, conference_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = _managed(actor, conference_id)
    if request.method == "POST":
        try:
            schedule_services.cancel_conference(actor=actor, access=access)
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("The conference is cancelled."))
        return _to_detail(access)
    return render(
        request, f"{TEMPLATES}/cancel.html", {"access": access, "conference": access.conference}
    )


@case_view
def bring_back(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    found = access_case(actor, case_id, Need.CONFERENCE)
    if not may_manage_partnership(actor, found.case.partnership.coordinator_id):
        raise Http404
    form = BringBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            schedule_services.bring_back(
                actor=actor,
                access=found,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(
                request,
                _("The case is awaiting conference again. It goes on the next agenda built."),
            )
            target = "cases:detail" if found.grant.content else "cases:summary"
            return redirect(target, case_id=found.case.pk)
    return render(
        request,
        f"{TEMPLATES}/bring_back.html",
        {
            "case": found.case,
            "grant": found.grant,
            "form": form,
            "possible": selectors.case_for_bring_back(found.case),
        },
    )
