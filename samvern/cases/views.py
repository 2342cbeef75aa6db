"""Pages of the case layer. Each view: access → form → service → render. Every view runs
in one transaction, so the audit event of a read is stored with the read or not at all.
Nothing is cached by browsers or proxies."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from samvern.accounts.actor import actor_of
from samvern.audit.services import audited_atomic
from samvern.cases import exports, extensions, listing, selectors, services
from samvern.cases.access import (
    CaseAccess,
    Need,
    access_assessment,
    access_case,
    access_consent,
    access_item,
    access_person,
    today,
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
    ShareFieldsMixin,
    ShareForm,
    TransitionForm,
    WithdrawConsentForm,
    restyle,
)
from samvern.cases.models import ItemKind, PersonRole, ReferralUrgency, ShareScope
from samvern.cases.presenters import present_assessment, present_person
from samvern.cases.referrals import case_referral_lines
from samvern.cases.services import CaseRead, CaseRuleError
from samvern.core.forms import attach_service_error
from samvern.risk import catalogue
from samvern.risk.display import title_with_version
from samvern.risk.forms import assessment_form_class

Params = ParamSpec("Params")
View = Callable[Concatenate[HttpRequest, Params], HttpResponseBase]


def record_refusal(request: HttpRequest, identifiers: dict[str, object], via: str) -> None:
    """A 404 on a case-layer route becomes a security event (after the request's own
    transaction has rolled back); the 404 itself stays exactly as it was."""
    match = request.resolver_match
    services.record_refused(
        actor=actor_of(request),
        route=match.view_name if match else request.path,
        method=request.method or "",
        identifiers=identifiers,
        via=via,
    )


def case_view(view: View[Params]) -> View[Params]:
    """Logged in, never cached, one transaction; refusals recorded."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, *args: Params.args, **kwargs: Params.kwargs
    ) -> HttpResponseBase:
        try:
            # The request's audit events are written at the end of this transaction, so
            # the audit chain's lock is not held while the page is rendered.
            with audited_atomic():
                response = view(request, *args, **kwargs)
        except Http404:
            record_refusal(request, dict(kwargs), via="page")
            raise
        response["Cache-Control"] = "no-store"
        return response

    return login_required(never_cache(wrapper))


def _redirect_to_case(access: CaseAccess) -> HttpResponse:
    """Back to the case page the user may see: the full page with content access, the
    conference summary for a coordinator who sees only conference facts."""
    target = "cases:detail" if access.grant.content else "cases:summary"
    return redirect(target, case_id=access.case.pk)


def _case_context(access: CaseAccess, **extra: object) -> dict[str, object]:
    """What every page about one case shows around its content: the case and what the
    reader may do with it (links, the repeat flag as the reader may know it)."""
    return {"case": access.case, "grant": access.grant, **extra}


def _setup_share_fields(form: ShareFieldsMixin, access: CaseAccess) -> None:
    case = access.case
    form.setup_share_fields(
        recipients=selectors.current_participant_organisations(case=case).exclude(
            pk=access.grant.organisation.pk
        ),
        consents=selectors.active_consents_for_case(case=case),
    )


# --- lists and referral ------------------------------------------------------------------


@case_view
def case_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not selectors.has_case_layer(actor):
        raise Http404
    tab = request.GET.get("tab", selectors.CaseTab.ORGANISATION)
    if tab not in selectors.CaseTab.ALL:
        tab = selectors.CaseTab.ORGANISATION
    cases = selectors.case_list(actor=actor, tab=tab)
    after = listing.CaseCursor.decode(request.GET.get("after"))
    # `?page=N` links from before keyset paging still open the same page.
    number = request.GET.get("page", "")
    offset = (min(int(number), 10_000) - 1) * listing.PAGE_SIZE if number.isdigit() else 0
    offset = max(offset, 0)
    page = listing.case_page(cases, after=after, offset=offset)
    rows = services.read_case_rows(actor=actor, cases=page.cases, tab=tab)
    return render(
        request,
        "cases/case_list.html",
        {
            "rows": rows,
            "page": page,
            "tab": tab,
            "may_refer": services.role_may_refer(actor.case_roles),
        },
    )


@case_view
def refer(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not services.role_may_refer(actor.case_roles):
        raise Http404
    partnerships = selectors.referral_partnerships(actor=actor)
    form = ReferralForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.refer_case(
                actor=actor,
                partnership=form.cleaned_data["partnership"],
                source=form.cleaned_data["source"],
                reason=form.cleaned_data["reason"],
                referred_on=form.cleaned_data["referred_on"],
                person=form.person_data(PersonRole.EXPOSED),
            )
        except CaseRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The case has been referred."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/refer.html", {"form": form})


# --- one case ------------------------------------------------------------------------------


@case_view
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = services.read_case(actor, case_id, CaseRead.CASE)
    case = access.case
    timeline, _items = selectors.case_timeline(actor=actor, case=case)
    persons = [present_person(p) for p in selectors.case_persons(case=case)]
    participants, referral_lines = case_referral_lines(selectors.participants(case=case))
    return render(
        request,
        "cases/case_detail.html",
        _case_context(
            access,
            persons=persons,
            timeline=timeline,
            participants=participants,
            referral_lines=referral_lines,
            transitions=services.allowed_transitions(case, access.grant),
            further_links=extensions.case_links(actor, access),
            case_panels=extensions.case_panels(actor, access),
        ),
    )


@case_view
def case_summary(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Conference preparation: the facts the coordinator needs, no persons or items."""
    actor = actor_of(request)
    access = services.read_case(actor, case_id, CaseRead.SUMMARY)
    return render(
        request,
        "cases/case_summary.html",
        _case_context(
            access,
            participating=selectors.current_participant_organisations(case=access.case),
            transitions=services.allowed_transitions(access.case, access.grant),
            further_links=extensions.case_links(actor, access),
        ),
    )


@case_view
def transition(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_case(actor, case_id, Need.CONFERENCE)
    allowed = services.allowed_transitions(access.case, access.grant)
    form = TransitionForm(request.POST or None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.transition_case(
                actor=actor,
                access=access,
                to_state=form.cleaned_data["to_state"],
                note=form.cleaned_data["note"],
                outcome=form.cleaned_data["outcome"],
            )
        except CaseRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The state of the case has been changed."))
            return _redirect_to_case(access)
    return render(request, "cases/transition.html", _case_context(access, form=form))


@case_view
def add_participant(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_case(actor, case_id, Need.ADD_PARTICIPANT)
    candidates = selectors.candidate_participants(case=access.case)
    form = ParticipantForm(request.POST or None, candidates=candidates)
    if candidates.filter(pk=access.grant.organisation.pk).exists():
        form.fields["reason"].help_text = _(
            "Adding your own organisation gives you the case's content at once. It needs a "
            "reason, and it is reported to the data protection officers."
        )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.refer_to_organisation(
                actor=actor,
                access=access,
                organisation=form.cleaned_data["organisation"],
                reason=form.cleaned_data["reason"],
                urgency=form.cleaned_data["urgency"] or ReferralUrgency.ROUTINE,
                contact_rules=form.cleaned_data["contact_rules"],
            )
        except CaseRuleError as error:
            attach_service_error(form, error)
        else:
            if referral.respond_by is not None:
                messages.success(
                    request,
                    _(
                        "The referral has been sent. The organisation sees the case once it "
                        "accepts; the answer is due by %(date)s."
                    )
                    % {"date": date_format(referral.respond_by, "SHORT_DATE_FORMAT")},
                )
            else:
                messages.success(request, _("Your organisation now takes part in the case."))
            return _redirect_to_case(access)
    return render(request, "cases/add_participant.html", _case_context(access, form=form))


@case_view
def add_person(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_case(actor, case_id, Need.EDIT)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.add_person(
                actor=actor,
                case=access.case,
                data=form.person_data(
                    form.cleaned_data["role"], form.cleaned_data["role_uncertain"]
                ),
            )
        except CaseRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The person has been added."))
            return redirect("cases:person", person_id=person.pk)
    return render(request, "cases/add_person.html", _case_context(access, form=form))


@case_view
def add_note(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_case(actor, case_id, Need.EDIT)
    form = NoteForm(request.POST or None)
    _setup_share_fields(form, access)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_note(
                actor=actor,
                case=access.case,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                share=form.share_data(),
            )
        except CaseRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The note has been saved."))
            return redirect("cases:detail", case_id=access.case.pk)
    return render(request, "cases/add_item.html", _case_context(access, form=form, kind="note"))


@case_view
def add_document(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_case(actor, case_id, Need.EDIT)
    form = DocumentForm(request.POST or None, request.FILES or None)
    _setup_share_fields(form, access)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_document(
                actor=actor,
                case=access.case,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                share=form.share_data(),
            )
        except CaseRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The document has been uploaded."))
            return redirect("cases:detail", case_id=access.case.pk)
    return render(request, "cases/add_item.html", _case_context(access, form=form, kind="document"))


@case_view
def consents(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_case(actor, case_id, CaseRead.CONSENTS.need)
    case = access.case
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
                    actor=actor,
                    person=person,
                    scope=form.cleaned_data["scope"],
                    given_on=form.cleaned_data["given_on"],
                )
            except CaseRuleError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The consent has been recorded."))
                return redirect("cases:consents", case_id=case.pk)
    # Shown (again): the read is recorded; a recorded consent redirects without one.
    services.record_read(actor=actor, case=case, action=CaseRead.CONSENTS.action)
    return render(
        request,
        "cases/consents.html",
        _case_context(
            access,
            form=form,
            persons=[present_person(p) for p in persons],
            consents=selectors.consents_for_case(case=case),
        ),
    )


@case_view
def withdraw_consent(request: HttpRequest, consent_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_consent(actor, consent_id, Need.EDIT)
    consent = access.consent
    form = WithdrawConsentForm(
        request.POST or None,
        recorded_here=consent.organisation_id == access.grant.organisation.pk,
    )
    if request.method == "POST" and form.is_valid():
        try:
            stopped = services.withdraw_consent(
                actor=actor, consent=consent, reason=form.cleaned_data["reason"]
            )
        except CaseRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(
                request,
                _("The consent has been withdrawn. %(n)s shares based on it no longer give access.")
                % {"n": len(stopped)},
            )
            return redirect("cases:consents", case_id=access.case.pk)
    return render(
        request,
        "cases/withdraw_consent.html",
        _case_context(
            access,
            consent=consent,
            form=form,
            shares=consent.shares.filter(revoked_at__isnull=True).select_related("item"),
        ),
    )


@case_view
def export_case(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = services.read_case(actor, case_id, CaseRead.EXPORT, detail={"format": "docx"})
    content = exports.case_docx(actor=actor, access=access)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{access.case.reference}.docx"'
    return response


# --- persons --------------------------------------------------------------------------------


@case_view
def person_detail(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = services.read_person(actor, person_id)
    person = access.person
    return render(
        request,
        "cases/person_detail.html",
        _case_context(
            access,
            person=present_person(person),
            linked=selectors.linked_records(actor=actor, person=person),
            candidates=selectors.match_candidates(actor=actor, person=person),
            further_links=extensions.person_links(actor, access),
        ),
    )


@case_view
def edit_person(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person(actor, person_id, Need.EDIT)
    # The form is filled from the masked view: a protected address never reaches it.
    shown = present_person(access.person)
    initial = {
        name: getattr(shown, name) for name in (*services.PERSON_FACTS, *services.ADDRESS_FIELDS)
    }
    form = PersonEditForm(
        request.POST or None, initial=initial, address_hidden=shown.protected_address
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_person(actor=actor, access=access, changes=form.changes())
        except CaseRuleError as error:
            attach_service_error(form, error)
        else:
            if changed:
                messages.success(request, _("The person has been updated."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("cases:person", person_id=access.person.pk)
    return render(request, "cases/edit_person.html", _case_context(access, person=shown, form=form))


@case_view
def reveal_address(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person(actor, person_id, Need.REVEAL_ADDRESS)
    person = access.person
    form = RevealForm(request.POST or None)
    revealed = None
    if request.method == "POST" and form.is_valid():
        try:
            services.reveal_address(actor=actor, person=person, reason=form.cleaned_data["reason"])
        except CaseRuleError as error:
            attach_service_error(form, error)
        else:
            revealed = present_person(person, reveal=True)
    return render(
        request,
        "cases/reveal_address.html",
        _case_context(access, person=present_person(person), form=form, revealed=revealed),
    )


@case_view
def confirm_match(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person(actor, person_id, CaseRead.MATCH_CANDIDATES.need)
    person = access.person
    candidates = selectors.match_candidates(actor=actor, person=person)
    form = MatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = next((c for c in candidates if c.pk == form.cleaned_data["other"]), None)
        if other is None:
            form.add_error(None, _("That record is not a possible match."))
        else:
            try:
                services.confirm_match(actor=actor, person=person, other=other)
            except CaseRuleError as error:
                attach_service_error(form, error)
            else:
                messages.success(request, _("The records have been linked."))
                return redirect("cases:person", person_id=person.pk)
    # Shown (again): the read is recorded; a confirmed match redirects without one.
    services.record_read(
        actor=actor, case=access.case, action=CaseRead.MATCH_CANDIDATES.action, target=person
    )
    return render(
        request,
        "cases/confirm_match.html",
        _case_context(
            access,
            person=present_person(person),
            candidates=[present_person(c) for c in candidates],
            form=form,
        ),
    )


# --- information items -----------------------------------------------------------------------


@case_view
def item_detail(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = services.read_item(actor, item_id)
    item = access.item
    shares = list(item.shares.select_related("consent", "shared_by").prefetch_related("recipients"))
    day = today()
    assessment = getattr(item, "assessment", None) if item.kind == ItemKind.ASSESSMENT else None
    return render(
        request,
        "cases/item_detail.html",
        _case_context(
            access,
            item=item,
            shares=[(s, selectors.item_share_state(s, day)) for s in shares],
            is_author=item.author_organisation_id == access.grant.organisation.pk,
            assessment=assessment,
            assessment_view=present_assessment(assessment) if assessment else None,
        ),
    )


@case_view
def share_item(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_item(actor, item_id, Need.SHARE)
    item = access.item
    form = ShareForm(request.POST or None)
    _setup_share_fields(form, access)
    if request.method == "POST" and form.is_valid():
        data = form.share_data()
        assert data is not None
        try:
            services.share_item(actor=actor, item=item, data=data)
        except CaseRuleError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("The information has been shared."))
            return redirect("cases:item", item_id=item.pk)
    return render(request, "cases/share_item.html", _case_context(access, item=item, form=form))


@case_view
def download(request: HttpRequest, item_id: uuid.UUID) -> HttpResponseBase:
    actor = actor_of(request)
    access, path = services.read_document(actor, item_id)
    item = access.item
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
def assessment_detail(request: HttpRequest, assessment_id: uuid.UUID) -> HttpResponse:
    access = access_assessment(actor_of(request), assessment_id, Need.VIEW)
    return redirect("cases:item", item_id=access.assessment.item_id)


# --- assessments -------------------------------------------------------------------------------


SUBJECT_ROLES = {
    "person_exposed": PersonRole.EXPOSED,
    "person_using_violence": PersonRole.USING_VIOLENCE,
}


class AssessmentShareForm(ShareForm):
    """The sharing part of the assessment page (prefixed, beside the instrument's form)."""

    def __init__(self, data: QueryDict | None = None, *, prefix: str | None = None) -> None:
        super().__init__(data, prefix=prefix)
        self.fields["visibility"].choices = [  # type: ignore[attr-defined]
            ("author", _("Only my organisation")),
            *ShareScope.choices,
        ]
        self.fields["visibility"].initial = "author"


@case_view
def add_assessment(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Choose an instrument, then fill in the form generated from its file. The
    assessment service scores it and stores the result as an information item of the
    assessor's organisation."""
    actor = actor_of(request)
    access = access_case(actor, case_id, Need.EDIT)
    case = access.case
    lang = get_language()
    context = _case_context(
        access, assessments=selectors.assessments_for_case(actor=actor, case=case)
    )
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
    _setup_share_fields(share_form, access)
    rule_errors: list[str] = []
    # The person the instrument is about is chosen already when the case has exactly one.
    subject_role = SUBJECT_ROLES.get(instrument.subject)
    matching = [p for p in persons if p.role == subject_role]
    default = str(matching[0].pk) if len(matching) == 1 and request.method != "POST" else ""
    selected = request.POST.get("person", default)
    if request.method == "POST" and form.is_valid() and share_form.is_valid():
        band, reason = form.override()
        try:
            assessment = services.assess(
                actor=actor,
                access=access,
                data=services.AssessmentData(
                    instrument=instrument,
                    answers=form.answers(),
                    person=next((p for p in persons if str(p.pk) == selected), None),
                    override_band=band or "",
                    override_reason=reason,
                    title=instrument.title_in(lang),
                    share=share_form.share_data(),
                ),
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
