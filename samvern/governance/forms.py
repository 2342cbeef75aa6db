"""Forms of the governance pages: validation only; the rules are in the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samvern.accounts.models import Organisation, User
from samvern.core import limits
from samvern.core.forms import NorwegianDecimalField, NorwegianIntegerField, StyledForm
from samvern.governance.models import (
    AgendaItem,
    AttendanceStatus,
    BodyKind,
    BodyMember,
    CommitmentStatus,
    Decision,
    Recurrence,
)
from samvern.places.models import Municipality

FormData = Mapping[str, object] | None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


def _text(
    label: object, limit: int = limits.COMMENT, *, required: bool = False, rows: int = 3
) -> forms.CharField:
    return forms.CharField(
        label=label,  # type: ignore[arg-type]
        required=required,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ProfileForm(StyledForm):
    purpose = _text(_("Purpose"), limits.LONG_TEXT, rows=4)
    target_groups = _text(_("Priority target groups"))
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Area covered (municipalities)"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    police_district = forms.CharField(label=_("Police district"), max_length=200, required=False)
    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=Organisation.objects.none(), required=False
    )
    secretariat = forms.ModelChoiceField(
        label=_("Secretariat"), queryset=Organisation.objects.none(), required=False
    )
    secretariat_contact = forms.ModelChoiceField(
        label=_("Coordinator / secretary"), queryset=User.objects.none(), required=False
    )
    legal_basis = _text(_("Legal basis"))
    policy_basis = _text(_("Policy basis"))
    started_on = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    is_public = forms.BooleanField(label=_("Publish a public summary page"), required=False)
    public_bodies = forms.BooleanField(
        label=_("Show the bodies on the public page"), required=False
    )
    public_funding = forms.BooleanField(
        label=_("Show the funding on the public page"), required=False
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        organisations: QuerySet[Organisation],
        people: QuerySet[User],
        municipalities: QuerySet[Municipality],
        initial: dict[str, object] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["lead_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["secretariat"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["secretariat_contact"].queryset = people  # type: ignore[attr-defined]
        self.fields["municipalities"].queryset = municipalities  # type: ignore[attr-defined]


class FundingForm(StyledForm):
    source = forms.CharField(label=_("Source"), max_length=200)
    year = NorwegianIntegerField(label=_("Year"), min_value=1990, max_value=2100)
    amount = NorwegianDecimalField(
        label=_("Amount (NOK)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("For example 1 200 000."),
    )
    note = forms.CharField(
        label=pgettext_lazy("governance", "Note"), max_length=300, required=False
    )


class BodyForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    short_code = forms.CharField(
        label=_("Short code"),
        max_length=12,
        help_text=_("Begins its decision numbers, for example SG for SG 2027/04."),
    )
    mandate = _text(_("Mandate"), limits.LONG_TEXT, rows=4)
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=User.objects.none(), required=False)
    secretary = forms.ModelChoiceField(
        label=_("Secretary"), queryset=User.objects.none(), required=False
    )
    started_on = forms.DateField(label=_("Set up on"), widget=DateInput())
    is_temporary = forms.BooleanField(label=_("Temporary (has an end date)"), required=False)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())

    def __init__(
        self,
        data: FormData = None,
        *,
        people: QuerySet[User],
        initial: dict[str, object] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["chair"].queryset = people  # type: ignore[attr-defined]
        self.fields["secretary"].queryset = people  # type: ignore[attr-defined]


class BodyMemberForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=pgettext_lazy("governance", "Organisation"), queryset=Organisation.objects.none()
    )
    joined_on = forms.DateField(label=_("Member from"), widget=DateInput())
    advisory = forms.BooleanField(
        label=_("Advisory member (may propose, not vote)"), required=False
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        organisations: QuerySet[Organisation],
        initial: dict[str, object] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class RepresentativeForm(StyledForm):
    member = forms.ModelChoiceField(
        label=pgettext_lazy("governance", "Organisation"), queryset=BodyMember.objects.none()
    )
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    is_deputy = forms.BooleanField(label=pgettext_lazy("governance", "Deputy"), required=False)

    def __init__(
        self, data: FormData = None, *, members: QuerySet[BodyMember], people: QuerySet[User]
    ) -> None:
        super().__init__(data)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        self.fields["member"].label_from_instance = lambda m: m.organisation.name  # type: ignore[attr-defined]
        self.fields["user"].queryset = people  # type: ignore[attr-defined]


class RequiredRoleForm(StyledForm):
    name = forms.CharField(
        label=_("Role"), max_length=120, help_text=_("For example housing or health service.")
    )
    filled_by = forms.ModelChoiceField(
        label=_("Covered by"), queryset=BodyMember.objects.none(), required=False
    )

    def __init__(self, data: FormData = None, *, members: QuerySet[BodyMember]) -> None:
        super().__init__(data)
        self.fields["filled_by"].queryset = members  # type: ignore[attr-defined]
        self.fields["filled_by"].label_from_instance = lambda m: m.organisation.name  # type: ignore[attr-defined]


class MeetingForm(StyledForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Starts at"), widget=TimeInput(), initial=dt.time(9, 0))
    duration_minutes = NorwegianIntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=600, initial=120
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)


class SeriesForm(MeetingForm):
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=Recurrence.choices)
    interval = NorwegianIntegerField(
        label=_("Every how many weeks"), min_value=1, max_value=8, initial=1, required=False
    )
    until = forms.DateField(label=_("Last possible date"), widget=DateInput())
    field_order = [
        "recurrence",
        "interval",
        "date",
        "until",
        "starts_at",
        "duration_minutes",
        "location",
    ]

    def __init__(self, data: FormData = None) -> None:
        super().__init__(data)
        self.fields["date"].label = _("First meeting")


# The meeting page shows the item, attendance, decision and commitment forms together: each
# has its own prefix, so that their fields (organisation, description, item) get ids of
# their own and each label points at its own field.
class ItemForm(StyledForm):
    prefix = "item"
    title = forms.CharField(label=_("Title"), max_length=200)
    description = _text(_("Description"), rows=2)


class MinutesForm(StyledForm):
    minutes = _text(_("Minutes"), limits.LONG_TEXT, rows=5)


class PaperForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, PNG, JPEG, plain text or Word (DOCX).")
    )


class AttendanceForm(StyledForm):
    prefix = "attendance"
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("For organisation"), queryset=Organisation.objects.none()
    )
    status = forms.ChoiceField(label=_("Attendance"), choices=AttendanceStatus.choices)
    substitute_for = forms.CharField(
        label=pgettext_lazy("governance", "Substitute for"),
        max_length=200,
        required=False,
        help_text=_("Only for a substitute."),
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        people: QuerySet[User],
        organisations: QuerySet[Organisation],
    ) -> None:
        super().__init__(data)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class DecisionForm(StyledForm):
    prefix = "decision"
    text = _text(_("Decision"), required=True)
    item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(self, data: FormData = None, *, items: QuerySet[AgendaItem]) -> None:
        super().__init__(data)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]


class CommitmentForm(StyledForm):
    prefix = "commitment"
    organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.none()
    )
    owner = forms.ModelChoiceField(
        label=_("Responsible person"), queryset=User.objects.none(), required=False
    )
    description = _text(pgettext_lazy("governance", "Commitment"), required=True)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    decision = forms.ModelChoiceField(
        label=_("Decision"), queryset=Decision.objects.none(), required=False
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        organisations: QuerySet[Organisation],
        people: QuerySet[User],
        items: QuerySet[AgendaItem],
        decisions: QuerySet[Decision],
    ) -> None:
        super().__init__(data)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["item"].queryset = items  # type: ignore[attr-defined]
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]
        self.fields["decision"].label_from_instance = lambda d: d.reference  # type: ignore[attr-defined]


class StatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    note = _text(_("Reason or note"), rows=2)
    field_order = ["status", "note"]

    def __init__(
        self,
        data: FormData = None,
        *,
        prefix: str | None = None,
        initial: dict[str, object] | None = None,
    ) -> None:
        super().__init__(data, prefix=prefix, initial=initial)
        self.fields["note"].help_text = _("Required for not done and not possible.")
