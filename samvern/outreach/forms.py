"""Validation of what people type in the outreach queue; no rules about who may do what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samvern.accounts.models import Organisation
from samvern.cases import identity
from samvern.core.forms import NorwegianIntegerField, StyledForm
from samvern.directory.models import Service
from samvern.outreach.models import AttemptResult, IncidentType, NoticeBasis, PersonKind
from samvern.outreach.services import AttemptData, NoticeData, NoticePersonData, SettingsData
from samvern.partnerships.models import Partnership

FormData = Mapping[str, object] | None
# How many persons the registration page offers (rows left empty are ignored).
PERSON_ROWS = 4


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class SettingsForm(StyledForm):
    deadline_hours = NorwegianIntegerField(
        label=_("Deadline for first contact (hours)"),
        min_value=1,
        max_value=720,
        help_text=_("Counted from when the police register the notice, for example 48."),
    )
    working_days_only = forms.BooleanField(
        label=_("Count working days only (Saturdays and Sundays do not count)"), required=False
    )
    attempts_before_not_reached = NorwegianIntegerField(
        label=_("Attempts before a person counts as not reached"), min_value=1, max_value=20
    )
    exposed_adult = forms.ModelMultipleChoiceField(
        label=_("Support services for adults exposed to violence"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    child = forms.ModelMultipleChoiceField(
        label=_("Support services for children"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    using_violence = forms.ModelMultipleChoiceField(
        label=_("Support services for persons using violence"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        members: QuerySet[Organisation],
        initial: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        for kind in PersonKind.values:
            self.fields[kind].queryset = members  # type: ignore[attr-defined]

    def settings_data(self) -> SettingsData:
        data = self.cleaned_data
        return SettingsData(
            deadline_hours=data["deadline_hours"],
            working_days_only=bool(data.get("working_days_only")),
            attempts_before_not_reached=data["attempts_before_not_reached"],
            designations={kind: list(data.get(kind) or []) for kind in PersonKind.values},
        )


class PersonRowForm(StyledForm):
    """One person of a notice; a row left empty is ignored."""

    kind = forms.ChoiceField(
        label=_("Role"), choices=[("", "—"), *PersonKind.choices], required=False
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DateInput)
    birth_year = NorwegianIntegerField(
        label=_("Birth year (if the date is not known)"),
        required=False,
        min_value=1900,
        max_value=2100,
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    identity_number = forms.CharField(
        label=_("National identity number"),
        max_length=20,
        required=False,
        help_text=_("Optional. Stored encrypted; used to see whether a case already follows them."),
    )

    @property
    def is_empty(self) -> bool:
        data = self.cleaned_data
        return not any(data.get(name) for name in self.fields)

    def clean_identity_number(self) -> str:
        value = str(self.cleaned_data.get("identity_number") or "")
        return identity.validate_nin(value) if value.strip() else ""

    def clean_birth_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise ValidationError(_("The birth date cannot be in the future."))
        return value

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if any(data.get(name) for name in self.fields):
            if not data.get("kind"):
                self.add_error("kind", _("Choose the person's role."))
            for name in ("first_name", "last_name"):
                if not str(data.get(name) or "").strip():
                    self.add_error(name, _("This field is required."))
        return data

    def person_data(self) -> NoticePersonData:
        data = self.cleaned_data
        return NoticePersonData(
            kind=data["kind"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data.get("birth_date"),
            birth_year=data.get("birth_year"),
            phone=data.get("phone") or "",
            identity_number=data.get("identity_number") or "",
        )


class NoticeForm(StyledForm):
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), queryset=Partnership.objects.none()
    )
    occurred_on = forms.DateField(label=_("Date of the incident"), widget=DateInput)
    occurred_time = forms.TimeField(label=_("Time of the incident"), widget=TimeInput)
    incident_type = forms.ChoiceField(label=_("Type of incident"), choices=IncidentType.choices)
    summary = forms.CharField(
        label=_("Short description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what the support service needs to make contact safely."),
    )
    children_present = forms.BooleanField(label=_("Children were present"), required=False)
    legal_basis = forms.ChoiceField(
        label=_("Consent or legal basis"),
        choices=[
            (NoticeBasis.CONSENT, _("The person consented to be contacted")),
            *((v, label) for v, label in NoticeBasis.choices if v != NoticeBasis.CONSENT),
        ],
        widget=forms.RadioSelect,
        help_text=_("Without consent, the notice is passed on only on a legal basis."),
    )
    statutory_basis = forms.CharField(
        label=_("Name of the statutory basis"),
        required=False,
        max_length=200,
        help_text=_("Needed for “other statutory basis”."),
    )

    def __init__(
        self, data: FormData = None, *, partnerships: QuerySet[Partnership], now: dt.datetime
    ) -> None:
        local = timezone.localtime(now)
        super().__init__(
            data,
            initial={"occurred_on": local.date(), "occurred_time": local.time().replace(second=0)},
        )
        self.now = now
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        if partnerships.count() == 1:
            self.fields["partnership"].initial = partnerships.first()
        self.person_forms = [
            PersonRowForm(data, prefix=f"person{index}") for index in range(PERSON_ROWS)
        ]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        day, time = data.get("occurred_on"), data.get("occurred_time")
        if isinstance(day, dt.date) and isinstance(time, dt.time):
            moment = timezone.make_aware(dt.datetime.combine(day, time))
            if moment > self.now:
                self.add_error("occurred_on", _("The incident cannot be in the future."))
            data["occurred_at"] = moment
        if (
            data.get("legal_basis") == NoticeBasis.OTHER_STATUTORY
            and not str(data.get("statutory_basis") or "").strip()
        ):
            self.add_error("statutory_basis", _("Name the statutory basis."))
        return data

    def is_valid(self) -> bool:
        valid = super().is_valid()
        persons_valid = all(form.is_valid() for form in self.person_forms)
        if valid and persons_valid and not self.persons():
            self.add_error(None, _("Add at least one person."))
            return False
        return valid and persons_valid

    def persons(self) -> tuple[NoticePersonData, ...]:
        return tuple(form.person_data() for form in self.person_forms if not form.is_empty)

    def notice_data(self) -> NoticeData:
        data = self.cleaned_data
        return NoticeData(
            partnership=data["partnership"],
            occurred_at=data["occurred_at"],
            incident_type=data["incident_type"],
            summary=data.get("summary") or "",
            children_present=bool(data.get("children_present")),
            legal_basis=data["legal_basis"],
            statutory_basis=data.get("statutory_basis") or "",
            persons=self.persons(),
        )


class AttemptForm(StyledForm):
    result = forms.ChoiceField(
        label=_("Result"), choices=AttemptResult.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note (seen only by your service)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    referred_to_service = forms.ModelChoiceField(
        label=_("Referred on to (from the service directory)"),
        queryset=Service.objects.none(),
        required=False,
    )
    referred_to_organisation = forms.ModelChoiceField(
        label=_("or an organisation in Samvern"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    referred_to_name = forms.CharField(
        label=_("or the name of the service"), max_length=200, required=False
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        services: QuerySet[Service],
        organisations: QuerySet[Organisation],
    ) -> None:
        super().__init__(data)
        self.fields["referred_to_service"].queryset = services  # type: ignore[attr-defined]
        self.fields["referred_to_organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("result") == AttemptResult.REFERRED_ON and not (
            data.get("referred_to_service")
            or data.get("referred_to_organisation")
            or str(data.get("referred_to_name") or "").strip()
        ):
            self.add_error(
                "referred_to_service", _("Say which service the person was referred on to.")
            )
        return data

    def attempt_data(self) -> AttemptData:
        data = self.cleaned_data
        return AttemptData(
            result=data["result"],
            note=data.get("note") or "",
            referred_to_service=data.get("referred_to_service"),
            referred_to_organisation=data.get("referred_to_organisation"),
            referred_to_name=data.get("referred_to_name") or "",
        )


class ReferForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for referral"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened and why a multi-agency response is needed. Keep it short."),
    )

    def __init__(self, data: FormData = None, *, reason: str) -> None:
        super().__init__(data, initial={"reason": reason})
