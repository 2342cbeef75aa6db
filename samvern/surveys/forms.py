"""The survey form: one 1–5 choice per question (each may be left out) and free text."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from samvern.core import limits
from samvern.core.forms import NorwegianIntegerField
from samvern.partnerships.forms import PartnershipForm
from samvern.surveys.catalogue import question_text
from samvern.surveys.models import SurveyRound

SCALE_CHOICES = [
    ("1", _("1 – strongly disagree")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 – strongly agree")),
    ("", _("Don't know")),
]


def field_name(key: str) -> str:
    return f"q_{key}"


class ResponseForm(PartnershipForm):
    comment = forms.CharField(
        label=_("Anything else about the cooperation?"),
        required=False,
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Do not write names or anything that identifies you or others."),
    )

    def __init__(
        self, data: Mapping[str, object] | None = None, *, survey_round: SurveyRound
    ) -> None:
        super().__init__(data)
        comment = self.fields.pop("comment")
        for question in survey_round.questions:
            self.fields[field_name(str(question["key"]))] = forms.ChoiceField(
                label=question_text(question),
                choices=SCALE_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
        self.fields["comment"] = comment
        self.survey_round = survey_round

    def scores(self) -> dict[str, int | None]:
        found: dict[str, int | None] = {}
        for question in self.survey_round.questions:
            key = str(question["key"])
            value = self.cleaned_data.get(field_name(key)) or ""
            found[key] = int(value) if value else None
        return found


class OpenRoundForm(PartnershipForm):
    year = NorwegianIntegerField(label=_("Year"), min_value=2000, max_value=2100)
