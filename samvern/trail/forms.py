"""The audit search form: validates what a data protection officer asks for and turns it
into AuditFilters."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict, Unpack

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samvern.accounts.models import Organisation
from samvern.audit.kinds import ActionKind
from samvern.core.forms import StyledForm
from samvern.trail.selectors import AuditFilters

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ALL = ""
# ISO first (what a browser's date picker and the API send), then Norwegian day.month.year.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
# The earliest and latest day anyone could mean; outside them the input is a typing error.
EARLIEST_DAY = dt.date(2000, 1, 1)
LATEST_DAY = dt.date(2999, 12, 31)


class _DateFieldOptions(TypedDict, total=False):
    label: StrOrPromise
    required: bool
    help_text: StrOrPromise
    widget: forms.Widget


class AuditDateField(forms.DateField):
    default_error_messages = {
        "invalid": _("Enter a date as day.month.year, for example 1.12.2026, or as 2026-12-01."),
    }

    def __init__(self, **kwargs: Unpack[_DateFieldOptions]) -> None:
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d.%m.%Y",
                attrs={"inputmode": "numeric", "autocomplete": "off", "size": "12"},
            ),
        )
        super().__init__(input_formats=DATE_INPUT_FORMATS, **kwargs)

    def to_python(self, value: str | dt.datetime | dt.date | None) -> dt.date | None:
        day = super().to_python(value.strip() if isinstance(value, str) else value)
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            raise forms.ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s."),
                code="out_of_range",
                params={"earliest": "1.1.2000", "latest": "31.12.2999"},
            )
        return day


class AuditSearchForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    actor = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=150,
        help_text=_("Name or user name of the person who acted; or “system”."),
    )
    action_kind = forms.ChoiceField(
        label=_("Kind of action"),
        required=False,
        choices=[(ALL, _("All kinds")), *ActionKind.choices],
    )
    case_reference = forms.CharField(
        label=_("Case reference"),
        required=False,
        max_length=20,
        help_text=_("For example S-2026-1A2B3C."),
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9-]*$",
                _("A case reference contains only letters, digits and hyphens."),
            )
        ],
    )
    date_from = AuditDateField(
        label=_("From date"), required=False, help_text=_("For example 1.12.2026.")
    )
    date_to = AuditDateField(label=_("To date"), required=False, help_text=_("Inclusive."))
    # For those who know the codes (and for the API): narrower than the kinds above.
    action_prefix = forms.CharField(
        label=_("Action code"),
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
        label=_("Object type"),
        required=False,
        max_length=100,
        help_text=_("For example “accounts.membership”."),
    )
    target_id = forms.CharField(label=_("Object id"), required=False, max_length=64)

    ADVANCED = ("action_prefix", "target_type", "target_id")

    def __init__(self, *args: object, organisations: list[Organisation], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, StrOrPromise]] = [
            (str(organisation.pk), organisation.name) for organisation in organisations
        ]
        if len(choices) > 1:
            choices.insert(0, (ALL, _("All my organisations")))
        self.fields["organisation"].choices = choices  # type: ignore[attr-defined]
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()

    def main_fields(self) -> list[forms.BoundField]:
        return [f for f in self.visible_fields() if f.name not in self.ADVANCED]

    def advanced_fields(self) -> list[forms.BoundField]:
        return [f for f in self.visible_fields() if f.name in self.ADVANCED]

    def advanced_in_use(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.ADVANCED)

    def clean(self) -> dict[str, object]:
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
            action_kind=data.get("action_kind", ""),
            case_reference=data.get("case_reference", "").strip().upper(),
            action_prefix=data.get("action_prefix", "").strip(),
            target_type=data.get("target_type", "").strip(),
            target_id=data.get("target_id", "").strip(),
            since=start_of(data.get("date_from")),
            until=start_of(date_to + dt.timedelta(days=1)) if date_to else None,
        )
