"""Forms of the action-point pages: the outcome of one point, the list's filters and the
calendar address. Validation only; the rules are in services/actions.py."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samvern.conferences.models import Outcome
from samvern.conferences.services.actions import MAX_DUE_WITHIN_DAYS, PointFilters
from samvern.core import limits
from samvern.core.forms import NorwegianIntegerField, StyledForm


class OutcomeForm(StyledForm):
    outcome = forms.ChoiceField(
        label=pgettext_lazy("action points", "Outcome"), choices=Outcome.choices
    )
    reason = forms.CharField(
        label=pgettext_lazy("action points", "Reason or note"),
        required=False,
        max_length=limits.COMMENT,
        help_text=_(
            "Required for “not done” (the action could have been done and was not) and "
            "“not possible” (it could not be done), and when opening the point again."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data: Mapping[str, object] | None = None, *, ids: str = "") -> None:
        # Several outcome forms on one list page each need their own field ids.
        super().__init__(data, auto_id=f"id_{ids}_%s" if ids else "id_%s")
        self._ids = ids
        self._describe()

    def full_clean(self) -> None:
        super().full_clean()
        self._describe()

    def _describe(self) -> None:
        """Point each widget's aria-describedby at its help and error texts under this
        form's own ids (the shared form base assumes Django's default ids)."""
        if not self._ids:
            return
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            described = [f"id_{self._ids}_{name}_help"] if field.help_text else []
            if name in errors:
                described.append(f"id_{self._ids}_{name}_error")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
            else:
                field.widget.attrs.pop("aria-describedby", None)


OUTCOME_FILTER_CHOICES = [("", pgettext_lazy("action points", "Any outcome")), *Outcome.choices]


class PointFilterForm(StyledForm):
    outcome = forms.ChoiceField(
        label=pgettext_lazy("action points", "Outcome"),
        choices=OUTCOME_FILTER_CHOICES,
        required=False,
    )
    overdue = forms.BooleanField(
        label=pgettext_lazy("action points", "Overdue only"), required=False
    )
    due_within = NorwegianIntegerField(
        label=pgettext_lazy("action points", "Due within (days)"),
        required=False,
        min_value=0,
        max_value=MAX_DUE_WITHIN_DAYS,
    )
    mine = forms.BooleanField(
        label=pgettext_lazy("action points", "Assigned to me"), required=False
    )
    reference = forms.CharField(
        label=pgettext_lazy("action points", "Case reference"), required=False, max_length=64
    )

    def filters(self) -> PointFilters:
        """The filters asked for; an invalid value is left out rather than refused."""
        if not self.is_bound:
            return PointFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return PointFilters(
            outcome=data.get("outcome") or "",
            overdue=bool(data.get("overdue")),
            due_within=data.get("due_within"),
            mine=bool(data.get("mine")),
            reference=data.get("reference") or "",
        )
