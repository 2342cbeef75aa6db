"""Forms for agreements; rules spanning several rows are in the services."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samvern.accounts.models import Organisation, User, current_membership_q
from samvern.agreements.models import DocumentKind
from samvern.core import limits
from samvern.partnerships.forms import DateInput, PartnershipForm, PersonChoiceField
from samvern.plans.models import Measure

MARKDOWN_HELP = _(
    "Written in Markdown: a blank line between paragraphs, # for a heading, - for a list, "
    "**bold**. HTML is not shown."
)


class DocumentForm(PartnershipForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner (organisation)"), queryset=Organisation.objects.none()
    )
    owner_person = PersonChoiceField(
        label=_("Owner (person)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("The person who keeps the document up to date. They may change it."),
    )
    review_on = forms.DateField(label=_("Review by"), widget=DateInput())
    text = forms.CharField(
        label=_("Text"),
        max_length=limits.LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=MARKDOWN_HELP,
    )

    def __init__(
        self,
        data: Mapping[str, object] | None = None,
        *,
        organisations: Sequence[Organisation],
        creating: bool,
        initial: dict[str, object] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        ids = [org.pk for org in organisations]
        self.fields["owner_organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=ids
        ).order_by("name")
        self.fields["owner_person"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(
                current_membership_q(timezone.localdate(), "memberships__"),
                is_active=True,
                memberships__organisation_id__in=ids,
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        if not creating:
            del self.fields["kind"]
            del self.fields["text"]


class DraftForm(PartnershipForm):
    text = forms.CharField(
        label=_("Text"),
        max_length=limits.LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=MARKDOWN_HELP,
    )
    change_note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=limits.LINE,
        help_text=_("A line for the partners: why this version and what is new in it."),
    )


class SignForm(PartnershipForm):
    organisation = forms.ModelChoiceField(
        label=_("Sign for"), queryset=Organisation.objects.none(), empty_label=None
    )
    confirm = forms.BooleanField(
        label=_("I have the authority to sign this version for the organisation"),
    )

    def __init__(
        self,
        data: Mapping[str, object] | None = None,
        *,
        organisations: Sequence[Organisation],
    ) -> None:
        super().__init__(data)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[org.pk for org in organisations]
        ).order_by("name")
        self.fields["confirm"].widget.attrs["class"] = "ds-input"


class MeasureChoiceField(forms.ModelMultipleChoiceField[Measure]):
    def label_from_instance(self, obj: Measure) -> str:
        return f"{obj.version.plan.title} · {obj.number}. {obj.title}"


class MeasuresForm(PartnershipForm):
    measures = MeasureChoiceField(
        label=_("Plan measures this document fulfils"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Measures on routines and procedures in the plans of the partnership's area."),
    )

    def __init__(
        self,
        data: Mapping[str, object] | None = None,
        *,
        choices: Sequence[Measure],
        initial: dict[str, object] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        queryset = (
            Measure.objects.filter(pk__in=[m.pk for m in choices])
            .select_related("version__plan")
            .order_by("version__plan__title", "number")
        )
        self.fields["measures"].queryset = queryset  # type: ignore[attr-defined]
