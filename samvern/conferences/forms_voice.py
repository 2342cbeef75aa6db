"""Forms of the person exposed's voice on the agenda case page: whether her wishes were
heard, and her wishes as recorded at the conference. Validation only."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from samvern.accounts.models import Organisation
from samvern.cases.forms import restyle
from samvern.cases.models import Person
from samvern.core import limits
from samvern.core.forms import StyledForm
from samvern.voice.forms import WishesForm

FormData = Mapping[str, object] | None


class WishesHeardForm(StyledForm):
    heard = forms.ChoiceField(
        label=_("Were her wishes heard?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        help_text=_("Were her own wishes put to the meeting, by her advocate or otherwise?"),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConferenceWishesForm(WishesForm):
    """Her wishes as heard at the meeting, for one of the case's persons exposed."""

    def __init__(
        self,
        data: FormData = None,
        *,
        persons: Sequence[Person],
        organisations: Sequence[Organisation],
    ) -> None:
        super().__init__(data, organisations=organisations)
        self._persons = {str(p.pk): p for p in persons}
        self.fields = {
            "person": forms.ChoiceField(
                label=_("Person exposed"),
                choices=[(key, p.full_name) for key, p in self._persons.items()],
            ),
            **self.fields,
        }
        self.fields["person"].widget.attrs["class"] = "ds-input"
        restyle(self)

    def person(self) -> Person:
        return self._persons[self.cleaned_data["person"]]
