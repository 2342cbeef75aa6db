"""The audit search form: validates what a data protection officer asks for and turns it
into AuditFilters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samvern.audit.selectors import AuditFilters
from samvern.core.forms import StyledForm

ALL = ""


class AuditSearchForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    actor = forms.CharField(
        label=_("User name"),
        required=False,
        max_length=150,
        help_text=_("The user name of the person who acted, exactly; or “system”."),
    )
    action_prefix = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=100,
        help_text=_("The start of an action code, for example “accounts.” or “cases.case.viewed”."),
        validators=[
            RegexValidator(
                r"^[a-z0-9_.]*$",
                _("Action codes contain only lower-case letters, digits, dots and underscores."),
            )
        ],
    )
    target_type = forms.CharField(
        label=_("Target type"),
        required=False,
        max_length=100,
        help_text=_("For example “accounts.membership”."),
    )
    target_id = forms.CharField(label=_("Target id"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To date"),
        required=False,
        help_text=_("Inclusive."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(organisation.pk), organisation.name) for organisation in organisations]
        if len(choices) > 1:
            choices.insert(0, (ALL, _("All my organisations")))
        self.fields["organisation"].choices = choices  # type: ignore[attr-defined]
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The to date cannot be before the from date."))
        return cleaned

    def filters(self) -> AuditFilters:
        data = self.cleaned_data

        def start_of(day: dt.date | None) -> dt.datetime | None:
            if day is None:
                return None
            return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

        date_to = data.get("date_to")
        return AuditFilters(
            organisation_ids=[data["organisation"]] if data.get("organisation") else [],
            actor=data.get("actor", "").strip(),
            action_prefix=data.get("action_prefix", "").strip(),
            target_type=data.get("target_type", "").strip(),
            target_id=data.get("target_id", "").strip(),
            since=start_of(data.get("date_from")),
            until=start_of(date_to + dt.timedelta(days=1)) if date_to else None,
        )
