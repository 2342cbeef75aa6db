"""Pages for protective measures, custody release dates and reassessments. Each view:
access → form → service → render, in one transaction (`case_view`), never cached; a 404
on these routes is recorded as the case layer records its refusals. Every page that shows
case data records its read; a form page records it only when it shows the page."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.accounts.models import CASE_CONTENT_ROLES
from samvern.cases.access import CaseAccess, today
from samvern.cases.views import case_view
from samvern.core.forms import submit
from samvern.protection import selectors, services
from samvern.protection.access import (
    PROTECTED_ROLES,
    RELEASE_ROLES,
    ProtectionNeed,
    access_case_protection,
    access_measure,
    access_protected_person,
    access_reassessment,
    access_release,
    responsible_choices,
)
from samvern.protection.forms import (
    EndMeasureForm,
    MeasureFilterForm,
    MeasureForm,
    ReassessmentDateForm,
    ReleaseForm,
)
from samvern.protection.models import MeasureKind

PAGE_SIZE = 50


def _context(access: CaseAccess, **extra: object) -> dict[str, object]:
    return {"case": access.case, "grant": access.grant, **extra}


def _to_case_measures(case_id: object) -> HttpResponse:
    return redirect("protection:case", case_id=case_id)


def _has_content_role(request: HttpRequest) -> bool:
    actor = actor_of(request)
    return bool(actor.case_roles & CASE_CONTENT_ROLES) and actor.organisation is not None


# --- one case ------------------------------------------------------------------------------


@case_view
def case_measures(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_case_protection(actor, case_id)
    day = today()
    case = access.case
    measures = selectors.measure_rows(selectors.case_measures(case), day)
    releases = selectors.release_rows(selectors.case_releases(case), day)
    reassessments = selectors.visible_reassessments(actor, case, day)
    persons = case.persons.filter(role__in=PROTECTED_ROLES | RELEASE_ROLES).order_by(
        "role", "last_name", "first_name"
    )
    services.record_case_read(
        actor=actor,
        access=access,
        action=services.MEASURES_VIEWED,
        detail={
            "measures": [str(row.measure.pk) for row in measures],
            "releases": [str(row.release.pk) for row in releases],
        },
    )
    by_person = []
    for person in persons:
        by_person.append(
            {
                "person": person,
                "protected": person.role in PROTECTED_ROLES,
                "measures": [row for row in measures if row.measure.person_id == person.pk],
                "releases": [row for row in releases if row.release.person_id == person.pk],
            }
        )
    may_write = actor.organisation is not None and access.grant.content
    return render(
        request,
        "protection/case_measures.html",
        _context(
            access,
            by_person=by_person,
            reassessment_rows=selectors.reassessment_rows(
                reassessments, day, selectors.prompts_by_case(actor, {case.pk}, day)
            ),
            today=day,
            may_write=may_write,
            organisation=actor.organisation,
        ),
    )


@case_view
def add_measure(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_protected_person(actor, person_id, roles=PROTECTED_ROLES, write=True)
    day = today()
    initial: dict[str, object] = {"starts_on": day}
    if actor.organisation is not None:
        initial["responsible"] = str(actor.organisation.pk)
    kind = request.GET.get("kind", "")
    if kind in MeasureKind.values:
        initial["kind"] = kind
    form = MeasureForm(
        request.POST or None, organisations=responsible_choices(access.case), initial=initial
    )
    if request.method == "POST" and submit(
        form,
        lambda: services.add_measure(actor=actor, access=access, data=form.data_for_service()),
    ):
        messages.success(request, _("The measure has been recorded."))
        return _to_case_measures(access.case.pk)
    services.record_case_read(
        actor=actor,
        access=access,
        action=services.MEASURES_VIEWED,
        detail={"person": str(access.person.pk), "via": "form"},
    )
    return render(
        request,
        "protection/measure_form.html",
        _context(access, form=form, person=access.person, measure=None),
    )


@case_view
def measure_detail(request: HttpRequest, measure_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_measure(actor, measure_id, ProtectionNeed.VIEW)
    services.record_case_read(
        actor=actor,
        access=access,
        action=services.MEASURE_VIEWED,
        detail={"measure": str(access.measure.pk)},
    )
    row = selectors.measure_rows([access.measure], today())[0]
    return render(
        request,
        "protection/measure_detail.html",
        _context(access, row=row, measure=access.measure, may_change=access.may_change),
    )


@case_view
def edit_measure(request: HttpRequest, measure_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_measure(actor, measure_id, ProtectionNeed.CHANGE)
    measure = access.measure
    form = MeasureForm(
        request.POST or None, organisations=responsible_choices(access.case), measure=measure
    )
    if request.method == "POST" and submit(
        form,
        lambda: services.change_measure(actor=actor, access=access, data=form.data_for_service()),
    ):
        messages.success(request, _("The measure has been changed."))
        return redirect("protection:measure", measure_id=measure.pk)
    services.record_case_read(
        actor=actor,
        access=access,
        action=services.MEASURE_VIEWED,
        detail={"measure": str(measure.pk), "via": "form"},
    )
    return render(
        request,
        "protection/measure_form.html",
        _context(access, form=form, person=measure.person, measure=measure),
    )


@case_view
def end_measure(request: HttpRequest, measure_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_measure(actor, measure_id, ProtectionNeed.CHANGE)
    measure = access.measure
    form = EndMeasureForm(request.POST or None, initial={"ended_on": today()})
    if request.method == "POST" and submit(
        form,
        lambda: services.end_measure(
            actor=actor,
            access=access,
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
        ),
    ):
        messages.success(request, _("The measure has been marked as ended."))
        return redirect("protection:measure", measure_id=measure.pk)
    services.record_case_read(
        actor=actor,
        access=access,
        action=services.MEASURE_VIEWED,
        detail={"measure": str(measure.pk), "via": "form"},
    )
    return render(
        request,
        "protection/end_measure.html",
        _context(access, form=form, measure=measure),
    )


@case_view
def add_release(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_protected_person(actor, person_id, roles=RELEASE_ROLES, write=True)
    initial = {"responsible": str(actor.organisation.pk)} if actor.organisation else {}
    form = ReleaseForm(
        request.POST or None, organisations=responsible_choices(access.case), initial=initial
    )
    if request.method == "POST" and submit(
        form,
        lambda: services.add_release(actor=actor, access=access, data=form.data_for_service()),
    ):
        messages.success(request, _("The release date has been recorded."))
        return _to_case_measures(access.case.pk)
    services.record_case_read(
        actor=actor,
        access=access,
        action=services.MEASURES_VIEWED,
        detail={"person": str(access.person.pk), "via": "form"},
    )
    return render(
        request,
        "protection/release_form.html",
        _context(access, form=form, person=access.person, release=None),
    )


@case_view
def edit_release(request: HttpRequest, release_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_release(actor, release_id, ProtectionNeed.CHANGE)
    release = access.release
    organisations = responsible_choices(access.case)
    if release.responsible_id not in {org.pk for org in organisations}:
        organisations.append(release.responsible)
    form = ReleaseForm(
        request.POST or None,
        organisations=organisations,
        initial={
            "release_on": release.release_on,
            "source": release.source,
            "responsible": str(release.responsible_id),
            "informed_on": release.informed_on,
            "note": release.note,
        },
    )
    if request.method == "POST" and submit(
        form,
        lambda: services.change_release(actor=actor, access=access, data=form.data_for_service()),
    ):
        messages.success(request, _("The release date has been changed."))
        return _to_case_measures(access.case.pk)
    services.record_case_read(
        actor=actor,
        access=access,
        action=services.RELEASE_VIEWED,
        detail={"release": str(release.pk), "via": "form"},
    )
    return render(
        request,
        "protection/release_form.html",
        _context(access, form=form, person=release.person, release=release),
    )


@case_view
def reassessment(request: HttpRequest, reassessment_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    need = ProtectionNeed.CHANGE if request.method == "POST" else ProtectionNeed.VIEW
    access = access_reassessment(actor, reassessment_id, need)
    item = access.reassessment
    form = (
        ReassessmentDateForm(request.POST or None, initial={"due_on": item.due_on})
        if access.may_change and item.closed_at is None
        else None
    )
    if (
        request.method == "POST"
        and form is not None
        and submit(
            form,
            lambda: services.set_reassessment_date(
                actor=actor, access=access, due_on=form.cleaned_data["due_on"]
            ),
        )
    ):
        messages.success(request, _("The reassessment date has been set."))
        return _to_case_measures(access.case.pk)
    services.record_case_read(
        actor=actor,
        access=access,
        action=services.REASSESSMENT_VIEWED,
        detail={"reassessment": str(item.pk)},
    )
    default_on, days = services.default_due_on(item.assessment)
    return render(
        request,
        "protection/reassessment.html",
        _context(
            access,
            reassessment=item,
            form=form,
            default_on=default_on,
            default_days=days,
            today=today(),
        ),
    )


# --- the organisation's lists --------------------------------------------------------------


@case_view
def our_measures(request: HttpRequest) -> HttpResponse:
    if not _has_content_role(request):
        raise Http404
    actor = actor_of(request)
    day = today()
    filter_form = MeasureFilterForm(request.GET or None)
    which = filter_form.which()
    measures = selectors.organisation_measures(actor, day=day, which=which)
    page = Paginator(measures, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.measure_rows(list(page.object_list), day)
    releases = selectors.release_rows(list(selectors.organisation_releases(actor, day=day)), day)
    services.record_list_read(
        actor=actor, action=services.MEASURES_LISTED, rows=[r.measure for r in rows]
    )
    services.record_list_read(
        actor=actor, action=services.RELEASES_LISTED, rows=[r.release for r in releases]
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "protection/our_measures.html",
        {
            "rows": rows,
            "releases": releases,
            "page": page,
            "filter_form": filter_form,
            "filtered": which is not selectors.MeasureFilter.CURRENT,
            "query": query.urlencode(),
            "today": day,
        },
    )


@case_view
def our_reassessments(request: HttpRequest) -> HttpResponse:
    if not _has_content_role(request):
        raise Http404
    actor = actor_of(request)
    day = today()
    reassessments = list(selectors.organisation_reassessments(actor, day=day)[: PAGE_SIZE * 4])
    prompts = selectors.prompts_by_case(actor, {r.case_id for r in reassessments}, day)
    rows = selectors.reassessment_rows(reassessments, day, prompts)
    services.record_list_read(actor=actor, action=services.REASSESSMENTS_LISTED, rows=reassessments)
    return render(
        request,
        "protection/our_reassessments.html",
        {"rows": rows, "today": day},
    )
