"""What users type for a checklist; no rules about who may do what."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samvern.checklists.services import AskedFacts
from samvern.core import limits
from samvern.core.forms import StyledForm


class GenerateForm(StyledForm):
    """The facts a checklist depends on that are not in the case data."""

    custody_release = forms.BooleanField(
        label=_("The person using violence has been or will be released from custody"),
        required=False,
    )
    shelter_needed = forms.BooleanField(
        label=_("The person exposed needs a shelter or another safe place to stay"),
        required=False,
    )
    consent_victim_support = forms.BooleanField(
        label=_("The person exposed consents to being contacted by victim support"),
        required=False,
    )

    def facts(self) -> AskedFacts:
        data = self.cleaned_data
        return AskedFacts(
            custody_release=bool(data["custody_release"]),
            shelter_needed=bool(data["shelter_needed"]),
            consent_victim_support=bool(data["consent_victim_support"]),
        )


class MarkForm(StyledForm):
    """Ticking or reopening an item: nothing to type, the button is the answer."""


class NotApplicableForm(StyledForm):
    reason = forms.CharField(
        label=_("Why does this not apply?"),
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
