"""Forms for measures, release dates and reassessment dates. Dates in the browser's date
field; the rules that need the database are the services' (`attach_service_error`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from samvern.accounts.models import Organisation
from samvern.cases.forms import DateInput, restyle
from samvern.core.forms import StyledForm
from samvern.protection.models import (
    TYPES_BY_KIND,
    MeasureKind,
    MeasureType,
    ProtectiveMeasure,
    ReleaseSource,
)
from samvern.protection.selectors import MeasureFilter
from samvern.protection.services import MeasureData, ReleaseData

FormData = Mapping[str, object] | None


def _organisation_field(label: StrOrPromise) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=())


class MeasureForm(StyledForm):
    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    measure_type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Not applicable")), *MeasureType.choices],
        help_text=_(
            "For a restraining order: the kind of order. For a blocked address: the level "
            "of protection requested or granted."
        ),
    )
    starts_on = forms.DateField(
        label=_("From"),
        widget=DateInput,
        help_text=_("Issued, in force from, or moved in."),
    )
    ends_on = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput,
        help_text=_("The planned end: the order's end date, the agreed end of the stay."),
    )
    responsible = _organisation_field(_("Responsible organisation"))
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the order forbids, the area it covers, the reverse alarm's zone."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        organisations: Sequence[Organisation],
        measure: ProtectiveMeasure | None = None,
        initial: Mapping[str, object] | None = None,
    ) -> None:
        if measure is not None:
            initial = {
                "kind": measure.kind,
                "measure_type": measure.measure_type,
                "starts_on": measure.starts_on,
                "ends_on": measure.ends_on,
                "responsible": str(measure.responsible_id),
                "conditions": measure.conditions,
                "note": measure.note,
            }
        super().__init__(data, initial=initial)
        self._organisations = {str(org.pk): org for org in organisations}
        if measure is not None and str(measure.responsible_id) not in self._organisations:
            self._organisations[str(measure.responsible_id)] = measure.responsible
        self.fields["responsible"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose…")),
            *((pk, org.name) for pk, org in self._organisations.items()),
        ]
        if measure is not None:
            # The kind is what the measure is; a different one is a new measure.
            self.fields["kind"].disabled = True
            types = TYPES_BY_KIND.get(measure.kind, ())
            labels = dict(MeasureType.choices)
            self.fields["measure_type"].choices = (  # type: ignore[attr-defined]
                [(t, labels[t]) for t in types] if types else [("", _("Not applicable"))]
            )
        restyle(self)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        kind_types = TYPES_BY_KIND.get(str(kind), ())
        if kind_types and not cleaned.get("measure_type"):
            self.add_error("measure_type", _("Choose the type of this measure."))
        return cleaned

    def data_for_service(self) -> MeasureData:
        data = self.cleaned_data
        return MeasureData(
            kind=data["kind"],
            measure_type=data["measure_type"] or "",
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            responsible=self._organisations[data["responsible"]],
            conditions=data["conditions"],
            note=data["note"],
        )


class EndMeasureForm(StyledForm):
    ended_on = forms.DateField(
        label=_("Ended on"),
        widget=DateInput,
        help_text=_("The alarm returned, the order lifted or expired, the stay ended."),
    )
    reason = forms.CharField(
        label=_("Why it ended"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReleaseForm(StyledForm):
    release_on = forms.DateField(label=_("Expected release date"), widget=DateInput)
    source = forms.ChoiceField(label=_("Source"), choices=ReleaseSource.choices)
    responsible = _organisation_field(_("Responsible organisation"))
    informed_on = forms.DateField(
        label=_("Person exposed informed on"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty until the person exposed has been told of the release."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        organisations: Sequence[Organisation],
        initial: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self._organisations = {str(org.pk): org for org in organisations}
        self.fields["responsible"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose…")),
            *((pk, org.name) for pk, org in self._organisations.items()),
        ]
        restyle(self)

    def data_for_service(self) -> ReleaseData:
        data = self.cleaned_data
        return ReleaseData(
            release_on=data["release_on"],
            source=data["source"],
            responsible=self._organisations[data["responsible"]],
            informed_on=data["informed_on"],
            note=data["note"],
        )


class ReassessmentDateForm(StyledForm):
    due_on = forms.DateField(label=_("Reassess by"), widget=DateInput)


class MeasureFilterForm(StyledForm):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (MeasureFilter.CURRENT.value, _("In force and recently ended")),
            (MeasureFilter.ENDING_SOON.value, _("Ending within 14 days")),
            (MeasureFilter.ACTIVE.value, _("In force")),
            (MeasureFilter.RECENTLY_ENDED.value, _("Ended in the last 30 days")),
            (MeasureFilter.ENDED.value, _("Ended")),
            (MeasureFilter.ALL.value, _("All")),
        ],
    )

    def which(self) -> MeasureFilter:
        if self.is_valid() and self.cleaned_data.get("show"):
            return MeasureFilter(self.cleaned_data["show"])
        return MeasureFilter.CURRENT


def initial_dates(day: dt.date) -> dict[str, object]:
    return {"starts_on": day}
