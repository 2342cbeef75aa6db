"""Directory pages: thin views, access → form → service → render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samvern.accounts.actor import Actor, actor_of
from samvern.accounts.models import Organisation
from samvern.audit.services import audit_log
from samvern.core.forms import attach_service_error
from samvern.directory import documents, selectors, services
from samvern.directory.access import (
    access_service,
    can_create,
    can_edit,
    directory_partnership,
    public_partnership,
    writable_organisation_ids,
)
from samvern.directory.forms import (
    CapacityForm,
    LinkMeasureForm,
    PublishForm,
    SearchForm,
    ServiceForm,
)
from samvern.directory.models import ServiceMeasure
from samvern.partnerships.access import can_manage
from samvern.partnerships.models import Partnership

PAGE_SIZE = 50


def _organisation_choices(actor: Actor, partnership: Partnership) -> object:
    today = timezone.localdate()
    if can_manage(actor, partnership):
        ids = partnership.members.active_on(today).values("organisation_id")
    else:
        ids = list(writable_organisation_ids(actor, partnership))  # type: ignore[assignment]
    return Organisation.objects.filter(pk__in=ids).order_by("name")


@login_required
def directory_list(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = directory_partnership(actor, partnership_id)
    today = timezone.localdate()
    form = SearchForm(
        request.GET or None, municipalities=selectors.area_municipalities(partnership)
    )
    criteria = selectors.Search()
    if form.is_bound and form.is_valid():
        criteria = selectors.Search(
            text=form.cleaned_data["q"],
            target_group=form.cleaned_data["target_group"],
            municipality=form.cleaned_data["municipality"],
            kind=form.cleaned_data["kind"],
        )
    page = Paginator(selectors.search(partnership, criteria), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    manager = can_manage(actor, partnership)
    writable = writable_organisation_ids(actor, partnership)
    return render(
        request,
        "directory/directory_list.html",
        {
            "partnership": partnership,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": manager or bool(writable),
            "can_manage": manager,
            "editable": {s.pk for s in page if manager or (s.organisation_id in writable)},
            "needs_check": {s.pk for s in page if selectors.needs_check(s, on=today)},
            "checked": selectors.checked_share(partnership, on=today),
            "published": services.settings_for(partnership).public_page,
            "today": today,
        },
    )


@login_required
def service_detail(
    request: HttpRequest, partnership_id: uuid.UUID, service_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = directory_partnership(actor, partnership_id)
    service = access_service(actor, partnership, service_id)
    today = timezone.localdate()
    links = list(
        ServiceMeasure.objects.filter(service=service)
        .select_related("measure__version__plan")
        .order_by("measure__version__plan__title", "measure__number")
    )
    return render(
        request,
        "directory/service_detail.html",
        {
            "partnership": partnership,
            "service": service,
            "municipalities": list(service.municipalities.order_by("name")),
            "can_edit": can_edit(actor, service, partnership),
            "can_manage": can_manage(actor, partnership),
            "needs_check": selectors.needs_check(service, on=today),
            "capacity_form": CapacityForm(initial={"capacity_free": service.capacity_free}),
            "links": links,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = directory_partnership(actor, partnership_id)
    if not can_create(actor, partnership):
        raise Http404
    form = ServiceForm(
        request.POST or None,
        organisations=_organisation_choices(actor, partnership),  # type: ignore[arg-type]
        municipalities=selectors.area_municipalities(partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            service = services.create_service(
                actor=actor,
                partnership=partnership,
                data=form.service_data(),
                today=timezone.localdate(),
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The service was added to the directory."))
            return redirect(
                "directory:detail", partnership_id=partnership.pk, service_id=service.pk
            )
    return render(
        request,
        "directory/service_form.html",
        {"partnership": partnership, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(
    request: HttpRequest, partnership_id: uuid.UUID, service_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = directory_partnership(actor, partnership_id)
    service = access_service(actor, partnership, service_id, edit=True)
    form = ServiceForm(
        request.POST or None,
        organisations=_organisation_choices(actor, partnership),  # type: ignore[arg-type]
        municipalities=selectors.area_municipalities(partnership),
        instance=service,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_service(
                actor=actor, service=service, data=form.service_data(), today=timezone.localdate()
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The entry was saved."))
            return redirect(
                "directory:detail", partnership_id=partnership.pk, service_id=service.pk
            )
    return render(
        request,
        "directory/service_form.html",
        {"partnership": partnership, "form": form, "service": service},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def service_checked(
    request: HttpRequest, partnership_id: uuid.UUID, service_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = directory_partnership(actor, partnership_id)
    service = access_service(actor, partnership, service_id, edit=True)
    services.mark_checked(actor=actor, service=service, today=timezone.localdate())
    messages.success(request, _("The entry is marked as checked today."))
    return redirect("directory:detail", partnership_id=partnership.pk, service_id=service.pk)


@login_required
@require_POST
def service_capacity(
    request: HttpRequest, partnership_id: uuid.UUID, service_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = directory_partnership(actor, partnership_id)
    service = access_service(actor, partnership, service_id, edit=True)
    form = CapacityForm(request.POST)
    if form.is_valid():
        try:
            services.set_capacity(
                actor=actor,
                service=service,
                capacity_free=form.cleaned_data["capacity_free"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The capacity was updated."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("directory:detail", partnership_id=partnership.pk, service_id=service.pk)


@login_required
@require_http_methods(["GET", "POST"])
def service_measures(
    request: HttpRequest, partnership_id: uuid.UUID, service_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = directory_partnership(actor, partnership_id)
    if not can_manage(actor, partnership):
        raise Http404
    service = access_service(actor, partnership, service_id)
    form = LinkMeasureForm(
        request.POST if request.POST.get("action") == "link" else None,
        measures=services.linkable_measures(partnership),
    )
    if request.method == "POST":
        if request.POST.get("action") == "unlink":
            link = (
                ServiceMeasure.objects.filter(
                    service=service, pk=request.POST.get("link", "")
                ).first()
                if _is_uuid(request.POST.get("link", ""))
                else None
            )
            if link is None:
                raise Http404
            services.unlink_measure(actor=actor, link=link)
            messages.success(request, _("The link was removed."))
            return redirect(
                "directory:measures", partnership_id=partnership.pk, service_id=service.pk
            )
        if form.is_valid():
            try:
                services.link_measure(
                    actor=actor, service=service, measure=form.cleaned_data["measure"]
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The service is linked to the measure."))
                return redirect(
                    "directory:measures", partnership_id=partnership.pk, service_id=service.pk
                )
    links = list(
        ServiceMeasure.objects.filter(service=service)
        .select_related("measure__version__plan")
        .order_by("measure__version__plan__title", "measure__number")
    )
    return render(
        request,
        "directory/service_measures.html",
        {"partnership": partnership, "service": service, "form": form, "links": links},
        status=400 if form.is_bound and form.errors else 200,
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def directory_settings(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = directory_partnership(actor, partnership_id)
    if not can_manage(actor, partnership):
        raise Http404
    current = services.settings_for(partnership)
    form = PublishForm(
        request.POST if request.method == "POST" else None,
        initial={"public_page": current.public_page},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_public_page(
                actor=actor, partnership=partnership, public_page=form.cleaned_data["public_page"]
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The directory settings were saved."))
            return redirect("directory:list", partnership_id=partnership.pk)
    return render(
        request,
        "directory/settings.html",
        {"partnership": partnership, "form": form, "published": current.public_page},
    )


@login_required
@require_GET
def print_list(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = directory_partnership(actor, partnership_id)
    context = documents.print_context(
        partnership, selectors.printable_services(partnership), today=timezone.localdate()
    )
    return render(request, "directory/print.html", context)


def _export(actor: Actor, partnership: Partnership, fmt: str) -> None:
    audit_log(
        actor=actor,
        action="directory.list.exported",
        target=partnership,
        organisation=actor.organisation,
        detail={"partnership": str(partnership.pk), "format": fmt},
    )


@login_required
@require_GET
@never_cache
def print_pdf(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = directory_partnership(actor, partnership_id)
    with transaction.atomic():
        _export(actor, partnership, "pdf")
    context = documents.print_context(
        partnership, selectors.printable_services(partnership), today=timezone.localdate()
    )
    response = HttpResponse(documents.directory_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="samvern-tjenestekatalog.pdf"'
    return response


@login_required
@require_GET
@never_cache
def export_csv(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = directory_partnership(actor, partnership_id)
    with transaction.atomic():
        _export(actor, partnership, "csv")
    rows = selectors.search(partnership, selectors.Search(include_inactive=True))
    response = HttpResponse(documents.csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="samvern-tjenestekatalog.csv"'
    return response


@require_GET
def public_directory(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    partnership = public_partnership(partnership_id)
    return render(
        request,
        "directory/public.html",
        {
            "partnership": partnership,
            "services": list(selectors.public_services(partnership)),
        },
    )
