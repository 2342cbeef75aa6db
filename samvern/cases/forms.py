"""Validation of what users type in the case layer; no rules about who may do what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samvern.accounts.models import Organisation
from samvern.cases import identity
from samvern.cases.models import (
    CaseState,
    CloseOutcome,
    Consent,
    Gender,
    LegalBasis,
    PersonRole,
    ReferralSource,
    ReferralUrgency,
    ShareScope,
)
from samvern.cases.services import (
    ADDRESS_FIELDS,
    PERSON_FACTS,
    PersonChanges,
    PersonData,
    ShareData,
)
from samvern.core import limits
from samvern.core.forms import NorwegianIntegerField, StyledForm, is_choice_group
from samvern.partnerships.models import Partnership

# What a form is bound to: the request's POST data, or nothing for an unbound form.
FormData = Mapping[str, object] | None


class DateInput(forms.DateInput):
    input_type = "date"


def restyle(form: forms.Form) -> None:
    """Re-validate after a form changed its fields (choices, querysets) in `__init__`.

    The shared form base reads `errors` while it dresses the widgets, which validates a
    bound form against the fields as they were *before* the subclass narrowed them. Drop
    that early result and set the error attributes again from the final fields."""
    form._errors = None  # type: ignore[attr-defined]
    for name, field in form.fields.items():
        attrs = field.widget.attrs
        attrs.pop("aria-invalid", None)
        describedby = [f"id_{form.add_prefix(name)}_help"] if field.help_text else []
        if form.is_bound and name in form.errors:
            attrs["aria-invalid"] = "true"
            describedby.append(f"id_{form.add_prefix(name)}_error")
        if is_choice_group(field.widget):
            describedby = []  # the group's fieldset carries them (core/forms/choice_group.html)
        if describedby:
            attrs["aria-describedby"] = " ".join(describedby)
        else:
            attrs.pop("aria-describedby", None)


class PersonFieldsMixin(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DateInput)
    birth_year = NorwegianIntegerField(
        label=_("Birth year (if the date is not known)"),
        required=False,
        min_value=1900,
        max_value=2100,
    )
    identity_number = forms.CharField(
        label=_("National identity number"),
        required=False,
        max_length=20,
        help_text=_("11 digits. Stored encrypted and shown masked. Leave empty if not known."),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    language = forms.CharField(label=_("Language"), required=False, max_length=60)
    needs_interpreter = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    safe_contact = forms.CharField(
        label=_("Safe-contact instructions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Safe times and ways to make contact, and what must never be said."),
    )
    no_case_content_in_messages = forms.BooleanField(
        label=_("No case content in text messages"), required=False, initial=True
    )
    protected_address = forms.BooleanField(
        label=_("Protected address (masked for everyone)"), required=False
    )
    street_address = forms.CharField(label=_("Street address"), required=False, max_length=200)
    postal_code = forms.RegexField(
        label=_("Postal code"),
        required=False,
        regex=r"^\d{4}$",
        error_messages={"invalid": _("A postal code has four digits.")},
    )
    postal_place = forms.CharField(label=_("Postal place"), required=False, max_length=100)

    def clean_identity_number(self) -> str:
        value = self.cleaned_data.get("identity_number", "")
        return identity.validate_nin(value) if value.strip() else ""

    def clean_birth_date(self) -> dt.date | None:
        value = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise ValidationError(_("The birth date cannot be in the future."))
        return value

    def person_data(self, role: str, role_uncertain: bool = False) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            role=role,
            role_uncertain=role_uncertain,
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data.get("birth_date"),
            birth_year=data.get("birth_year"),
            gender=data.get("gender") or Gender.UNKNOWN,
            language=data.get("language", ""),
            needs_interpreter=bool(data.get("needs_interpreter")),
            phone=data.get("phone", ""),
            safe_contact=data.get("safe_contact", ""),
            no_case_content_in_messages=bool(data.get("no_case_content_in_messages")),
            protected_address=bool(data.get("protected_address")),
            street_address=data.get("street_address", ""),
            postal_code=data.get("postal_code", ""),
            postal_place=data.get("postal_place", ""),
            identity_number=data.get("identity_number", ""),
        )


class ReferralForm(PersonFieldsMixin, StyledForm):
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), queryset=Partnership.objects.none()
    )
    source = forms.ChoiceField(label=_("Source"), choices=ReferralSource.choices)
    referred_on = forms.DateField(label=_("Referral date"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reason for referral"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened and why a multi-agency response is needed. Keep it short."),
    )
    field_order = ["partnership", "source", "referred_on", "reason"]

    def __init__(self, data: FormData = None, *, partnerships: QuerySet[Partnership]) -> None:
        super().__init__(data, initial={"referred_on": timezone.localdate()})
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        self.fields["first_name"].label = _("First name of the person exposed")
        self.fields["last_name"].label = _("Last name of the person exposed")
        restyle(self)

    def clean_referred_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["referred_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The referral date cannot be in the future."))
        return value


class PersonForm(PersonFieldsMixin, StyledForm):
    role = forms.ChoiceField(label=_("Role in the case"), choices=PersonRole.choices)
    role_uncertain = forms.BooleanField(label=_("The role is uncertain"), required=False)
    field_order = ["role", "role_uncertain"]


class PersonEditForm(PersonFieldsMixin, StyledForm):
    """Change a person's facts. The identity number and role are not edited here. A
    protected address is not shown, so its fields are left out and the stored address
    stays as it is."""

    email = forms.EmailField(label=_("E-mail"), required=False)
    field_order = list(PERSON_FACTS)

    def __init__(
        self,
        data: FormData = None,
        *,
        initial: Mapping[str, object] | None = None,
        address_hidden: bool,
    ) -> None:
        super().__init__(data, initial=initial)
        del self.fields["identity_number"]
        self.address_hidden = address_hidden
        if address_hidden:
            for name in ADDRESS_FIELDS:
                del self.fields[name]
            self.fields["protected_address"].help_text = _(
                "The address is protected and not shown here. Only someone who may reveal "
                "it can remove the protection."
            )

    def changes(self) -> PersonChanges:
        data = self.cleaned_data
        address = {
            name: (None if self.address_hidden else data.get(name, "")) for name in ADDRESS_FIELDS
        }
        return PersonChanges(
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data.get("birth_date"),
            birth_year=data.get("birth_year"),
            gender=data.get("gender") or Gender.UNKNOWN,
            language=data.get("language", ""),
            needs_interpreter=bool(data.get("needs_interpreter")),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            safe_contact=data.get("safe_contact", ""),
            no_case_content_in_messages=bool(data.get("no_case_content_in_messages")),
            protected_address=bool(data.get("protected_address")),
            **address,
        )


class TransitionForm(StyledForm):
    to_state = forms.ChoiceField(label=_("New state"), choices=())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.ChoiceField(
        label=_("Outcome (when closing)"),
        required=False,
        choices=[("", _("Not stated")), *CloseOutcome.choices],
        help_text=_(
            "The organisations that referred the case are told this category, not the note."
        ),
    )

    def __init__(self, data: FormData = None, *, allowed: list[str]) -> None:
        super().__init__(data)
        labels = dict(CaseState.choices)
        self.fields["to_state"].choices = [(s, labels[s]) for s in allowed]  # type: ignore[attr-defined]
        restyle(self)


class ParticipantForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=ReferralUrgency.choices,
        initial=ReferralUrgency.ROUTINE,
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason for the referral"),
        help_text=_(
            "Until it accepts, the organisation sees only the reason, the urgency and the "
            "contact rules: write no names here."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact_rules = forms.CharField(
        label=_("Contact rules"),
        required=False,
        help_text=_("How and when the person may be contacted, and what must not be said."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data: FormData = None, *, candidates: QuerySet[Organisation]) -> None:
        super().__init__(data)
        self.fields["organisation"].queryset = candidates  # type: ignore[attr-defined]
        restyle(self)


class ShareFieldsMixin(forms.Form):
    """How an item is shared beyond its author organisation, and on what legal basis."""

    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=[("author", _("Only my organisation")), *ShareScope.choices],
        initial="author",
        widget=forms.RadioSelect,
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Recipient organisations"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        required=False,
        choices=[("", "—"), *LegalBasis.choices],
    )
    statutory_basis = forms.CharField(
        label=_("Name of the statutory basis"), required=False, max_length=200
    )
    consent = forms.ModelChoiceField(
        label=_("Consent"), required=False, queryset=Consent.objects.none(), empty_label="—"
    )
    purpose = forms.CharField(
        label=_("Purpose of sharing"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput)

    def setup_share_fields(
        self, *, recipients: QuerySet[Organisation], consents: QuerySet[Consent]
    ) -> None:
        self.fields["recipients"].queryset = recipients  # type: ignore[attr-defined]
        self.fields["consent"].queryset = consents  # type: ignore[attr-defined]
        self.fields["consent"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: " · ".join(
                (c.person.full_name, date_format(c.given_on, "SHORT_DATE_FORMAT"), c.scope[:60])
            )
        )
        for name in ("visibility", "recipients"):
            self.fields[name].widget.attrs["class"] = "ds-input"
        restyle(self)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("visibility", "author") == "author":
            return data
        basis = data.get("legal_basis")
        if not basis:
            self.add_error("legal_basis", _("Choose the legal basis for sharing."))
        if not (data.get("purpose") or "").strip():
            self.add_error("purpose", _("State the purpose of sharing."))
        if data.get("visibility") == ShareScope.NAMED and not data.get("recipients"):
            self.add_error("recipients", _("Choose at least one recipient organisation."))
        if basis == LegalBasis.CONSENT and not data.get("consent"):
            self.add_error("consent", _("Choose the consent this sharing is based on."))
        if basis == LegalBasis.OTHER_STATUTORY and not (data.get("statutory_basis") or "").strip():
            self.add_error("statutory_basis", _("Name the statutory basis."))
        expires = data.get("expires_on")
        if expires and expires < timezone.localdate():
            self.add_error("expires_on", _("The expiry date has already passed."))
        return data

    def share_data(self) -> ShareData | None:
        data = self.cleaned_data
        if data.get("visibility", "author") == "author":
            return None
        basis = data["legal_basis"]
        return ShareData(
            scope=data["visibility"],
            legal_basis=basis,
            purpose=data.get("purpose", ""),
            recipients=list(data.get("recipients") or []),
            statutory_basis=data.get("statutory_basis", "") if basis == "other_statutory" else "",
            consent=data.get("consent") if basis == LegalBasis.CONSENT else None,
            expires_on=data.get("expires_on"),
        )


class NoteForm(StyledForm, ShareFieldsMixin):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=limits.LONG_TEXT, widget=forms.Textarea(attrs={"rows": 6})
    )
    field_order = ["title", "body"]


class DocumentForm(StyledForm, ShareFieldsMixin):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, PNG, JPEG, plain text or Word (DOCX).")
    )
    field_order = ["title", "file"]


class ShareForm(StyledForm, ShareFieldsMixin):
    def __init__(self, data: FormData = None, *, prefix: str | None = None) -> None:
        super().__init__(data, prefix=prefix)
        self.fields["visibility"].choices = ShareScope.choices  # type: ignore[attr-defined]
        self.fields["visibility"].initial = ShareScope.NAMED


class ConsentForm(StyledForm):
    scope = forms.CharField(
        label=_("What the consent covers"), widget=forms.Textarea(attrs={"rows": 3})
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput)

    def clean_given_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["given_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The consent date cannot be in the future."))
        return value


class ConfirmForm(StyledForm):
    confirm = forms.BooleanField(label=_("I confirm"), required=True)


class WithdrawConsentForm(ConfirmForm):
    """Withdrawing a consent another organisation recorded needs a reason."""

    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data: FormData = None, *, recorded_here: bool) -> None:
        super().__init__(data)
        reason = self.fields["reason"]
        if recorded_here:
            reason.help_text = _("Optional. The reason is recorded in the audit trail.")
        else:
            reason.required = True
            reason.help_text = _(
                "Another organisation recorded this consent. Say when and how the person "
                "withdrew it; the reason is recorded and shown to the data protection officer."
            )


class RevealForm(StyledForm):
    reason = forms.CharField(
        label=_("Why do you need to see the address?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Your reason is recorded and shown to the data protection officer."),
    )


class MatchForm(StyledForm):
    other = forms.UUIDField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("These records are the same person"), required=True)
