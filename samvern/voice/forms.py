"""Forms of the victim's voice: validation only; the rules are in services.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from samvern.accounts.models import Membership, Organisation
from samvern.cases.forms import DateInput
from samvern.cases.models import Person
from samvern.core import limits
from samvern.core.forms import EMPTY_CHOICE, StyledForm
from samvern.voice.models import ContactChannel, InformationKind, WishSource
from samvern.voice.services import AdvocateData, WishesData

FormData = Mapping[str, object] | None


def _sharing_field_name(organisation: Organisation) -> str:
    return f"share_{organisation.pk.hex}"


class WishesForm(StyledForm):
    wants = forms.CharField(
        label=_("What she wants"),
        max_length=limits.COMMENT,
        help_text=_("In her own words where possible: what she wants to happen, and what not."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact_channel = forms.ChoiceField(
        label=_("How she wants to be contacted"), choices=ContactChannel.choices
    )
    contact_note = forms.CharField(
        label=_("About contact"),
        required=False,
        max_length=limits.COMMENT,
        help_text=_("When it is safe, who may call, what must not be said."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    sharing_note = forms.CharField(
        label=_("About sharing"),
        required=False,
        max_length=limits.COMMENT,
        help_text=_("Anything she has said about who may know what."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        organisations: Sequence[Organisation],
        initial: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self._organisations = list(organisations)
        for organisation in self._organisations:
            self.fields[_sharing_field_name(organisation)] = forms.MultipleChoiceField(
                label=_("%(organisation)s may see") % {"organisation": organisation.name},
                choices=InformationKind.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    @property
    def sharing_fields(self) -> list[forms.BoundField]:
        return [self[_sharing_field_name(o)] for o in self._organisations]

    def wishes_data(
        self, *, source: str = WishSource.CASE, conference_date: dt.date | None = None
    ) -> WishesData:
        data = self.cleaned_data
        sharing = tuple(
            (organisation, str(kind))
            for organisation in self._organisations
            for kind in data.get(_sharing_field_name(organisation)) or ()
        )
        return WishesData(
            wants=data["wants"],
            contact_channel=data["contact_channel"],
            contact_note=data.get("contact_note") or "",
            sharing_note=data.get("sharing_note") or "",
            sharing=sharing,
            source=source,
            conference_date=conference_date,
        )


def sharing_initial(
    organisations: Sequence[Organisation], chosen: Sequence[tuple[object, str]]
) -> dict[str, list[str]]:
    """The sharing boxes as the current version has them."""
    initial: dict[str, list[str]] = {}
    for organisation in organisations:
        initial[_sharing_field_name(organisation)] = [
            kind for organisation_id, kind in chosen if organisation_id == organisation.pk
        ]
    return initial


class AdvocateForm(StyledForm):
    person = forms.ChoiceField(label=_("Person exposed"))
    advocate = forms.ChoiceField(
        label=_("Advocate"),
        help_text=_("A case worker of a support service taking part in the case."),
    )
    started_on = forms.DateField(label=_("From"), widget=DateInput)

    def __init__(
        self,
        data: FormData = None,
        *,
        persons: Sequence[Person],
        candidates: Sequence[Membership],
        initial: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self._persons = {str(p.pk): p for p in persons}
        self._candidates = {f"{m.organisation_id}:{m.user_id}": m for m in candidates}
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ChoiceField)
        person_field.choices = [(key, p.full_name) for key, p in self._persons.items()]
        advocate_field = self.fields["advocate"]
        assert isinstance(advocate_field, forms.ChoiceField)
        advocate_field.choices = [
            ("", EMPTY_CHOICE),
            *(
                (key, f"{m.user.get_full_name() or m.user.username} ({m.organisation.name})")
                for key, m in self._candidates.items()
            ),
        ]

    def advocate_data(self) -> AdvocateData:
        data = self.cleaned_data
        membership = self._candidates[data["advocate"]]
        return AdvocateData(
            person=self._persons[data["person"]],
            organisation=membership.organisation,
            user=membership.user,
            started_on=data["started_on"],
        )


class EndAdvocateForm(StyledForm):
    ended_on = forms.DateField(label=_("Until"), widget=DateInput)
