"""Governance pages: thin views, access → form → service → render. A page with several
forms posts each to its own URL; a refused form shows the page again with its errors."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samvern.accounts.actor import Actor, actor_of
from samvern.accounts.models import Membership, Organisation, User
from samvern.core.forms import attach_service_error
from samvern.governance import documents, onboarding, selectors, services
from samvern.governance.access import (
    BodyAccess,
    MeetingAccess,
    Need,
    access_body,
    access_commitment,
    access_governance,
    access_meeting,
    access_paper,
    public_profile,
    visible_partnerships,
)
from samvern.governance.forms import (
    AttendanceForm,
    BodyForm,
    BodyMemberForm,
    CommitmentForm,
    DecisionForm,
    FundingForm,
    ItemForm,
    MeetingForm,
    MinutesForm,
    PaperForm,
    ProfileForm,
    RepresentativeForm,
    RequiredRoleForm,
    SeriesForm,
    StatusForm,
)
from samvern.governance.models import (
    AgendaItem,
    BodyMember,
    CommitmentStatus,
    Decision,
    FundingSource,
    MeetingStatus,
    Representative,
    RequiredRole,
)
from samvern.governance.services import calendar
from samvern.governance.services.meetings import paper_dir
from samvern.governance.services.profile import profile_of
from samvern.partnerships.models import Partnership, PartnershipMember
from samvern.places.models import CURRENT_STRUCTURE, Municipality


def today() -> dt.date:
    return timezone.localdate()


def _member_organisations(partnership: Partnership) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=PartnershipMember.objects.active_on(today())
        .filter(partnership=partnership)
        .values("organisation_id")
    ).order_by("name")


def _people_of(organisations: QuerySet[Organisation]) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.filter(organisation__in=organisations).values("user_id"),
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


# --- the partnership -------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partnerships = list(visible_partnerships(actor).order_by("name"))
    day = today()
    return render(
        request,
        "governance/index.html",
        {
            "partnerships": partnerships,
            "upcoming": selectors.upcoming_meetings(actor, day=day, limit=10),
            "open_count": selectors.open_commitment_count(actor),
        },
    )


def _partnership_context(actor: Actor, partnership_id: uuid.UUID) -> dict[str, object]:
    grant = access_governance(actor, partnership_id)
    day = today()
    profile = profile_of(grant)
    funding = list(profile.funding.all()) if not profile._state.adding else []
    return {
        "grant": grant,
        "partnership": grant.partnership,
        "profile": profile,
        "funding": funding,
        "municipalities": list(grant.partnership.municipalities.order_by("name")),
        "rows": selectors.body_rows(grant, day=day),
        "funding_form": FundingForm(),
        "today": day,
        # Where the reader is a member's contact person or deputy: their onboarding page.
        "own_membership": next(
            iter(onboarding.own_memberships(actor, grant.partnership, on=day)), None
        ),
    }


@login_required
def partnership(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    context = _partnership_context(actor_of(request), partnership_id)
    return render(request, "governance/partnership.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    grant = access_governance(actor, partnership_id, Need.MANAGE)
    profile = profile_of(grant)
    organisations = _member_organisations(grant.partnership)
    initial = {name: getattr(profile, name) for name in services.ProfileData.__dataclass_fields__}
    initial["municipalities"] = list(grant.partnership.municipalities.all())
    form = ProfileForm(
        request.POST or None,
        organisations=organisations,
        people=_people_of(organisations),
        municipalities=Municipality.objects.filter(year=CURRENT_STRUCTURE).order_by("name"),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_profile(
                actor=actor,
                grant=grant,
                data=services.ProfileData(
                    **{name: data[name] for name in services.ProfileData.__dataclass_fields__}
                ),
                municipalities=list(data["municipalities"]),
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("governance:partnership", partnership_id=grant.partnership.pk)
    return render(
        request, "governance/profile_form.html", {"form": form, "partnership": grant.partnership}
    )


@login_required
@require_POST
def funding_add(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    grant = access_governance(actor, partnership_id, Need.MANAGE)
    form = FundingForm(request.POST)
    if form.is_valid():
        try:
            services.add_funding(
                actor=actor,
                grant=grant,
                data=services.FundingData(
                    source=form.cleaned_data["source"],
                    year=form.cleaned_data["year"],
                    amount=form.cleaned_data["amount"],
                    note=form.cleaned_data["note"],
                ),
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The funding was added."))
            return redirect("governance:partnership", partnership_id=grant.partnership.pk)
    context = _partnership_context(actor, partnership_id)
    context["funding_form"] = form
    return render(request, "governance/partnership.html", context, status=400)


@login_required
@require_POST
def funding_remove(
    request: HttpRequest, partnership_id: uuid.UUID, funding_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    grant = access_governance(actor, partnership_id, Need.MANAGE)
    funding = (
        FundingSource.objects.select_related("profile")
        .filter(pk=funding_id, profile__partnership=grant.partnership)
        .first()
    )
    if funding is None:
        raise Http404
    services.remove_funding(actor=actor, grant=grant, funding=funding)
    messages.success(request, _("The funding was removed."))
    return redirect("governance:partnership", partnership_id=grant.partnership.pk)


# --- bodies -----------------------------------------------------------------------------


def _body_data(form: BodyForm) -> services.BodyData:
    data = form.cleaned_data
    return services.BodyData(
        kind=data["kind"],
        name=data["name"],
        short_code=data["short_code"],
        started_on=data["started_on"],
        mandate=data["mandate"],
        chair=data["chair"],
        secretary=data["secretary"],
        is_temporary=data["is_temporary"],
        ends_on=data["ends_on"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    grant = access_governance(actor, partnership_id, Need.MANAGE)
    people = _people_of(_member_organisations(grant.partnership))
    form = BodyForm(request.POST or None, people=people, initial={"started_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            body = services.create_body(actor=actor, grant=grant, data=_body_data(form))
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The body was set up."))
            return redirect("governance:body", body_id=body.pk)
    return render(
        request,
        "governance/body_form.html",
        {"form": form, "partnership": grant.partnership, "body": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, body_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_body(actor, body_id, Need.EDIT)
    body = access.body
    people = _people_of(_member_organisations(body.partnership))
    initial = {name: getattr(body, name) for name in services.BodyData.__dataclass_fields__}
    form = BodyForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_body(actor=actor, access=access, data=_body_data(form))
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The body was saved."))
            return redirect("governance:body", body_id=body.pk)
    return render(
        request,
        "governance/body_form.html",
        {"form": form, "partnership": body.partnership, "body": body},
    )


def _body_forms(access: BodyAccess) -> dict[str, object]:
    body = access.body
    members = BodyMember.objects.active_on(today()).filter(body=body).select_related("organisation")
    member_orgs = Organisation.objects.filter(pk__in=members.values("organisation_id"))
    return {
        "member_form": BodyMemberForm(
            organisations=_member_organisations(body.partnership), initial={"joined_on": today()}
        ),
        "representative_form": RepresentativeForm(members=members, people=_people_of(member_orgs)),
        "role_form": RequiredRoleForm(members=members),
    }


def _body_page(
    request: HttpRequest, access: BodyAccess, status: int = 200, **forms: object
) -> HttpResponse:
    body = access.body
    day = today()
    context: dict[str, object] = {
        "access": access,
        "body": body,
        "partnership": body.partnership,
        "row": selectors.body_detail(body, day=day),
        "meetings": list(selectors.meetings_of(body)),
        "commitments": list(selectors.body_commitments(body)),
        "decisions": list(
            Decision.objects.filter(body=body)
            .select_related("body", "meeting")
            .order_by("-year", "-number")
        ),
        "today": day,
    }
    if access.edits:
        context.update(_body_forms(access))
        context.update(forms)
    return render(request, "governance/body.html", context, status=status)


@login_required
def body(request: HttpRequest, body_id: uuid.UUID) -> HttpResponse:
    return _body_page(request, access_body(actor_of(request), body_id))


@login_required
@require_POST
def member_add(request: HttpRequest, body_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_body(actor, body_id, Need.EDIT)
    form = BodyMemberForm(
        request.POST, organisations=_member_organisations(access.body.partnership)
    )
    if form.is_valid():
        try:
            services.add_member(
                actor=actor,
                access=access,
                organisation=form.cleaned_data["organisation"],
                joined_on=form.cleaned_data["joined_on"],
                advisory=form.cleaned_data["advisory"],
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The organisation was added."))
            return redirect("governance:body", body_id=access.body.pk)
    return _body_page(request, access, status=400, member_form=form)


@login_required
@require_POST
def member_end(request: HttpRequest, body_id: uuid.UUID, member_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_body(actor, body_id, Need.EDIT)
    member = BodyMember.objects.filter(pk=member_id, body=access.body).first()
    if member is None:
        raise Http404
    try:
        services.end_member(actor=actor, access=access, member=member, left_on=today())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The organisation no longer sits on the body."))
    return redirect("governance:body", body_id=access.body.pk)


@login_required
@require_POST
def representative_add(request: HttpRequest, body_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_body(actor, body_id, Need.EDIT)
    members = BodyMember.objects.active_on(today()).filter(body=access.body)
    form = RepresentativeForm(
        request.POST,
        members=members,
        people=_people_of(Organisation.objects.filter(pk__in=members.values("organisation_id"))),
    )
    if form.is_valid():
        try:
            services.add_representative(
                actor=actor,
                access=access,
                member=form.cleaned_data["member"],
                user=form.cleaned_data["user"],
                is_deputy=form.cleaned_data["is_deputy"],
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The representative was named."))
            return redirect("governance:body", body_id=access.body.pk)
    return _body_page(request, access, status=400, representative_form=form)


@login_required
@require_POST
def representative_remove(
    request: HttpRequest, body_id: uuid.UUID, representative_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    access = access_body(actor, body_id, Need.EDIT)
    representative = (
        Representative.objects.select_related("member")
        .filter(pk=representative_id, member__body=access.body)
        .first()
    )
    if representative is None:
        raise Http404
    services.remove_representative(actor=actor, access=access, representative=representative)
    messages.success(request, _("The representative was removed."))
    return redirect("governance:body", body_id=access.body.pk)


@login_required
@require_POST
def role_add(request: HttpRequest, body_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_body(actor, body_id, Need.EDIT)
    form = RequiredRoleForm(
        request.POST, members=BodyMember.objects.active_on(today()).filter(body=access.body)
    )
    if form.is_valid():
        try:
            services.add_required_role(
                actor=actor,
                access=access,
                name=form.cleaned_data["name"],
                filled_by=form.cleaned_data["filled_by"],
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The required role was added."))
            return redirect("governance:body", body_id=access.body.pk)
    return _body_page(request, access, status=400, role_form=form)


@login_required
@require_POST
def role_fill(request: HttpRequest, body_id: uuid.UUID, role_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_body(actor, body_id, Need.EDIT)
    role = RequiredRole.objects.filter(pk=role_id, body=access.body).first()
    if role is None:
        raise Http404
    members = BodyMember.objects.active_on(today()).filter(body=access.body)
    form = RequiredRoleForm({"name": role.name, **request.POST.dict()}, members=members)
    if form.is_valid():
        services.fill_role(
            actor=actor, access=access, role=role, filled_by=form.cleaned_data["filled_by"]
        )
        messages.success(request, _("The required role was saved."))
    return redirect("governance:body", body_id=access.body.pk)


# --- scheduling --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, body_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_body(actor, body_id, Need.EDIT)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.schedule_meeting(
                actor=actor,
                access=access,
                data=services.MeetingData(
                    date=data["date"],
                    starts_at=data["starts_at"],
                    duration_minutes=data["duration_minutes"] or 120,
                    location=data["location"],
                ),
                today=today(),
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The meeting was scheduled."))
            return redirect("governance:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "governance/meeting_form.html",
        {
            "form": form,
            "body": access.body,
            "partnership": access.body.partnership,
            "series": False,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_create(request: HttpRequest, body_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_body(actor, body_id, Need.EDIT)
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = services.create_series(
                actor=actor,
                access=access,
                data=services.SeriesData(
                    recurrence=data["recurrence"],
                    interval=data["interval"] or 1,
                    first_date=data["date"],
                    until=data["until"],
                    starts_at=data["starts_at"],
                    duration_minutes=data["duration_minutes"] or 120,
                    location=data["location"],
                ),
                today=today(),
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            count = series.meetings.count()
            messages.success(request, _("%(n)s meetings were scheduled.") % {"n": count})
            return redirect("governance:body", body_id=access.body.pk)
    return render(
        request,
        "governance/meeting_form.html",
        {"form": form, "body": access.body, "partnership": access.body.partnership, "series": True},
    )


# --- one meeting -------------------------------------------------------------------------


def _meeting_forms(access: MeetingAccess) -> dict[str, object]:
    meeting = access.meeting
    body = access.body.body
    members = BodyMember.objects.active_on(meeting.date).filter(body=body)
    organisations = Organisation.objects.filter(pk__in=members.values("organisation_id")).order_by(
        "name"
    )
    people = _people_of(organisations)
    items = AgendaItem.objects.filter(meeting=meeting).order_by("position")
    return {
        "item_form": ItemForm(),
        "attendance_form": AttendanceForm(people=people, organisations=organisations),
        "decision_form": DecisionForm(items=items),
        "commitment_form": CommitmentForm(
            organisations=organisations,
            people=people,
            items=items,
            decisions=Decision.objects.filter(meeting=meeting).select_related("body"),
        ),
    }


def _meeting_page(
    request: HttpRequest, access: MeetingAccess, status: int = 200, **forms: object
) -> HttpResponse:
    meeting = access.meeting
    agenda = selectors.agenda(meeting)
    context: dict[str, object] = {
        "access": access,
        "meeting": meeting,
        "body": access.body.body,
        "partnership": access.body.body.partnership,
        "agenda": agenda,
        "today": today(),
        "editable": access.edits and meeting.status != MeetingStatus.CANCELLED,
        "statuses": CommitmentStatus.choices,
    }
    if context["editable"]:
        context.update(_meeting_forms(access))
        context.update(forms)
    return render(request, "governance/meeting.html", context, status=status)


@login_required
def meeting(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    return _meeting_page(request, access_meeting(actor_of(request), meeting_id))


def _item_of(access: MeetingAccess, item_id: uuid.UUID) -> AgendaItem:
    item = (
        AgendaItem.objects.select_related("approves")
        .filter(pk=item_id, meeting=access.meeting)
        .first()
    )
    if item is None:
        raise Http404
    return item


def _back(meeting_id: object, anchor: str = "") -> HttpResponse:
    response = redirect("governance:meeting", meeting_id=meeting_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@login_required
@require_POST
def item_add(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_meeting(actor, meeting_id, Need.EDIT)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            item = services.add_item(
                actor=actor,
                access=access,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The item was added to the agenda."))
            return _back(access.meeting.pk, f"item-{item.pk}")
    return _meeting_page(request, access, status=400, item_form=form)


@login_required
@require_POST
def item_minutes(request: HttpRequest, meeting_id: uuid.UUID, item_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_meeting(actor, meeting_id, Need.EDIT)
    item = _item_of(access, item_id)
    form = MinutesForm(request.POST, prefix=f"minutes-{item.pk}")
    if form.is_valid():
        try:
            services.record_minutes(
                actor=actor, access=access, item=item, minutes=form.cleaned_data["minutes"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The minutes were saved."))
    else:
        messages.error(request, " ".join(str(m) for e in form.errors.values() for m in e))
    return _back(access.meeting.pk, f"item-{item.pk}")


@login_required
@require_POST
def minutes_approve(
    request: HttpRequest, meeting_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    access = access_meeting(actor, meeting_id, Need.EDIT)
    item = _item_of(access, item_id)
    try:
        services.approve_minutes(actor=actor, access=access, item=item, today=today())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The minutes of the previous meeting were approved."))
    return _back(access.meeting.pk, f"item-{item.pk}")


@login_required
@require_POST
def paper_upload(request: HttpRequest, meeting_id: uuid.UUID, item_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_meeting(actor, meeting_id, Need.EDIT)
    item = _item_of(access, item_id)
    form = PaperForm(request.POST, request.FILES, prefix=f"paper-{item.pk}")
    if form.is_valid():
        try:
            services.upload_paper(
                actor=actor,
                access=access,
                item=item,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The paper was uploaded."))
    else:
        messages.error(request, " ".join(str(m) for e in form.errors.values() for m in e))
    return _back(access.meeting.pk, f"item-{item.pk}")


@login_required
@require_GET
def paper(request: HttpRequest, paper_id: uuid.UUID) -> HttpResponseBase:
    record, _access = access_paper(actor_of(request), paper_id)
    path = paper_dir() / record.file_name
    if not path.is_file():
        raise Http404
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=record.file_original_name,
        content_type=record.file_content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def attendance(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_meeting(actor, meeting_id, Need.EDIT)
    forms = _meeting_forms(access)
    template = forms["attendance_form"]
    assert isinstance(template, AttendanceForm)
    form = AttendanceForm(
        request.POST,
        people=template.fields["user"].queryset,  # type: ignore[attr-defined]
        organisations=template.fields["organisation"].queryset,  # type: ignore[attr-defined]
    )
    if form.is_valid():
        try:
            services.record_attendance(
                actor=actor,
                access=access,
                user=form.cleaned_data["user"],
                organisation=form.cleaned_data["organisation"],
                status=form.cleaned_data["status"],
                substitute_for=form.cleaned_data["substitute_for"],
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The attendance was recorded."))
            return _back(access.meeting.pk, "attendance")
    return _meeting_page(request, access, status=400, attendance_form=form)


@login_required
@require_POST
def decision_add(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_meeting(actor, meeting_id, Need.EDIT)
    form = DecisionForm(request.POST, items=AgendaItem.objects.filter(meeting=access.meeting))
    if form.is_valid():
        try:
            decision = services.record_decision(
                actor=actor,
                access=access,
                text=form.cleaned_data["text"],
                item=form.cleaned_data["item"],
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(
                request, _("Decision %(ref)s was recorded.") % {"ref": decision.reference}
            )
            return _back(access.meeting.pk, "decisions")
    return _meeting_page(request, access, status=400, decision_form=form)


@login_required
@require_POST
def commitment_add(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_meeting(actor, meeting_id, Need.EDIT)
    template = _meeting_forms(access)["commitment_form"]
    assert isinstance(template, CommitmentForm)
    form = CommitmentForm(
        request.POST,
        organisations=template.fields["organisation"].queryset,  # type: ignore[attr-defined]
        people=template.fields["owner"].queryset,  # type: ignore[attr-defined]
        items=template.fields["item"].queryset,  # type: ignore[attr-defined]
        decisions=template.fields["decision"].queryset,  # type: ignore[attr-defined]
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.create_commitment(
                actor=actor,
                access=access,
                data=services.CommitmentData(
                    organisation=data["organisation"],
                    owner=data["owner"],
                    description=data["description"],
                    due_on=data["due_on"],
                    item=data["item"],
                    decision=data["decision"],
                ),
                today=today(),
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The commitment was recorded."))
            return _back(access.meeting.pk, "commitments")
    return _meeting_page(request, access, status=400, commitment_form=form)


@login_required
@require_POST
def follow_up(
    request: HttpRequest, meeting_id: uuid.UUID, commitment_id: uuid.UUID
) -> HttpResponse:
    """The status of an earlier commitment, recorded at this meeting's follow-up."""
    actor = actor_of(request)
    access = access_meeting(actor, meeting_id, Need.EDIT)
    commitment_access = access_commitment(actor, commitment_id, Need.UPDATE_STATUS)
    if not commitment_access.commitment.follow_ups.filter(meeting=access.meeting).exists():
        raise Http404
    form = StatusForm(request.POST, prefix=f"status-{commitment_id}")
    if form.is_valid():
        try:
            services.update_status(
                actor=actor,
                access=commitment_access,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                today=today(),
                meeting=access.meeting,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The status was recorded."))
    else:
        messages.error(request, " ".join(str(m) for e in form.errors.values() for m in e))
    return _back(access.meeting.pk, "follow-up")


@login_required
@require_POST
def meeting_hold(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_meeting(actor, meeting_id, Need.EDIT)
    try:
        services.hold_meeting(actor=actor, access=access, now=timezone.now(), today=today())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The meeting was recorded as held. Open commitments move on to the next.")
        )
    return _back(access.meeting.pk)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_meeting(actor, meeting_id, Need.EDIT)
    try:
        services.cancel_meeting(actor=actor, access=access, today=today())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting was cancelled."))
    return _back(access.meeting.pk)


def _minutes_name(access: MeetingAccess, extension: str) -> str:
    meeting = access.meeting
    return f"{access.body.body.short_code}-{meeting.date:%Y-%m-%d}.{extension}"


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    access = access_meeting(actor_of(request), meeting_id)
    response = HttpResponse(
        documents.minutes_pdf(selectors.agenda(access.meeting)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_minutes_name(access, "pdf")}"'
    return response


@login_required
@require_GET
def minutes_docx(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    access = access_meeting(actor_of(request), meeting_id)
    response = HttpResponse(
        documents.minutes_docx(selectors.agenda(access.meeting)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_minutes_name(access, "docx")}"'
    return response


# --- commitments ------------------------------------------------------------------------


def _commitment_page(
    request: HttpRequest,
    commitment_id: uuid.UUID,
    form: StatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = actor_of(request)
    access = access_commitment(actor, commitment_id)
    meetings, updates = selectors.commitment_history(access.commitment)
    if form is None and access.updates_status:
        form = StatusForm(initial={"status": access.commitment.status})
    return render(
        request,
        "governance/commitment.html",
        {
            "access": access,
            "commitment": access.commitment,
            "body": access.body.body,
            "partnership": access.body.body.partnership,
            "meetings": meetings,
            "updates": updates,
            "form": form,
            "today": today(),
        },
        status=status,
    )


@login_required
def commitment(request: HttpRequest, commitment_id: uuid.UUID) -> HttpResponse:
    return _commitment_page(request, commitment_id)


@login_required
@require_POST
def commitment_status(request: HttpRequest, commitment_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_commitment(actor, commitment_id, Need.UPDATE_STATUS)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.update_status(
                actor=actor,
                access=access,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                today=today(),
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The status was recorded."))
            return redirect("governance:commitment", commitment_id=access.commitment.pk)
    return _commitment_page(request, commitment_id, form=form, status=400)


@login_required
def our_commitments(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    show_all = request.GET.get("show") == "all"
    rows = list(
        selectors.commitments_for(
            actor, organisation_ids=actor.organisation_ids, open_only=not show_all
        )[:500]
    )
    return render(
        request,
        "governance/our_commitments.html",
        {"commitments": rows, "show_all": show_all, "today": today()},
    )


# --- calendar ----------------------------------------------------------------------------


@login_required
@never_cache
def calendar_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    assert actor.user is not None
    token = request.session.pop("governance_new_feed_token", None)
    return render(
        request,
        "governance/calendar.html",
        {
            "feed": calendar.live_feed(actor.user),
            "feed_url": request.build_absolute_uri(f"/governance/calendar/{token}.ics")
            if token
            else None,
        },
    )


@login_required
@require_POST
def calendar_create(request: HttpRequest) -> HttpResponse:
    new = calendar.create_feed(actor=actor_of(request))
    request.session["governance_new_feed_token"] = new.token
    return redirect("governance:calendar")


@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    try:
        calendar.revoke_feed(actor=actor_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The calendar address no longer works."))
    return redirect("governance:calendar")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Fetched by a calendar program without signing in: the secret is the credential.
    Unknown and revoked addresses get the same 404."""
    feed = calendar.feed_for_token(token)
    if feed is None:
        raise Http404
    body = calendar.fetch_calendar(feed, day=today())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="samvern-governance.ics"'
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- public -------------------------------------------------------------------------------


@require_GET
def public(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    profile = public_profile(partnership_id)
    partnership = profile.partnership
    day = today()
    bodies = []
    if profile.public_bodies:
        from samvern.governance.access import PartnershipGrant

        bodies = selectors.body_rows(PartnershipGrant(partnership, manages=False), day=day)
    return render(
        request,
        "governance/public.html",
        {
            "profile": profile,
            "partnership": partnership,
            "municipalities": list(partnership.municipalities.order_by("name")),
            "rows": bodies,
            "funding": list(profile.funding.all()) if profile.public_funding else [],
        },
    )
