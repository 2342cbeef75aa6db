"""The assessment form, built from an instrument file: one question per item and, when the
instrument allows it, a professional-judgement band with its required reason.

    FormClass = assessment_form_class(instrument)
    form = FormClass(request.POST)
    if form.is_valid():
        answers = form.answers()              # {"escalation": "yes", "recent_frequency": 2, …}
        band, reason = form.override()        # (None, "") when no judgement was recorded
        result = form.result()                # engine.ScoreResult

Texts from the instrument file are lazy: they render in the language active when the page
is rendered (nb or en), so one class serves every request. Render the fields with
`{% include "risk/includes/assessment_fields.html" %}` inside your own <form>.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samvern.core.forms import StyledForm
from samvern.risk import engine
from samvern.risk.definitions import NO, UNKNOWN, YES, Instrument, Item, ItemKind, text_in

OVERRIDE_BAND = "override_band"
OVERRIDE_REASON = "override_reason"
REASON_MAX_LENGTH = 4000
CRITICAL_ITEM_HELP = _("A yes to this question alone qualifies the case for a risk conference.")


def _in_active_language(texts: Mapping[str, str], prefix: str = "") -> str:
    text = text_in(texts, get_language())
    return f"{prefix} – {text}" if prefix and text else prefix or text


# A text from the instrument file, chosen when rendered rather than when the class is made.
localised = lazy(_in_active_language, str)


def _choices(item: Item) -> list[tuple[str, Any]]:
    if item.kind == ItemKind.YES_NO_UNKNOWN:
        return [(YES, _("Yes")), (NO, _("No")), (UNKNOWN, _("Don't know"))]
    choices: list[tuple[str, Any]] = []
    for value, texts in item.scale_options:
        choices.append((str(value), localised(texts, str(value))))
    choices.append((UNKNOWN, _("Don't know")))
    return choices


class AssessmentForm(StyledForm):
    """Base for the generated classes; `instrument` is set on each generated subclass."""

    instrument: ClassVar[Instrument]

    def item_fields(self) -> list[tuple[Item, forms.BoundField]]:
        return [(item, self[item.key]) for item in self.instrument.items]

    def override_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in (OVERRIDE_BAND, OVERRIDE_REASON) if name in self.fields]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if OVERRIDE_BAND not in self.fields:
            return cleaned
        band = cleaned.get(OVERRIDE_BAND) or ""
        reason = (cleaned.get(OVERRIDE_REASON) or "").strip()
        cleaned[OVERRIDE_REASON] = reason
        if band and not reason:
            self.add_error(
                OVERRIDE_REASON,
                _("Give the reason for your professional judgement."),
            )
        if reason and not band:
            self.add_error(
                OVERRIDE_BAND,
                _("Choose the band your professional judgement sets, or remove the reason."),
            )
        if band and not self.instrument.allow_lowering and self._items_valid():
            scored = self.instrument.band(self._score().band_key)
            if self.instrument.band(band).rank < scored.rank:
                self.add_error(
                    OVERRIDE_BAND,
                    _(
                        "This instrument does not let professional judgement lower the band "
                        "below “%(band)s”, the band the answers give."
                    )
                    % {"band": scored.label_in(get_language())},
                )
        return cleaned

    def _items_valid(self) -> bool:
        return all(
            item.key in self.cleaned_data and item.key not in self.errors
            for item in self.instrument.items
        )

    def _score(self) -> engine.ScoreResult:
        return engine.score(self.instrument, self._answers())

    def _answers(self) -> dict[str, str | int]:
        answers: dict[str, str | int] = {}
        for item in self.instrument.items:
            value = engine.normalise_answer(item, self.cleaned_data.get(item.key))
            if value is not None:
                answers[item.key] = value
        return answers

    def _require_valid(self) -> None:
        if not self.is_valid():
            raise ValueError("the assessment form is not valid")

    def answers(self) -> dict[str, str | int]:
        """Item key → "yes"/"no"/"unknown" or a scale value (int); unanswered items are
        left out. Only for a valid form."""
        self._require_valid()
        return self._answers()

    def override(self) -> tuple[str | None, str]:
        """(band key, reason) set by professional judgement, or (None, "")."""
        self._require_valid()
        band = self.cleaned_data.get(OVERRIDE_BAND) or None
        if band is None:
            return None, ""
        return band, self.cleaned_data.get(OVERRIDE_REASON) or ""

    def result(self) -> engine.ScoreResult:
        self._require_valid()
        return self._score()

    def qualification(self, *, repeat_within_12_months: bool = False) -> engine.Qualification:
        band, _reason = self.override()
        return engine.qualifies_for_conference(
            self.instrument,
            self.result(),
            override_band=band,
            repeat_within_12_months=repeat_within_12_months,
        )


def assessment_form_class(
    instrument: Instrument, *, require_all: bool = True
) -> type[AssessmentForm]:
    """A form class for `instrument`. With `require_all` (the default) every item must be
    answered; "don't know" is always a possible answer, so nothing is ever guessed."""
    attrs: dict[str, Any] = {"instrument": instrument, "__module__": __name__}
    for item in instrument.items:
        help_text: Any = localised(item.help) if item.help else ""
        if item.critical:
            help_text = format_lazy(
                "{}{}{}", help_text, " " if help_text else "", CRITICAL_ITEM_HELP
            )
        attrs[item.key] = forms.ChoiceField(
            label=localised(item.text),
            help_text=help_text,
            choices=_choices(item),
            widget=forms.RadioSelect,
            required=require_all,
        )
    if instrument.allow_override:
        attrs[OVERRIDE_BAND] = forms.ChoiceField(
            label=_("Band set by professional judgement"),
            choices=[
                ("", _("No professional judgement: use the scored band")),
                *((band.key, localised(band.label)) for band in instrument.bands),
            ],
            required=False,
            help_text=(
                _("You may raise the band; the instrument also lets you lower it.")
                if instrument.allow_lowering
                else _("You may raise the band, not lower it.")
            ),
        )
        attrs[OVERRIDE_REASON] = forms.CharField(
            label=_("Reason for the professional judgement"),
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
            max_length=REASON_MAX_LENGTH,
            help_text=_("Required when you set a band. Describe what the answers do not show."),
        )
    name = "".join(part.capitalize() for part in instrument.key.replace("-", "_").split("_"))
    return type(f"{name}AssessmentForm", (AssessmentForm,), attrs)
