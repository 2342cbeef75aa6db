"""Partnership pages: thin views, access → form → service → render."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samvern.accounts.actor import actor_of
from samvern.accounts.models import Organisation, Role
from samvern.core.forms import attach_service_error
from samvern.partnerships import selectors, services
from samvern.partnerships.access import (
    Need,
    access_member,
    access_partnership,
    can_manage,
    coordinator_ids,
)
from samvern.partnerships.extensions import partnership_links
from samvern.partnerships.forms import (
    AbsenceForm,
    AddMemberForm,
    ContactsForm,
    LeaveForm,
    PartnershipCreateForm,
    PartnershipUpdateForm,
)

PAGE_SIZE = 25


def _short(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partnerships = selectors.partnerships_for(actor)
    page = Paginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page"))
    can_create = bool(coordinator_ids(actor))
    return render(
        request,
        "partnerships/partnership_list.html",
        {"page": page, "can_create": can_create},
    )


@login_required
@require_http_methods(["GET", "POST"])
def partnership_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    coordinators = Organisation.objects.filter(
        pk__in=coordinator_ids(actor), is_active=True
    ).order_by("name")
    if not coordinators.exists():
        raise Http404
    form = PartnershipCreateForm(request.POST or None, coordinators=coordinators)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.create_partnership(
                actor=actor,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                coordinator=form.cleaned_data["coordinator"],
                joined_on=form.cleaned_data["joined_on"],
                municipalities=form.cleaned_data["municipalities"],
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The partnership was created."))
            return redirect("partnerships:detail", partnership_id=partnership.pk)
    return render(request, "partnerships/partnership_form.html", {"form": form})


@login_required
def partnership_detail(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = access_partnership(actor, partnership_id, Need.VIEW)
    today = timezone.localdate()
    rows = selectors.member_rows(partnership, on=today)
    manager = can_manage(actor, partnership)
    admin_of = actor.organisation_ids_with(Role.ORG_ADMIN)
    own = actor.organisation_ids
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "rows": rows,
            "municipalities": list(partnership.municipalities.order_by("name")),
            "former_count": selectors.former_member_count(partnership, on=today),
            "area_links": partnership_links(actor, partnership),
            "can_manage": manager,
            # Whose contact persons this user may change, and whose hand-over notes read.
            "contacts_editable": {
                row.member.pk for row in rows if manager or row.member.organisation_id in admin_of
            },
            "notes_visible": {
                row.member.pk for row in rows if manager or row.member.organisation_id in own
            },
            "today": today,
            # Members today without a deputy: shown until one is named, so that a change
            # of contact person cannot leave an organisation without one unnoticed.
            "without_deputy": [
                row.member
                for row in rows
                if row.member.deputy_id is None and not row.member.left_on
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partnership_edit(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = access_partnership(actor, partnership_id, Need.MANAGE)
    form = PartnershipUpdateForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_partnership(
                actor=actor,
                partnership=partnership,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                coordinator=form.cleaned_data["coordinator"],
                municipalities=form.cleaned_data["municipalities"],
                is_active=form.cleaned_data["is_active"],
                address_reveal=form.cleaned_data["address_reveal"],
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The partnership was updated."))
            return redirect("partnerships:detail", partnership_id=partnership.pk)
    return render(
        request, "partnerships/partnership_form.html", {"form": form, "partnership": partnership}
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = access_partnership(actor, partnership_id, Need.MANAGE)
    form = AddMemberForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_member(
                actor=actor,
                partnership=partnership,
                organisation=form.cleaned_data["organisation"],
                joined_on=form.cleaned_data["joined_on"],
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s was added as a member.")
                % {"organisation": member.organisation.name},
            )
            return redirect("partnerships:detail", partnership_id=partnership.pk)
    return render(
        request, "partnerships/member_add.html", {"form": form, "partnership": partnership}
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_leave(
    request: HttpRequest, partnership_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = access_partnership(actor, partnership_id, Need.MANAGE)
    member = access_member(actor, partnership, member_id, Need.MANAGE)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(
                actor=actor,
                member=member,
                left_on=form.cleaned_data["left_on"],
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s leaves the partnership on %(date)s.")
                % {
                    "organisation": member.organisation.name,
                    "date": _short(form.cleaned_data["left_on"]),
                },
            )
            return redirect("partnerships:detail", partnership_id=partnership.pk)
    return render(
        request,
        "partnerships/member_leave.html",
        {"form": form, "partnership": partnership, "member": member},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_contacts(
    request: HttpRequest, partnership_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    """Contact person, deputy and hand-over notes of one member; also serves the form
    alone for htmx, so it can open inside the partnership page."""
    actor = actor_of(request)
    partnership = access_partnership(actor, partnership_id, Need.VIEW)
    member = access_member(actor, partnership, member_id, Need.MANAGE_CONTACTS)
    form = ContactsForm(request.POST or None, member=member)
    absence_form = AbsenceForm(member=member)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.set_contacts(
                actor=actor,
                member=member,
                relay=form.cleaned_data["relay"],
                deputy=form.cleaned_data["deputy"],
                handover_notes=form.cleaned_data["handover_notes"],
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            if change is None:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("The contact persons were saved."))
            if form.cleaned_data["deputy"] is None:
                messages.warning(
                    request,
                    _(
                        "%(organisation)s has no deputy contact person. The partnership page "
                        "shows this until one is named."
                    )
                    % {"organisation": member.organisation.name},
                )
            return redirect("partnerships:detail", partnership_id=partnership.pk)
    context = {
        "form": form,
        "absence_form": absence_form,
        "partnership": partnership,
        "member": member,
    }
    if _is_htmx(request):
        return render(request, "partnerships/_contacts_form.html", context)
    return render(request, "partnerships/member_contacts.html", context)


@login_required
@require_http_methods(["POST"])
def member_absence(
    request: HttpRequest, partnership_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = access_partnership(actor, partnership_id, Need.VIEW)
    member = access_member(actor, partnership, member_id, Need.MANAGE_CONTACTS)
    absence_form = AbsenceForm(request.POST, member=member)
    if absence_form.is_valid():
        try:
            services.set_relay_absence(
                actor=actor,
                member=member,
                away_until=absence_form.cleaned_data["away_until"],
            )
        except ValidationError as error:
            attach_service_error(absence_form, error)
        else:
            messages.success(request, _("The contact person's absence was saved."))
            return redirect("partnerships:detail", partnership_id=partnership.pk)
    context = {
        "form": ContactsForm(member=member),
        "absence_form": absence_form,
        "partnership": partnership,
        "member": member,
    }
    return render(request, "partnerships/member_contacts.html", context, status=200)


@login_required
def partnership_history(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = access_partnership(actor, partnership_id, Need.VIEW)
    periods = selectors.member_history(partnership)
    manager = can_manage(actor, partnership)
    own = actor.organisation_ids
    return render(
        request,
        "partnerships/partnership_history.html",
        {
            "partnership": partnership,
            "periods": periods,
            "today": timezone.localdate(),
            "has_changes": any(period.contact_changes.all() for period in periods),
            "notes_visible": {
                period.organisation_id
                for period in periods
                if manager or period.organisation_id in own
            },
        },
    )
