"""Validation for the partnership forms; the rules that span several rows live in the
services, which raise ValidationError that the views attach to the form."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.db.models import QuerySet
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samvern.accounts.models import Organisation, User, current_membership_q
from samvern.core import limits
from samvern.core.forms import StyledForm
from samvern.partnerships.models import AddressReveal, Partnership, PartnershipMember
from samvern.places.models import Municipality


class PartnershipForm(StyledForm):
    """StyledForm whose subclasses narrow querysets after `super().__init__()`.

    StyledFormMixin reads `self.errors` while initialising, which would validate the
    data against the fields as declared (empty querysets) and cache that result. Here
    validation waits until the caller asks, and the error attributes are added then."""

    _initialising = False

    def __init__(
        self,
        data: Mapping[str, object] | None = None,
        *,
        initial: dict[str, object] | None = None,
        prefix: str | None = None,
    ) -> None:
        self._initialising = True
        try:
            super().__init__(data, initial=initial, prefix=prefix)
        finally:
            self._initialising = False

    @property
    def errors(self) -> ErrorDict:
        if self._initialising:
            return ErrorDict()
        return super().errors

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            error_id = f"id_{self.add_prefix(name)}_error"
            described = attrs.get("aria-describedby", "").split()
            if error_id not in described:
                attrs["aria-describedby"] = " ".join([*described, error_id])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.get_username()
        return f"{name} ({obj.email})" if obj.email else name


def contact_candidates(organisation: Organisation) -> QuerySet[User]:
    """People who can be named as contact person or deputy for `organisation`."""
    return (
        User.objects.filter(
            current_membership_q(timezone.localdate(), "memberships__"),
            is_active=True,
            memberships__organisation=organisation,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _municipality_field() -> forms.ModelMultipleChoiceField[Municipality]:
    return forms.ModelMultipleChoiceField(
        label=_("Area (municipalities)"),
        queryset=Municipality.objects.filter(year=2024).order_by("name"),
        required=False,
        help_text=_("The municipalities the partnership works in. Hold Ctrl to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class PartnershipCreateForm(PartnershipForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Purpose"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the partnership is for and which cases it takes on."),
    )
    coordinator = forms.ModelChoiceField(
        label=_("Coordinating organisation"), queryset=Organisation.objects.none()
    )
    joined_on = forms.DateField(
        label=_("Start date"),
        widget=DateInput(),
        help_text=_("The coordinating organisation is a member from this date."),
    )

    def __init__(
        self,
        data: Mapping[str, object] | None = None,
        *,
        coordinators: QuerySet[Organisation],
        initial: dict[str, object] | None = None,
        prefix: str | None = None,
    ) -> None:
        initial = dict(initial or {})
        initial.setdefault("joined_on", timezone.localdate())
        super().__init__(data, initial=initial, prefix=prefix)
        self.fields["municipalities"] = _municipality_field()
        self.fields["coordinator"].queryset = coordinators  # type: ignore[attr-defined]
        if coordinators.count() == 1:
            self.fields["coordinator"].initial = coordinators.first()


class PartnershipUpdateForm(PartnershipForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    coordinator = forms.ModelChoiceField(
        label=_("Coordinating organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("Coordination can pass to any organisation that is a member today."),
    )
    is_active = forms.BooleanField(label=_("The partnership is active"), required=False)
    address_reveal = forms.ChoiceField(
        label=_("Who may reveal a protected address"),
        choices=AddressReveal.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Everyone else sees only that the address is protected. Each reveal is recorded "
            "with its reason."
        ),
    )

    def __init__(
        self,
        data: Mapping[str, object] | None = None,
        *,
        partnership: Partnership,
        initial: dict[str, object] | None = None,
        prefix: str | None = None,
    ) -> None:
        if initial is None:
            initial = {
                "name": partnership.name,
                "description": partnership.description,
                "coordinator": partnership.coordinator_id,
                "is_active": partnership.is_active,
                "address_reveal": partnership.address_reveal,
                "municipalities": list(partnership.municipalities.values_list("pk", flat=True)),
            }
        super().__init__(data, initial=initial, prefix=prefix)
        self.fields["municipalities"] = _municipality_field()
        # Only organisations that are members today, plus the current coordinator.
        today = timezone.localdate()
        member_ids = (
            PartnershipMember.objects.active_on(today)
            .filter(partnership=partnership)
            .values("organisation_id")
        )
        self.fields["coordinator"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=member_ids
        ) | Organisation.objects.filter(pk=partnership.coordinator_id)
        self.fields["is_active"].widget.attrs["class"] = "ds-input"


class AddMemberForm(PartnershipForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    joined_on = forms.DateField(label=_("Joins on"), widget=DateInput())

    def __init__(
        self,
        data: Mapping[str, object] | None = None,
        *,
        partnership: Partnership,
        initial: dict[str, object] | None = None,
        prefix: str | None = None,
    ) -> None:
        initial = dict(initial or {})
        initial.setdefault("joined_on", timezone.localdate())
        super().__init__(data, initial=initial, prefix=prefix)
        open_members = PartnershipMember.objects.filter(
            partnership=partnership, left_on__isnull=True
        ).values("organisation_id")
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(is_active=True)
            .exclude(pk__in=open_members)
            .order_by("name")
        )


class LeaveForm(PartnershipForm):
    left_on = forms.DateField(
        label=_("Leaves on"),
        widget=DateInput(),
        help_text=_(
            "From this date the organisation's people no longer see the partnership or take "
            "part in its cases. What happened before stays recorded."
        ),
    )

    def __init__(
        self,
        data: Mapping[str, object] | None = None,
        *,
        initial: dict[str, object] | None = None,
        prefix: str | None = None,
    ) -> None:
        initial = dict(initial or {})
        initial.setdefault("left_on", timezone.localdate())
        super().__init__(data, initial=initial, prefix=prefix)


class ContactsForm(PartnershipForm):
    relay = PersonChoiceField(
        label=_("Contact person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("(nobody named)"),
    )
    deputy = PersonChoiceField(
        label=_("Deputy"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("(nobody named)"),
        help_text=_("Contacted when the contact person is away or no longer available."),
    )
    handover_notes = forms.CharField(
        label=_("Hand-over notes"),
        required=False,
        max_length=limits.LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Required when the contact person is replaced: ongoing matters, agreements, "
            "who to talk to. Never write anything about individual cases or persons here."
        ),
    )

    def __init__(
        self,
        data: Mapping[str, object] | None = None,
        *,
        member: PartnershipMember,
        initial: dict[str, object] | None = None,
        prefix: str | None = None,
    ) -> None:
        if initial is None:
            initial = {"relay": member.relay_id, "deputy": member.deputy_id}
        super().__init__(data, initial=initial, prefix=prefix)
        candidates = contact_candidates(member.organisation)
        self.fields["relay"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["deputy"].queryset = candidates  # type: ignore[attr-defined]


class AbsenceForm(PartnershipForm):
    away_until = forms.DateField(
        label=_("Contact person away until"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "The deputy is the one to contact up to and including this date. Leave empty "
            "when the contact person is back."
        ),
    )

    def __init__(
        self,
        data: Mapping[str, object] | None = None,
        *,
        member: PartnershipMember,
        initial: dict[str, object] | None = None,
        prefix: str | None = None,
    ) -> None:
        if initial is None:
            initial = {"away_until": member.relay_away_until}
        super().__init__(data, initial=initial, prefix=prefix)
        self.fields["away_until"].widget.attrs["min"] = timezone.localdate().isoformat()
