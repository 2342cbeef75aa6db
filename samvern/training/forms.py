"""Forms of the training pages; rules across rows live in the services."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samvern.accounts.models import Organisation
from samvern.core.forms import NorwegianDecimalField, NorwegianIntegerField
from samvern.partnerships.forms import DateInput, PartnershipForm
from samvern.training.catalogue import topic_choices
from samvern.training.models import StaffMember, TargetRole


class TopicField(forms.ChoiceField):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(choices=topic_choices, label=_("Topic"), **kwargs)  # type: ignore[arg-type]


class EventForm(PartnershipForm):
    topic_key = TopicField()
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    hours = NorwegianDecimalField(label=_("Hours"), min_value=0, max_digits=5, decimal_places=1)
    audience = forms.CharField(label=_("Audience"), required=False, max_length=300)
    trainer = forms.CharField(label=_("Trainer"), required=False, max_length=200)
    organiser = forms.ModelChoiceField(
        label=_("Organiser"), required=False, queryset=Organisation.objects.none()
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea
    )

    def __init__(
        self,
        data: Mapping[str, object] | None = None,
        *,
        organisations: QuerySet[Organisation],
        initial: dict[str, object] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["organiser"].queryset = organisations  # type: ignore[attr-defined]


class StaffChoiceField(forms.ModelChoiceField[StaffMember]):
    def label_from_instance(self, obj: StaffMember) -> str:
        role = f", {obj.role.name}" if obj.role else ""
        return f"{obj.name} ({obj.organisation.name}{role})"


class ParticipantForm(PartnershipForm):
    person = StaffChoiceField(label=_("Participant"), queryset=StaffMember.objects.none())

    def __init__(
        self, data: Mapping[str, object] | None = None, *, staff: QuerySet[StaffMember]
    ) -> None:
        super().__init__(data)
        self.fields["person"].queryset = staff  # type: ignore[attr-defined]


class RoleForm(PartnershipForm):
    name = forms.CharField(label=_("Role"), max_length=120)
    staff_count = NorwegianIntegerField(
        label=_("Staff in the role"),
        required=False,
        min_value=0,
        help_text=_("Leave empty to count the staff registered in the role."),
    )
    required_topics = forms.MultipleChoiceField(
        label=_("Required training"),
        choices=topic_choices,
        widget=forms.CheckboxSelectMultiple,
    )


class StaffForm(PartnershipForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ModelChoiceField(
        label=_("Role"), required=False, queryset=TargetRole.objects.none()
    )

    def __init__(
        self, data: Mapping[str, object] | None = None, *, roles: QuerySet[TargetRole]
    ) -> None:
        super().__init__(data, prefix="staff")
        self.fields["role"].queryset = roles  # type: ignore[attr-defined]


class RecordForm(PartnershipForm):
    person = StaffChoiceField(label=_("Staff member"), queryset=StaffMember.objects.none())
    topic_key = TopicField()
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    refresh_due = forms.DateField(
        label=_("Refresh due"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to use the catalogue's refresh interval."),
    )

    def __init__(
        self, data: Mapping[str, object] | None = None, *, staff: QuerySet[StaffMember]
    ) -> None:
        super().__init__(data, prefix="record")
        self.fields["person"].queryset = staff  # type: ignore[attr-defined]


class PlanForm(PartnershipForm):
    goals = forms.CharField(
        label=_("Goals"), required=False, max_length=5000, widget=forms.Textarea
    )


class PlannedCourseForm(PartnershipForm):
    topic_key = TopicField()
    audience = forms.CharField(label=_("Audience"), required=False, max_length=300)
    sessions = NorwegianIntegerField(label=_("Sessions"), min_value=1, initial=1)
    participants = NorwegianIntegerField(
        label=_("Planned participants"), required=False, min_value=0
    )

    def __init__(self, data: Mapping[str, object] | None = None) -> None:
        super().__init__(data, prefix="course")
