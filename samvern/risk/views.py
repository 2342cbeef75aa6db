"""Pages for reading the risk instruments: the catalogue and one instrument with its
questions, risk levels and conference rules, plus a trial of its form that saves nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from samvern.accounts.actor import actor_of
from samvern.core.forms import StyledForm
from samvern.risk import engine, selectors
from samvern.risk.access import access_instrument
from samvern.risk.definitions import Band, Instrument, QualificationRule
from samvern.risk.forms import AssessmentForm, assessment_form_class


class TrialOptionsForm(StyledForm):
    repeat_within_12_months = forms.BooleanField(
        label=_("The case is a repeat referral within 12 months"), required=False
    )


@dataclass(frozen=True)
class TrialOutcome:
    result: engine.ScoreResult
    scored_band: Band
    effective_band: Band
    unknown_texts: tuple[str, ...]
    qualification: engine.Qualification
    met_rules: tuple[QualificationRule, ...]


def _outcome(instrument: Instrument, form: AssessmentForm, repeat: bool) -> TrialOutcome:
    result = form.result()
    band, _reason = form.override()
    qualification = form.qualification(repeat_within_12_months=repeat)
    lang = get_language()
    return TrialOutcome(
        result=result,
        scored_band=instrument.band(result.band_key),
        effective_band=engine.effective_band(instrument, result, band),
        unknown_texts=tuple(instrument.item(key).text_in(lang) for key in result.unknown_items),
        qualification=qualification,
        met_rules=tuple(instrument.rule(key) for key in qualification.reasons),
    )


@login_required
@require_http_methods(["GET"])
def instrument_list(request: HttpRequest) -> HttpResponse:
    groups = selectors.instrument_catalogue(actor=actor_of(request))
    return render(request, "risk/instrument_list.html", {"groups": groups})


@login_required
@require_http_methods(["GET", "POST"])
def instrument_detail(request: HttpRequest, key: str, version: str) -> HttpResponse:
    actor = actor_of(request)
    instrument = access_instrument(actor=actor, key=key, version=version)
    data = request.POST if request.method == "POST" else None
    form = assessment_form_class(instrument)(data)
    options = TrialOptionsForm(data, prefix="trial")
    outcome = None
    if data is not None and form.is_valid() and options.is_valid():
        outcome = _outcome(instrument, form, options.cleaned_data["repeat_within_12_months"])
    return render(
        request,
        "risk/instrument_detail.html",
        {
            "instrument": instrument,
            "other_versions": selectors.other_versions(actor=actor, instrument=instrument),
            "form": form,
            "options": options,
            "outcome": outcome,
            "weighted": instrument.scoring.method == "weighted_sum",
        },
    )
