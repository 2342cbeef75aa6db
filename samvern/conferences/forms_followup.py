"""Forms of the outcome follow-up: one follow-up of a case, and the partnership's
follow-up months. Validation only; the rules are in services/followup.py."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from samvern.conferences.models import Answer
from samvern.conferences.services.followup import FollowUpData
from samvern.core import limits
from samvern.core.forms import NorwegianIntegerField, StyledForm

FormData = Mapping[str, object] | None
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class FollowUpForm(StyledForm):
    new_incident = forms.ChoiceField(
        label=_("New incidents known since the first conference?"),
        choices=Answer.choices,
        widget=forms.RadioSelect,
    )
    checked_police_records = forms.BooleanField(
        label=_("Checked against police records"),
        required=False,
        help_text=_("The police take part in this case: ask them what their records show."),
    )
    new_referral = forms.ChoiceField(
        label=_("A new referral?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=_("Has she been referred again, to this partnership or elsewhere?"),
    )
    safe_housing = forms.ChoiceField(
        label=_("Does she live safely?"), choices=Answer.choices, widget=forms.RadioSelect
    )
    in_contact = forms.ChoiceField(
        label=_("Is she in contact with services?"),
        choices=Answer.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=limits.COMMENT,
        help_text=_("No names or details: a few words for the partnership's follow-up."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data: FormData = None, *, police: bool) -> None:
        super().__init__(data)
        if not police:
            del self.fields["checked_police_records"]

    def follow_up_data(self) -> FollowUpData:
        data = self.cleaned_data
        return FollowUpData(
            new_incident=data["new_incident"],
            new_referral=data["new_referral"] == "yes",
            safe_housing=data["safe_housing"],
            in_contact=data["in_contact"],
            checked_police_records=bool(data.get("checked_police_records")),
            note=data.get("note") or "",
        )


class FollowUpSettingsForm(StyledForm):
    first_months = NorwegianIntegerField(
        label=_("First follow-up, months after the first conference"), min_value=1, max_value=35
    )
    second_months = NorwegianIntegerField(
        label=_("Second follow-up, months after the first conference"), min_value=2, max_value=36
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, second = data.get("first_months"), data.get("second_months")
        if isinstance(first, int) and isinstance(second, int) and second <= first:
            self.add_error("second_months", _("The second follow-up comes after the first."))
        return data
