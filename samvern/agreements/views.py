"""Agreement pages: access → form → service → render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samvern.accounts.actor import actor_of
from samvern.agreements import access, selectors, services
from samvern.agreements.forms import DocumentForm, DraftForm, MeasuresForm, SignForm
from samvern.agreements.models import DocumentKind, DocumentVersion
from samvern.agreements.texts import changed_count, paragraph_diff, render_markdown
from samvern.core.forms import attach_service_error

INVALID = 400


@login_required
def document_list(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = access.partnership_for(actor, partnership_id)
    today = timezone.localdate()
    rows = selectors.document_rows(partnership, on=today)
    groups = [
        (label, [row for row in rows if row.document.kind == kind])
        for kind, label in DocumentKind.choices
    ]
    return render(
        request,
        "agreements/document_list.html",
        {
            "partnership": partnership,
            "groups": groups,
            "flagged": [row for row in rows if row.flagged],
            "can_create": access.can_create(actor, partnership),
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = access.partnership_for(actor, partnership_id)
    if not access.can_create(actor, partnership):
        raise Http404
    today = timezone.localdate()
    members = selectors.member_organisations(partnership, on=today)
    form = DocumentForm(
        request.POST or None,
        organisations=members,
        creating=True,
        initial={"review_on": today.replace(year=today.year + 1, day=min(today.day, 28))},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = services.create_document(
                    actor=actor,
                    partnership=partnership,
                    kind=data["kind"],
                    title=data["title"],
                    owner_organisation=data["owner_organisation"],
                    owner_person=data["owner_person"],
                    review_on=data["review_on"],
                    text=data["text"],
                    on=today,
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The document was added as a draft."))
                return redirect("agreements:detail", partnership.pk, document.pk)
        status = INVALID
    return render(
        request,
        "agreements/document_form.html",
        {"partnership": partnership, "form": form, "creating": True},
        status=status,
    )


@login_required
def document_detail(
    request: HttpRequest, partnership_id: uuid.UUID, document_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = access.partnership_for(actor, partnership_id)
    document = access.access_document(actor, partnership, document_id)
    today = timezone.localdate()
    row = selectors.document_row(document, on=today)
    shown = row.in_force or row.draft
    versions = list(document.versions.order_by("-number"))
    signoffs = selectors.signoffs_of(row.in_force) if row.in_force else []
    signable = access.signing_organisations(actor, partnership, on=today)
    return render(
        request,
        "agreements/document_detail.html",
        {
            "partnership": partnership,
            "document": document,
            "row": row,
            "shown": shown,
            "html": render_markdown(shown.text) if shown else "",
            "versions": versions,
            "signoffs": signoffs,
            "can_edit": access.can_edit(actor, document),
            "can_sign": bool(
                row.in_force and [org for org in signable if org.pk not in row.signoffs]
            ),
            "measures": list(document.measures.select_related("version__plan")),
            "today": today,
        },
    )


@login_required
def version_detail(
    request: HttpRequest, partnership_id: uuid.UUID, document_id: uuid.UUID, number: int
) -> HttpResponse:
    actor = actor_of(request)
    partnership = access.partnership_for(actor, partnership_id)
    document = access.access_document(actor, partnership, document_id)
    version = _version(document.pk, number)
    return render(
        request,
        "agreements/version_detail.html",
        {
            "partnership": partnership,
            "document": document,
            "version": version,
            "html": render_markdown(version.text),
            "signoffs": selectors.signoffs_of(version),
            "can_edit": access.can_edit(actor, document),
        },
    )


def _version(document_id: uuid.UUID, number: object) -> DocumentVersion:
    try:
        wanted = int(str(number))
    except ValueError:
        raise Http404 from None
    version = (
        DocumentVersion.objects.select_related("written_by")
        .filter(document_id=document_id, number=wanted)
        .first()
    )
    if version is None:
        raise Http404
    return version


@login_required
def version_diff(
    request: HttpRequest, partnership_id: uuid.UUID, document_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = access.partnership_for(actor, partnership_id)
    document = access.access_document(actor, partnership, document_id)
    versions = list(document.versions.order_by("number"))
    if len(versions) < 2:
        raise Http404
    numbers = [v.number for v in versions]
    newer = _number(request.GET.get("to"), default=numbers[-1])
    index = numbers.index(newer) if newer in numbers else -1
    older = _number(
        request.GET.get("from"), default=numbers[index - 1] if index > 0 else numbers[0]
    )
    by_number = {v.number: v for v in versions}
    if older not in by_number or newer not in by_number or older == newer:
        raise Http404
    blocks = paragraph_diff(by_number[older].text, by_number[newer].text)
    return render(
        request,
        "agreements/version_diff.html",
        {
            "partnership": partnership,
            "document": document,
            "older": by_number[older],
            "newer": by_number[newer],
            "versions": versions,
            "blocks": blocks,
            "changed": changed_count(blocks),
        },
    )


def _number(value: str | None, *, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        return int(str(value))
    except ValueError:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(
    request: HttpRequest, partnership_id: uuid.UUID, document_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = access.partnership_for(actor, partnership_id)
    document = access.access_document(actor, partnership, document_id, edit=True)
    today = timezone.localdate()
    members = selectors.member_organisations(partnership, on=today)
    form = DocumentForm(
        request.POST or None,
        organisations=members,
        creating=False,
        initial={
            "title": document.title,
            "owner_organisation": document.owner_organisation_id,
            "owner_person": document.owner_person_id,
            "review_on": document.review_on,
        },
    )
    measures_form = None
    if document.kind != DocumentKind.AGREEMENT:
        measures_form = MeasuresForm(
            request.POST if request.POST.get("action") == "measures" else None,
            choices=services.linkable_measures(partnership),
            initial={"measures": list(document.measures.values_list("pk", flat=True))},
        )
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "measures" and measures_form is not None:
            if measures_form.is_valid():
                try:
                    services.link_measures(
                        actor=actor,
                        document=document,
                        measures=measures_form.cleaned_data["measures"],
                    )
                except ValidationError as error:
                    attach_service_error(measures_form, error)
                else:
                    messages.success(request, _("The plan measures were saved."))
                    return redirect("agreements:detail", partnership.pk, document.pk)
            form = DocumentForm(
                None,
                organisations=members,
                creating=False,
                initial=dict(form.initial),
            )
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.update_document(
                    actor=actor,
                    document=document,
                    title=data["title"],
                    owner_organisation=data["owner_organisation"],
                    owner_person=data["owner_person"],
                    review_on=data["review_on"],
                    on=today,
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The document was saved."))
                return redirect("agreements:detail", partnership.pk, document.pk)
        status = INVALID
    return render(
        request,
        "agreements/document_form.html",
        {
            "partnership": partnership,
            "document": document,
            "form": form,
            "measures_form": measures_form,
            "creating": False,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft_edit(
    request: HttpRequest, partnership_id: uuid.UUID, document_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    partnership = access.partnership_for(actor, partnership_id)
    document = access.access_document(actor, partnership, document_id, edit=True)
    row = selectors.document_row(document, on=timezone.localdate())
    start_from = row.draft or row.in_force
    form = DraftForm(
        request.POST or None,
        initial={
            "text": start_from.text if start_from else "",
            "change_note": row.draft.change_note if row.draft else "",
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_draft(
                    actor=actor,
                    document=document,
                    text=form.cleaned_data["text"],
                    change_note=form.cleaned_data["change_note"],
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The draft was saved."))
                return redirect("agreements:detail", partnership.pk, document.pk)
        status = INVALID
    return render(
        request,
        "agreements/draft_form.html",
        {
            "partnership": partnership,
            "document": document,
            "form": form,
            "draft": row.draft,
            "next_number": row.draft.number if row.draft else row.latest_number + 1,
        },
        status=status,
    )


@login_required
@require_POST
def put_in_force(
    request: HttpRequest, partnership_id: uuid.UUID, document_id: uuid.UUID, number: int
) -> HttpResponse:
    actor = actor_of(request)
    partnership = access.partnership_for(actor, partnership_id)
    document = access.access_document(actor, partnership, document_id, edit=True)
    version = _version(document.pk, number)
    try:
        services.put_in_force(actor=actor, version=version, on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(number)d is in force. Every partner signs it afresh.")
            % {"number": version.number},
        )
    return redirect("agreements:detail", partnership.pk, document.pk)


@login_required
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, partnership_id: uuid.UUID, document_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    partnership = access.partnership_for(actor, partnership_id)
    document = access.access_document(actor, partnership, document_id)
    today = timezone.localdate()
    row = selectors.document_row(document, on=today)
    organisations = [
        org
        for org in access.signing_organisations(actor, partnership, on=today)
        if org.pk not in row.signoffs
    ]
    if row.in_force is None or not organisations:
        raise Http404
    form = SignForm(request.POST or None, organisations=organisations)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.sign_off(
                    actor=actor,
                    version=row.in_force,
                    organisation=form.cleaned_data["organisation"],
                    on=today,
                )
            except ValidationError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The sign-off was recorded."))
                return redirect("agreements:detail", partnership.pk, document.pk)
        status = INVALID
    return render(
        request,
        "agreements/sign.html",
        {
            "partnership": partnership,
            "document": document,
            "version": row.in_force,
            "html": render_markdown(row.in_force.text),
            "form": form,
        },
        status=status,
    )
