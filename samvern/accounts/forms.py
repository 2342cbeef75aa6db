"""Validation for sign-in, second factor, account and membership forms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth import forms as auth_forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samvern.accounts.models import ApiTokenScope, Organisation, Role, User
from samvern.core.forms import StyledForm, StyledFormMixin, StyledModelForm


class LoginForm(StyledFormMixin, auth_forms.AuthenticationForm):
    """Django's form (which passes the request to authenticate(), as the lock-out needs),
    with the wording and autocomplete hints of this product."""

    error_messages = {
        "invalid_login": _(
            "The user name or password is wrong. Both are case-sensitive. After several "
            "failed attempts, logins are blocked for a while."
        ),
        "inactive": _("This account is deactivated."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        self.fields["password"].label = _("Password")
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class OneTimeCodeForm(StyledForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits shown in your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
                "size": "12",
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code:
            raise forms.ValidationError(_("Enter the code."), code="required")
        return code


class EnrolmentCodeForm(OneTimeCodeForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("The six digits your authenticator app shows now.")
        self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def clean_code(self) -> str:
        code = super().clean_code()
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("The code has six digits."), code="format")
        return code


class ProfileForm(StyledModelForm[User]):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone", "preferred_language"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }
        help_texts = {
            "preferred_language": _("The language of e-mails Samvern sends you."),
        }


class OrganisationSwitchForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Acting for"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(
        self, data: Mapping[str, object] | None = None, *, organisations: QuerySet[Organisation]
    ) -> None:
        super().__init__(data)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class ApiTokenForm(StyledForm):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        required=False,
        help_text=_("What the token is for, e.g. the program that uses it."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    scope = forms.ChoiceField(
        label=_("What the token may reach"),
        choices=[
            (ApiTokenScope.GENERAL, _("General: everything except case data")),
            (
                ApiTokenScope.CASE_DATA,
                _("Case data: also cases, conferences, action points, checklists and plans"),
            ),
        ],
        initial=ApiTokenScope.GENERAL,
        widget=forms.RadioSelect,
        help_text=_(
            "A token for case data lets the program read and write case data with your "
            "access, for the organisation you act for now only. Everything it does is "
            "recorded in your name. It works for %(hours)s hours and stops working at once "
            "when your role or membership changes. Give it only to a system your "
            "organisation has approved for case data."
        ),
    )

    def __init__(
        self, *args: object, case_scope: bool = False, hours: int = 12, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        if case_scope:
            field = self.fields["scope"]
            field.help_text = field.help_text % {"hours": hours}
        else:
            # Without a case role in the acting organisation there is nothing to choose.
            del self.fields["scope"]

    def chosen_scope(self) -> str:
        return str(self.cleaned_data.get("scope") or ApiTokenScope.GENERAL)


class MemberAddForm(StyledForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "If the person has no account yet, they get one and an e-mail with a link to "
            "choose a password."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        help_text=_("Only used when a new account is created."),
    )
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


class MembershipForm(StyledForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    ends_on = forms.DateField(
        label=_("Access ends on"),
        required=False,
        help_text=_(
            "From this day on the person no longer has this role, for example the day after "
            "their last working day. Leave empty for no end date."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(StyledFormMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")


if TYPE_CHECKING:
    _SetPasswordForm = auth_forms.SetPasswordForm[User]
else:  # Django's form is not subscriptable at run time.
    _SetPasswordForm = auth_forms.SetPasswordForm


class SetPasswordForm(StyledFormMixin, _SetPasswordForm):
    pass
