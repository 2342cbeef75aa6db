"""Forms of the service directory; cross-field rules live in the services."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samvern.accounts.models import Organisation
from samvern.core.forms import NorwegianIntegerField
from samvern.directory.models import Service, ServiceKind, TargetGroup
from samvern.directory.services import ServiceData
from samvern.partnerships.forms import DateInput, PartnershipForm
from samvern.places.models import Municipality
from samvern.plans.models import Measure


class MunicipalityChoiceField(forms.ModelChoiceField[Municipality]):
    """A municipality by its name: people look for Askøy, not 4627."""

    def label_from_instance(self, obj: Municipality) -> str:
        return obj.name


class MunicipalitiesField(forms.ModelMultipleChoiceField[Municipality]):
    def label_from_instance(self, obj: Municipality) -> str:
        return obj.name


class SearchForm(PartnershipForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    target_group = forms.ChoiceField(
        label=_("Who needs help"),
        required=False,
        choices=[("", _("Everyone")), *TargetGroup.choices],
    )
    municipality = MunicipalityChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("The whole area"),
    )
    kind = forms.ChoiceField(
        label=_("Kind of service"),
        required=False,
        choices=[("", _("All kinds")), *ServiceKind.choices],
    )

    def __init__(
        self, data: Mapping[str, object] | None = None, *, municipalities: QuerySet[Municipality]
    ) -> None:
        super().__init__(data)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]


class ServiceForm(PartnershipForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of service"), choices=ServiceKind.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        help_text=_("The member organisation that runs the service, if any."),
    )
    provider_name = forms.CharField(
        label=_("Provider"),
        required=False,
        max_length=200,
        help_text=_("Who runs the service, when it is not a member organisation."),
    )
    offers = forms.CharField(
        label=_("What it offers"), required=False, max_length=5000, widget=forms.Textarea
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        required=False,
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.CharField(label=_("Languages"), required=False, max_length=300)
    opening_hours = forms.CharField(label=_("Opening hours"), required=False, max_length=300)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    website = forms.URLField(
        label=_("Website"), required=False, max_length=400, assume_scheme="https"
    )
    appointment_needed = forms.BooleanField(label=_("Appointment needed"), required=False)
    municipalities = MunicipalitiesField(
        label=_("Municipalities served"),
        required=False,
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: the whole area of the partnership."),
    )
    capacity_label = forms.CharField(
        label=_("Capacity (what is counted)"),
        required=False,
        max_length=120,
        help_text=_("For example “free shelter places”."),
    )
    capacity_free = NorwegianIntegerField(
        label=_("Capacity available"), required=False, min_value=0
    )
    capacity_updated_on = forms.DateField(
        label=_("Capacity updated on"), required=False, widget=DateInput()
    )
    checked_on = forms.DateField(label=_("Checked on"), required=False, widget=DateInput())
    is_public = forms.BooleanField(label=_("Show on the public page"), required=False, initial=True)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(
        self,
        data: Mapping[str, object] | None = None,
        *,
        organisations: QuerySet[Organisation],
        municipalities: QuerySet[Municipality],
        instance: Service | None = None,
    ) -> None:
        initial: dict[str, object] | None = None
        if instance is not None:
            initial = {
                name: getattr(instance, name)
                for name in self.base_fields
                if name not in ("municipalities", "organisation")
            }
            initial["organisation"] = instance.organisation_id
            initial["municipalities"] = list(instance.municipalities.all())
        super().__init__(data, initial=initial)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["municipalities"].queryset = municipalities  # type: ignore[attr-defined]

    def service_data(self) -> ServiceData:
        data = self.cleaned_data
        return ServiceData(
            name=data["name"],
            kind=data["kind"],
            organisation=data["organisation"],
            provider_name=data["provider_name"].strip(),
            offers=data["offers"].strip(),
            target_groups=list(data["target_groups"]),
            languages=data["languages"].strip(),
            opening_hours=data["opening_hours"].strip(),
            phone=data["phone"].strip(),
            email=data["email"],
            address=data["address"].strip(),
            website=data["website"],
            appointment_needed=data["appointment_needed"],
            municipalities=list(data["municipalities"]),
            capacity_label=data["capacity_label"].strip(),
            capacity_free=data["capacity_free"],
            capacity_updated_on=data["capacity_updated_on"],
            checked_on=data["checked_on"],
            is_public=data["is_public"],
            is_active=data["is_active"],
        )


class CapacityForm(PartnershipForm):
    capacity_free = NorwegianIntegerField(
        label=_("Capacity available today"), required=False, min_value=0
    )


class PublishForm(PartnershipForm):
    public_page = forms.BooleanField(
        label=_("Publish the directory on a public page"),
        required=False,
        help_text=_("Only active entries marked for the public page are shown."),
    )


class MeasureChoiceField(forms.ModelChoiceField[Measure]):
    def label_from_instance(self, obj: Measure) -> str:
        return f"{obj.version.plan.title} · {obj.number}. {obj.title}"


class LinkMeasureForm(PartnershipForm):
    measure = MeasureChoiceField(
        label=_("Plan measure (help offer)"), queryset=Measure.objects.none()
    )

    def __init__(
        self, data: Mapping[str, object] | None = None, *, measures: QuerySet[Measure]
    ) -> None:
        super().__init__(data)
        self.fields["measure"].queryset = measures  # type: ignore[attr-defined]
