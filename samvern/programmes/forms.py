"""Forms of programme referrals: validation only; the rules are in services.py."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from samvern.cases.forms import DateInput, restyle
from samvern.cases.models import Person
from samvern.core import limits
from samvern.core.forms import EMPTY_CHOICE, StyledForm
from samvern.directory.models import Service
from samvern.programmes.models import EndResult
from samvern.programmes.services import ReferralData

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FormData = Mapping[str, object] | None
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _note(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReferralForm(StyledForm):
    person = forms.ChoiceField(label=_("Person using violence"))
    service = forms.ChoiceField(
        label=_("Programme"), help_text=_("From the partnership's service directory.")
    )
    referred_on = forms.DateField(label=_("Referral date"), widget=DateInput)
    reason = _note(_("Reason for referral"))

    def __init__(
        self,
        data: FormData = None,
        *,
        persons: Sequence[Person],
        services: Sequence[Service],
        initial: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self._persons = {str(p.pk): p for p in persons}
        self._services = {str(s.pk): s for s in services}
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ChoiceField)
        person_field.choices = [(key, p.full_name) for key, p in self._persons.items()]
        service_field = self.fields["service"]
        assert isinstance(service_field, forms.ChoiceField)
        service_field.choices = [
            ("", EMPTY_CHOICE),
            *(
                (key, f"{s.name} ({s.provider})" if s.provider else s.name)
                for key, s in self._services.items()
            ),
        ]
        restyle(self)

    def referral_data(self) -> ReferralData:
        data = self.cleaned_data
        return ReferralData(
            person=self._persons[data["person"]],
            service=self._services[data["service"]],
            referred_on=data["referred_on"],
            reason=data.get("reason") or "",
        )


class IntakeForm(StyledForm):
    accepted = forms.ChoiceField(
        label=_("Accepted into the programme?"), choices=YES_NO, widget=forms.RadioSelect
    )
    intake_on = forms.DateField(label=_("Intake date"), widget=DateInput)
    note = _note(_("About the intake"))


class SessionForm(StyledForm):
    held_on = forms.DateField(label=_("Session date"), widget=DateInput)
    attended = forms.ChoiceField(
        label=_("Did he attend?"),
        choices=[("yes", _("Attended")), ("no", _("Missed"))],
        widget=forms.RadioSelect,
    )
    note = _note(_("Note"))


class EndForm(StyledForm):
    result = forms.ChoiceField(
        label=_("How did it end?"), choices=EndResult.choices, widget=forms.RadioSelect
    )
    ended_on = forms.DateField(label=_("Date"), widget=DateInput)
    note = _note(_("About the ending"))
