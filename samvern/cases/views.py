"""Pages of the case layer. Each view: access → form → service → render. Every view runs
in one transaction, so the audit event of a read is stored with the read or not at all.
Nothing is cached by browsers or proxies."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from samvern.cases import exports, selectors, services
from samvern.cases.access import (
    Need,
    access_assessment,
    access_case,
    access_consent,
    access_item,
    access_person,
    acting_roles,
)
from samvern.cases.forms import (
    ConsentForm,
    DocumentForm,
    MatchForm,
    NoteForm,
    ParticipantForm,
    PersonEditForm,
    PersonForm,
    ReferralForm,
    RevealForm,
    ShareForm,
    TransitionForm,
    WithdrawConsentForm,
    restyle,
)
from samvern.cases.models import Case, InformationItem, ItemKind, PersonRole, ShareScope
from samvern.cases.presenters import present_assessment, present_person
from samvern.cases.services import CaseRuleError
from samvern.risk.display import title_with_version
from samvern.trail.presenters import ACCESS_LOG_DETAIL_KEYS, present_events

View = Callable[..., HttpResponseBase]


def record_refusal(request: HttpRequest, identifiers: dict[str, Any], via: str) -> None:
    """A 404 on a case-layer route becomes a security event (after the request's own
    transaction has rolled back); the 404 itself stays exactly as it was."""
    match = request.resolver_match
    services.record_refused(
        actor=request.user,
        organisation=_org(request),
        route=match.view_name if match else request.path,
        method=request.method or "",
        identifiers=identifiers,
        via=via,
    )


def case_view(view: View) -> View:
    """Logged in, never cached, one transaction; refusals recorded."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            with transaction.atomic():
                response = view(request, *args, **kwargs)
        except Http404:
            record_refusal(request, kwargs, via="page")
            raise
        response["Cache-Control"] = "no-store"
        return response

    return login_required(never_cache(wrapper))


def _org(request: HttpRequest) -> Any:
    return getattr(request, "organisation", None)


def _redirect_to_case(case: Any) -> HttpResponse:
    """Back to the case page the user may see: the full page with content access, the
    conference summary for a coordinator who sees only conference facts."""
    target = "cases:detail" if case.grant.content else "cases:summary"
    return redirect(target, case_id=case.pk)


def _rule_error(form: Any, error: CaseRuleError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _setup_share_fields(form: Any, case: Case, organisation: Any) -> None:
    form.setup_share_fields(
        recipients=selectors.current_participant_organisations(case=case).exclude(
            pk=organisation.pk
        ),
        consents=selectors.active_consents_for_case(case=case),
    )


# --- lists and referral ------------------------------------------------------------------


@case_view
def case_list(request: HttpRequest) -> HttpResponse:
    organisation = _org(request)
    if not selectors.has_case_layer(request.user, organisation):
        raise Http404
    tab = request.GET.get("tab", selectors.CaseTab.ORGANISATION)
    if tab not in selectors.CaseTab.ALL:
        tab = selectors.CaseTab.ORGANISATION
    cases = selectors.case_list(actor=request.user, organisation=organisation, tab=tab)
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    rows = selectors.case_rows(
        actor=request.user, organisation=organisation, cases=list(page.object_list)
    )
    services.record_read_list(
        actor=request.user,
        organisation=organisation,
        case_ids=[row.case.pk for row in rows],
        tab=tab,
    )
    roles = acting_roles(request.user, organisation)
    return render(
        request,
        "cases/case_list.html",
        {
            "rows": rows,
            "page": page,
            "tab": tab,
            "may_refer": services.role_may_refer(roles),
        },
    )


@case_view
def refer(request: HttpRequest) -> HttpResponse:
    organisation = _org(request)
    roles = acting_roles(request.user, organisation)
    if not services.role_may_refer(roles):
        raise Http404
    partnerships = selectors.referral_partnerships(organisation=organisation)
    form = ReferralForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.refer_case(
                actor=request.user,
                organisation=organisation,
                partnership=form.cleaned_data["partnership"],
                source=form.cleaned_data["source"],
                reason=form.cleaned_data["reason"],
                referred_on=form.cleaned_data["referred_on"],
                person=form.person_data(PersonRole.EXPOSED),
            )
        except CaseRuleError as error:
            _rule_error(form, error)
        else:
            messages.success(request, _("The case has been referred."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/refer.html", {"form": form})


# --- one case ------------------------------------------------------------------------------


@case_view
def case_detail(request: HttpRequest, case_id: Any) -> HttpResponse:
    organisation = _org(request)
    case = access_case(request.user, case_id, Need.VIEW, organisation)
    services.record_read(
        actor=request.user, organisation=organisation, action="cases.case.viewed", case=case
    )
    timeline, _items = selectors.case_timeline(case=case, organisation=organisation)
    persons = [present_person(p) for p in selectors.case_persons(case=case)]
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "grant": case.grant,
            "persons": persons,
            "timeline": timeline,
            "participants": selectors.participants(case=case),
            "transitions": services.allowed_transitions(case, case.grant),
        },
    )


@case_view
def case_summary(request: HttpRequest, case_id: Any) -> HttpResponse:
    """Conference preparation: the facts the coordinator needs, no persons or items."""
    organisation = _org(request)
    case = access_case(request.user, case_id, Need.CONFERENCE, organisation)
    services.record_read(
        actor=request.user, organisation=organisation, action="cases.case.summary_viewed", case=case
    )
    return render(
        request,
        "cases/case_summary.html",
        {
            "case": case,
            "grant": case.grant,
            "participating": selectors.current_participant_organisations(case=case),
            "transitions": services.allowed_transitions(case, case.grant),
        },
    )


@case_view
def transition(request: HttpRequest, case_id: Any) -> HttpResponse:
    organisation = _org(request)
    case = access_case(request.user, case_id, Need.CONFERENCE, organisation)
    allowed = services.allowed_transitions(case, case.grant)
    form = TransitionForm(request.POST or None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.transition_case(
                actor=request.user,
                organisation=organisation,
                case=case,
                to_state=form.cleaned_data["to_state"],
                note=form.cleaned_data["note"],
            )
        except CaseRuleError as error:
            _rule_error(form, error)
        else:
            messages.success(request, _("The state of the case has been changed."))
            return _redirect_to_case(case)
    return render(
        request, "cases/transition.html", {"case": case, "form": form, "grant": case.grant}
    )


@case_view
def add_participant(request: HttpRequest, case_id: Any) -> HttpResponse:
    organisation = _org(request)
    case = access_case(request.user, case_id, Need.ADD_PARTICIPANT, organisation)
    candidates = selectors.candidate_participants(case=case)
    form = ParticipantForm(request.POST or None, candidates=candidates)
    if candidates.filter(pk=organisation.pk).exists():
        form.fields["reason"].help_text = _(
            "Adding your own organisation gives you the case's content. It needs a reason, "
            "and it is reported to the data protection officers."
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_participant(
                actor=request.user,
                organisation=organisation,
                case=case,
                participant=form.cleaned_data["organisation"],
                reason=form.cleaned_data["reason"],
            )
        except CaseRuleError as error:
            _rule_error(form, error)
        else:
            messages.success(request, _("The case has been shared with the organisation."))
            return _redirect_to_case(case)
    return render(
        request, "cases/add_participant.html", {"case": case, "form": form, "grant": case.grant}
    )


@case_view
def add_person(request: HttpRequest, case_id: Any) -> HttpResponse:
    organisation = _org(request)
    case = access_case(request.user, case_id, Need.EDIT, organisation)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.add_person(
                actor=request.user,
                organisation=organisation,
                case=case,
                data=form.person_data(
                    form.cleaned_data["role"], form.cleaned_data["role_uncertain"]
                ),
            )
        except CaseRuleError as error:
            _rule_error(form, error)
        else:
            messages.success(request, _("The person has been added."))
            return redirect("cases:person", person_id=person.pk)
    return render(
        request, "cases/add_person.html", {"case": case, "form": form, "grant": case.grant}
    )


@case_view
def add_note(request: HttpRequest, case_id: Any) -> HttpResponse:
    organisation = _org(request)
    case = access_case(request.user, case_id, Need.EDIT, organisation)
    form = NoteForm(request.POST or None)
    _setup_share_fields(form, case, organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_note(
                actor=request.user,
                organisation=organisation,
                case=case,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                share=form.share_data(),
            )
        except CaseRuleError as error:
            _rule_error(form, error)
        else:
            messages.success(request, _("The note has been saved."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/add_item.html",
        {"case": case, "form": form, "grant": case.grant, "kind": "note"},
    )


@case_view
def add_document(request: HttpRequest, case_id: Any) -> HttpResponse:
    organisation = _org(request)
    case = access_case(request.user, case_id, Need.EDIT, organisation)
    form = DocumentForm(request.POST or None, request.FILES or None)
    _setup_share_fields(form, case, organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_document(
                actor=request.user,
                organisation=organisation,
                case=case,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                share=form.share_data(),
            )
        except CaseRuleError as error:
            _rule_error(form, error)
        else:
            messages.success(request, _("The document has been uploaded."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/add_item.html",
        {"case": case, "form": form, "grant": case.grant, "kind": "document"},
    )


@case_view
def consents(request: HttpRequest, case_id: Any) -> HttpResponse:
    organisation = _org(request)
    case = access_case(request.user, case_id, Need.VIEW, organisation)
    persons = selectors.case_persons(case=case)
    form = ConsentForm(request.POST or None)
    person_choices = {str(p.pk): p for p in persons}
    if request.method == "POST":
        person = person_choices.get(request.POST.get("person", ""))
        if person is None:
            form.add_error(None, _("Choose the person who gave the consent."))
        elif form.is_valid():
            try:
                services.record_consent(
                    actor=request.user,
                    organisation=organisation,
                    person=person,
                    scope=form.cleaned_data["scope"],
                    given_on=form.cleaned_data["given_on"],
                )
            except CaseRuleError as error:
                _rule_error(form, error)
            else:
                messages.success(request, _("The consent has been recorded."))
                return redirect("cases:consents", case_id=case.pk)
    services.record_read(
        actor=request.user, organisation=organisation, action="cases.consents.viewed", case=case
    )
    return render(
        request,
        "cases/consents.html",
        {
            "case": case,
            "grant": case.grant,
            "form": form,
            "persons": [present_person(p) for p in persons],
            "consents": selectors.consents_for_case(case=case),
        },
    )


@case_view
def withdraw_consent(request: HttpRequest, consent_id: Any) -> HttpResponse:
    organisation = _org(request)
    consent = access_consent(request.user, consent_id, Need.EDIT, organisation)
    case = consent.person.case
    form = WithdrawConsentForm(
        request.POST or None, recorded_here=consent.organisation_id == organisation.pk
    )
    if request.method == "POST" and form.is_valid():
        try:
            stopped = services.withdraw_consent(
                actor=request.user,
                organisation=organisation,
                consent=consent,
                reason=form.cleaned_data["reason"],
            )
        except CaseRuleError as error:
            _rule_error(form, error)
        else:
            messages.success(
                request,
                _("The consent has been withdrawn. %(n)s shares based on it no longer give access.")
                % {"n": len(stopped)},
            )
            return redirect("cases:consents", case_id=case.pk)
    return render(
        request,
        "cases/withdraw_consent.html",
        {
            "case": case,
            "grant": case.grant,
            "consent": consent,
            "form": form,
            "shares": consent.shares.filter(revoked_at__isnull=True).select_related("item"),
        },
    )


@case_view
def access_log(request: HttpRequest, case_id: Any) -> HttpResponse:
    organisation = _org(request)
    case = access_case(request.user, case_id, Need.ACCESS_LOG, organisation)
    page = Paginator(selectors.access_log(case=case), 50).get_page(request.GET.get("page"))
    # Those who read this page see no case content: only who, when and which kind of read
    # or change, with the few details that name no content.
    rows = present_events(
        page.object_list,
        reader=request.user,
        organisation=organisation,
        detail_keys=ACCESS_LOG_DETAIL_KEYS,
    )
    services.record_read(
        actor=request.user, organisation=organisation, action="cases.access_log.viewed", case=case
    )
    return render(
        request,
        "cases/access_log.html",
        {"case": case, "grant": case.grant, "page": page, "rows": rows},
    )


@case_view
def export_case(request: HttpRequest, case_id: Any) -> HttpResponse:
    organisation = _org(request)
    case = access_case(request.user, case_id, Need.VIEW, organisation)
    services.record_read(
        actor=request.user,
        organisation=organisation,
        action="cases.case.exported",
        case=case,
        detail={"format": "docx"},
    )
    content = exports.case_docx(case=case, organisation=organisation)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{case.reference}.docx"'
    return response


# --- persons --------------------------------------------------------------------------------


@case_view
def person_detail(request: HttpRequest, person_id: Any) -> HttpResponse:
    organisation = _org(request)
    person = access_person(request.user, person_id, Need.VIEW, organisation)
    case = person.case
    services.record_read(
        actor=request.user,
        organisation=organisation,
        action="cases.person.viewed",
        case=case,
        target=person,
    )
    return render(
        request,
        "cases/person_detail.html",
        {
            "case": case,
            "grant": case.grant,
            "person": present_person(person),
            "linked": selectors.linked_records(
                actor=request.user, organisation=organisation, person=person
            ),
            "candidates": selectors.match_candidates(
                actor=request.user, organisation=organisation, person=person
            ),
        },
    )


@case_view
def edit_person(request: HttpRequest, person_id: Any) -> HttpResponse:
    organisation = _org(request)
    person = access_person(request.user, person_id, Need.EDIT, organisation)
    case = person.case
    # The form is filled from the masked view: a protected address never reaches it.
    shown = present_person(person)
    initial = {
        name: getattr(shown, name)
        for name in (
            "first_name",
            "last_name",
            "birth_date",
            "birth_year",
            "gender",
            "language",
            "needs_interpreter",
            "phone",
            "email",
            "safe_contact",
            "no_case_content_in_messages",
            "protected_address",
            "street_address",
            "postal_code",
            "postal_place",
        )
    }
    form = PersonEditForm(
        request.POST or None, initial=initial, address_hidden=shown.protected_address
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_person(
                actor=request.user, organisation=organisation, person=person, changes=form.changes()
            )
        except CaseRuleError as error:
            _rule_error(form, error)
        else:
            if changed:
                messages.success(request, _("The person has been updated."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("cases:person", person_id=person.pk)
    return render(
        request,
        "cases/edit_person.html",
        {"case": case, "grant": case.grant, "person": shown, "form": form},
    )


@case_view
def reveal_address(request: HttpRequest, person_id: Any) -> HttpResponse:
    organisation = _org(request)
    person = access_person(request.user, person_id, Need.REVEAL_ADDRESS, organisation)
    case = person.case
    form = RevealForm(request.POST or None)
    revealed = None
    if request.method == "POST" and form.is_valid():
        try:
            services.reveal_address(
                actor=request.user,
                organisation=organisation,
                person=person,
                reason=form.cleaned_data["reason"],
            )
        except CaseRuleError as error:
            _rule_error(form, error)
        else:
            revealed = present_person(person, reveal=True)
    return render(
        request,
        "cases/reveal_address.html",
        {
            "case": case,
            "grant": case.grant,
            "person": present_person(person),
            "form": form,
            "revealed": revealed,
        },
    )


@case_view
def confirm_match(request: HttpRequest, person_id: Any) -> HttpResponse:
    organisation = _org(request)
    person = access_person(request.user, person_id, Need.EDIT, organisation)
    candidates = selectors.match_candidates(
        actor=request.user, organisation=organisation, person=person
    )
    form = MatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = next((c for c in candidates if c.pk == form.cleaned_data["other"]), None)
        if other is None:
            form.add_error(None, _("That record is not a possible match."))
        else:
            try:
                services.confirm_match(
                    actor=request.user, organisation=organisation, person=person, other=other
                )
            except CaseRuleError as error:
                _rule_error(form, error)
            else:
                messages.success(request, _("The records have been linked."))
                return redirect("cases:person", person_id=person.pk)
    services.record_read(
        actor=request.user,
        organisation=organisation,
        action="cases.person.match_candidates_viewed",
        case=person.case,
        target=person,
    )
    return render(
        request,
        "cases/confirm_match.html",
        {
            "case": person.case,
            "grant": person.case.grant,
            "person": present_person(person),
            "candidates": [present_person(c) for c in candidates],
            "form": form,
        },
    )


# --- information items -----------------------------------------------------------------------


@case_view
def item_detail(request: HttpRequest, item_id: Any) -> HttpResponse:
    organisation = _org(request)
    item = access_item(request.user, item_id, Need.VIEW, organisation)
    case = item.case
    action = "cases.assessment.viewed" if item.kind == ItemKind.ASSESSMENT else "cases.item.viewed"
    services.record_read(
        actor=request.user, organisation=organisation, action=action, case=case, target=item
    )
    shares = list(item.shares.select_related("consent", "shared_by").prefetch_related("recipients"))
    day = selectors.today()
    assessment = getattr(item, "assessment", None) if item.kind == ItemKind.ASSESSMENT else None
    return render(
        request,
        "cases/item_detail.html",
        {
            "case": case,
            "grant": case.grant,
            "item": item,
            "shares": [(s, selectors.item_share_state(s, day)) for s in shares],
            "is_author": item.author_organisation_id == organisation.pk,
            "assessment": assessment,
            "assessment_view": present_assessment(assessment) if assessment else None,
        },
    )


@case_view
def share_item(request: HttpRequest, item_id: Any) -> HttpResponse:
    organisation = _org(request)
    item = access_item(request.user, item_id, Need.SHARE, organisation)
    case = item.case
    form = ShareForm(request.POST or None)
    _setup_share_fields(form, case, organisation)
    if request.method == "POST" and form.is_valid():
        data = form.share_data()
        assert data is not None
        try:
            services.share_item(actor=request.user, organisation=organisation, item=item, data=data)
        except CaseRuleError as error:
            _rule_error(form, error)
        else:
            messages.success(request, _("The information has been shared."))
            return redirect("cases:item", item_id=item.pk)
    return render(
        request,
        "cases/share_item.html",
        {"case": case, "grant": case.grant, "item": item, "form": form},
    )


@case_view
def download(request: HttpRequest, item_id: Any) -> HttpResponseBase:
    organisation = _org(request)
    item: InformationItem = access_item(request.user, item_id, Need.VIEW, organisation)
    if item.kind != ItemKind.DOCUMENT or not item.file_name:
        raise Http404
    path = services.case_file_dir() / item.file_name
    if not path.is_file():
        raise Http404
    services.record_read(
        actor=request.user,
        organisation=organisation,
        action="cases.document.downloaded",
        case=item.case,
        target=item,
    )
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=item.file_original_name,
        content_type=item.file_content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@case_view
def assessment_detail(request: HttpRequest, assessment_id: Any) -> HttpResponse:
    organisation = _org(request)
    assessment = access_assessment(request.user, assessment_id, Need.VIEW, organisation)
    return redirect("cases:item", item_id=assessment.item_id)


# --- assessments -------------------------------------------------------------------------------


SUBJECT_ROLES = {
    "person_exposed": PersonRole.EXPOSED,
    "person_using_violence": PersonRole.USING_VIOLENCE,
}


class AssessmentShareForm(ShareForm):
    """The sharing part of the assessment page (prefixed, beside the instrument's form)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visibility"].choices = [  # type: ignore[attr-defined]
            ("author", _("Only my organisation")),
            *ShareScope.choices,
        ]
        self.fields["visibility"].initial = "author"


@case_view
def add_assessment(request: HttpRequest, case_id: Any) -> HttpResponse:
    """Choose an instrument, then fill in the form generated from its file. The risk app
    scores; the case layer stores the result as an information item of the assessor's
    organisation."""
    from django.utils.translation import get_language

    from samvern.risk import catalogue, engine
    from samvern.risk.forms import assessment_form_class

    organisation = _org(request)
    case = access_case(request.user, case_id, Need.EDIT, organisation)
    lang = get_language()
    context: dict[str, Any] = {
        "case": case,
        "grant": case.grant,
        "assessments": selectors.assessments_for_case(case=case, organisation=organisation),
    }
    key = request.POST.get("instrument") or request.GET.get("instrument")
    if not key:
        context["instruments"] = [
            {
                "key": i.key,
                "version": i.version,
                "title": i.title_in(lang),
                "title_with_version": title_with_version(i.title_in(lang), i.version),
            }
            for i in catalogue.available_instruments()
        ]
        return render(request, "cases/add_assessment.html", context)
    try:
        instrument = catalogue.get_instrument(key)
    except catalogue.InstrumentNotFound:
        raise Http404 from None
    persons = selectors.case_persons(case=case)
    form = assessment_form_class(instrument)(request.POST or None)
    restyle(form)
    share_form = AssessmentShareForm(request.POST or None, prefix="share")
    _setup_share_fields(share_form, case, organisation)
    rule_errors: list[str] = []
    # The person the instrument is about is chosen already when the case has exactly one.
    subject_role = SUBJECT_ROLES.get(instrument.subject)
    matching = [p for p in persons if p.role == subject_role]
    default = str(matching[0].pk) if len(matching) == 1 and request.method != "POST" else ""
    selected = request.POST.get("person", default)
    if request.method == "POST" and form.is_valid() and share_form.is_valid():
        person = next((p for p in persons if str(p.pk) == selected), None)
        result = form.result()
        band, reason = form.override()
        qualification = engine.qualifies_for_conference(
            instrument, result, override_band=band, repeat_within_12_months=case.grant.repeat
        )
        try:
            assessment = services.record_assessment(
                actor=request.user,
                organisation=organisation,
                case=case,
                person=person,
                instrument_key=instrument.key,
                instrument_version=instrument.version,
                answers=form.answers(),
                score=result.score,
                band=result.band_key,
                override_band=band or "",
                override_reason=reason,
                qualifies=qualification.qualifies,
                qualification_reasons=list(qualification.reasons),
                title=instrument.title_in(lang),
                share=share_form.share_data(),
            )
        except CaseRuleError as error:
            rule_errors = list(error.messages)
        else:
            messages.success(request, _("The assessment has been saved."))
            return redirect("cases:item", item_id=assessment.item_id)
    context.update(
        {
            "instrument": instrument,
            "instrument_title": instrument.title_in(lang),
            "instrument_title_with_version": title_with_version(
                instrument.title_in(lang), instrument.version
            ),
            "form": form,
            "share_form": share_form,
            "persons": [present_person(p) for p in persons],
            "selected_person": selected,
            "rule_errors": rule_errors,
        }
    )
    return render(request, "cases/add_assessment.html", context)
