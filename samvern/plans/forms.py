"""Validation for the plan pages. Lifecycle rules live in services; these forms check
input shape and give field-level messages."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import Case, Q, When
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import (
    Membership,
    Organisation,
    OrganisationKind,
    User,
)
from samvern.core import limits
from samvern.core.forms import (
    NorwegianDecimalField,
    NorwegianIntegerField,
    StyledForm,
    StyledModelForm,
)
from samvern.places.models import CURRENT_STRUCTURE, Municipality
from samvern.plans import catalogues
from samvern.plans.access import editable_municipality_ids
from samvern.plans.indicators import unit_of as indicator_unit
from samvern.plans.models import (
    Adoption,
    ConsultationResponse,
    CouncilMandate,
    EvaluationOutcome,
    Goal,
    GoalAttainment,
    IndicatorMeasurement,
    Mandate,
    MappingTopic,
    Measure,
    MeasureStatus,
    PlanVersion,
    StatusReport,
    Weighing,
    WorkingGroupMember,
)
from samvern.plans.services.content import AreaChoiceRow
from samvern.plans.services.data import (
    ADOPTION_FIELDS,
    COUNCIL_MANDATE_FIELDS,
    GOAL_FIELDS,
    MANDATE_FIELDS,
    MEASURE_FIELDS,
    MEASUREMENT_FIELDS,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class CheckboxList(forms.CheckboxSelectMultiple):
    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__({"class": "checkbox-list", **(attrs or {})}, choices)


def _plain_checkboxes(form: forms.BaseForm) -> None:
    # Designsystemet styles checkboxes through ds-input too, but a list needs no box class.
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs["class"] = "checkbox-list"


def restyle(form: forms.BaseForm) -> None:
    """Re-validate and re-dress a form whose fields were changed after construction.

    StyledFormMixin reads `form.errors` while it is constructed, which validates before a
    subclass can narrow its querysets and choices; this resets that early validation and
    applies the same classes and ARIA attributes to the final fields.
    """
    form._errors = None  # type: ignore[assignment, attr-defined]
    for name, field in form.fields.items():
        widget = field.widget
        widget.attrs.setdefault("class", "ds-input")
        widget.attrs.pop("aria-invalid", None)
        widget.attrs.pop("aria-describedby", None)
        if isinstance(widget, forms.RadioSelect):
            # A choice group's fieldset carries the help and error ids, not each option
            # (CheckboxSelectMultiple is a RadioSelect too).
            if form.is_bound and name in form.errors:
                widget.attrs["aria-invalid"] = "true"
            continue
        describedby = []
        if field.help_text:
            describedby.append(f"id_{form.add_prefix(name)}_help")
        if form.is_bound and name in form.errors:
            widget.attrs["aria-invalid"] = "true"
            describedby.append(f"id_{form.add_prefix(name)}_error")
        if describedby:
            widget.attrs["aria-describedby"] = " ".join(describedby)


def framework_choices() -> list[tuple[str, str]]:
    return [(key, fw.title) for key, fw in catalogues.frameworks().items()]


class MunicipalityChoiceField(forms.ModelMultipleChoiceField):
    """Municipalities as a checkbox list in a fieldset, with a filter box that
    `plans/choice_filter.js` shows (without JavaScript the whole list is there)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("template_name", "plans/forms/municipality_picker.html")
        super().__init__(queryset=Municipality.objects.none(), **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        # The county tells the two Herøys and the two Vålers apart.
        return f"{obj.name} ({obj.county.name})"


class PlanCreateForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    municipalities = MunicipalityChoiceField(
        label=_("Owning municipalities"),
        help_text=_(
            "Your own municipality is chosen. Add others for an inter-municipal plan: they "
            "are invited, and become owners when one of their plan editors accepts. Each "
            "council adopts the plan for itself."
        ),
    )
    framework = forms.ChoiceField(label=_("Focus-area framework"), required=False)

    def __init__(self, *args: Any, actor: Actor | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = {pk for pk in editable_municipality_ids(actor)} if actor is not None else set()
        # The user's own municipalities first (and chosen), then the rest by name.
        self.fields["municipalities"].queryset = (  # type: ignore[attr-defined]
            Municipality.objects.filter(year=CURRENT_STRUCTURE)
            .select_related("county")
            .annotate(own=Case(When(pk__in=own, then=0), default=1))
            .order_by("own", "name")
        )
        if not self.is_bound:
            self.initial["municipalities"] = sorted(own)
        self.fields["framework"].choices = [("", _("Choose later")), *framework_choices()]  # type: ignore[attr-defined]
        restyle(self)


class InviteCoOwnerForm(StyledForm):
    municipality = forms.ModelChoiceField(
        label=_("Invite a municipality to co-own the plan"),
        queryset=Municipality.objects.none(),
        help_text=_("It becomes an owner when one of its plan editors accepts."),
    )

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pending = plan.invitations.filter(status="pending").values("municipality_id")
        self.fields["municipality"].queryset = (  # type: ignore[attr-defined]
            Municipality.objects.filter(year=CURRENT_STRUCTURE)
            .exclude(pk__in=plan.municipalities.values("pk"))
            .exclude(pk__in=pending)
            .order_by("name")
        )
        restyle(self)


class MandateForm(StyledModelForm):
    class Meta:
        model = Mandate
        fields = list(MANDATE_FIELDS)
        widgets = {"decided_on": DateInput(), "text": forms.Textarea(attrs={"rows": 5})}
        field_classes = {"budget_nok": NorwegianDecimalField, "staff_hours": NorwegianIntegerField}


class CouncilMandateForm(StyledModelForm):
    """One owning municipality's own mandate (a form per municipality on the page)."""

    class Meta:
        model = CouncilMandate
        fields = list(COUNCIL_MANDATE_FIELDS)
        widgets = {"decided_on": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self) -> None:
        # The version and municipality are set by the service, which validates the row.
        pass


class MemberForm(StyledModelForm):
    class Meta:
        model = WorkingGroupMember
        fields = ["name", "position", "organisation", "is_leader", "publish_name"]


class MilestoneForm(StyledForm):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Date"), widget=DateInput())


MAPPING_CHECKLISTS: dict[str, list[tuple[str, Any]]] = {
    MappingTopic.POPULATION: [
        ("statistics", _("Police and crisis-centre statistics gathered")),
        ("survey", _("Local youth or public-health survey used")),
    ],
    MappingTopic.SERVICES_EXPOSED: [
        ("crisis_centre", _("Crisis centre offer")),
        ("emergency_ward", _("Emergency ward routine for violence")),
        ("housing", _("Housing help after leaving")),
        ("victim_advocate", _("Victim support / advocate")),
    ],
    MappingTopic.SERVICES_PERPETRATORS: [
        ("treatment", _("Treatment offer (e.g. Alternative to Violence)")),
        ("anger_course", _("Courses or groups")),
    ],
    MappingTopic.SERVICES_CHILDREN: [
        ("child_welfare", _("Child welfare follow-up")),
        ("childrens_house", _("Children's House (Statens barnehus)")),
        ("school_health", _("School health service")),
    ],
    MappingTopic.COOPERATION: [
        ("sluss", _("Written “who does what” routine")),
        ("police_council", _("Police council / SLT")),
        ("marac", _("Multi-agency risk conference")),
    ],
    MappingTopic.COMPETENCE: [
        ("basic_course", _("Basic course for all staff")),
        ("ask_routine", _("Routine for asking about violence")),
    ],
    MappingTopic.RISK_GROUPS: [],
    MappingTopic.STRENGTHS_GAPS: [],
    MappingTopic.RELATED_PLANS: [
        ("public_health", _("Public-health plan")),
        ("substance", _("Substance-use plan")),
        ("child_poverty", _("Plan against child poverty")),
    ],
}


class MappingForm(StyledForm):
    def __init__(self, *args: Any, sections: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for topic, label in MappingTopic.choices:
            section = sections.get(topic)
            self.fields[f"text_{topic}"] = forms.CharField(
                label=label,
                required=False,
                max_length=limits.LONG_TEXT,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=section.text if section else "",
            )
            items = MAPPING_CHECKLISTS.get(topic) or []
            if items:
                self.fields[f"checks_{topic}"] = forms.MultipleChoiceField(
                    label=_("Checklist: %(topic)s") % {"topic": label},
                    required=False,
                    choices=items,
                    widget=CheckboxList(),
                    initial=section.checked if section else [],
                )
        _plain_checkboxes(self)
        restyle(self)

    def sections(self) -> dict[str, tuple[str, list[str]]]:
        return {
            topic: (
                self.cleaned_data.get(f"text_{topic}", ""),
                self.cleaned_data.get(f"checks_{topic}", []),
            )
            for topic in MappingTopic.values
        }


class FrameworkForm(StyledForm):
    framework = forms.ChoiceField(label=_("Focus-area framework"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = framework_choices()  # type: ignore[attr-defined]
        restyle(self)


class AreasForm(StyledForm):
    def __init__(
        self, *args: Any, framework: catalogues.Framework, existing: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        count = len(framework.areas)
        for area in framework.areas:
            choice = existing.get(area.key)
            self.fields[f"chosen_{area.key}"] = forms.BooleanField(
                label=_("Choose “%(area)s” for the period") % {"area": area.title},
                required=False,
                initial=bool(choice and choice.chosen),
            )
            self.fields[f"rank_{area.key}"] = NorwegianIntegerField(
                label=_("Rank"),
                required=False,
                min_value=1,
                max_value=count,
                initial=choice.rank if choice else None,
            )
            self.fields[f"reason_{area.key}"] = forms.CharField(
                label=_("Reason"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=choice.reason if choice else "",
            )
        restyle(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ranks = [data.get(f"rank_{a.key}") for a in self.framework.areas]
        ranks = [r for r in ranks if r]
        if len(ranks) != len(set(ranks)):
            raise forms.ValidationError(_("Two areas cannot have the same rank."))
        for area in self.framework.areas:
            if (
                data.get(f"chosen_{area.key}")
                and not (data.get(f"reason_{area.key}") or "").strip()
            ):
                self.add_error(f"reason_{area.key}", _("Give a reason for choosing this area."))
        return data

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "area": area,
                "chosen": self[f"chosen_{area.key}"],
                "rank": self[f"rank_{area.key}"],
                "reason": self[f"reason_{area.key}"],
            }
            for area in self.framework.areas
        ]

    def choices(self) -> list[AreaChoiceRow]:
        return [
            {
                "area_key": area.key,
                "rank": self.cleaned_data.get(f"rank_{area.key}"),
                "reason": self.cleaned_data.get(f"reason_{area.key}", ""),
                "chosen": self.cleaned_data.get(f"chosen_{area.key}", False),
            }
            for area in self.framework.areas
        ]


def area_field_choices(version: PlanVersion, blank: Any = None) -> list[tuple[str, str]]:
    settings = getattr(version, "settings", None)
    framework = catalogues.framework(settings.framework_key) if settings else None
    chosen = [c.area_key for c in version.area_choices.all() if c.chosen]
    choices = [
        (key, framework.area(key).title if framework and framework.area(key) else key)  # type: ignore[union-attr]
        for key in chosen
    ]
    return [("", blank), *choices] if blank is not None else choices


class GoalForm(StyledModelForm):
    area_key = forms.ChoiceField(label=_("Focus area"))

    class Meta:
        model = Goal
        fields = list(GOAL_FIELDS)

    def __init__(self, *args: Any, version: PlanVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area_key"].choices = area_field_choices(version)  # type: ignore[attr-defined]
        self.fields["indicator_key"] = forms.ChoiceField(
            label=_("Indicator from the catalogue"),
            required=False,
            choices=[
                ("", _("None: I describe the indicator myself")),
                *((d.key, d.title) for d in catalogues.indicators()),
            ],
            help_text=_(
                "A defined indicator has a unit and a direction, so that its measurements "
                "can be compared with the target."
            ),
        )
        self.fields["indicator"].help_text = _(
            "How progress is measured, in your own words. Leave it blank when you choose an "
            "indicator from the catalogue."
        )
        restyle(self)


class MeasurementForm(StyledModelForm):
    """One measurement of a goal's indicator; the value as people type it ("12,5", "1 200")."""

    class Meta:
        model = IndicatorMeasurement
        fields = list(MEASUREMENT_FIELDS)
        widgets = {
            "measured_on": DateInput(),
            "comment": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"value": NorwegianDecimalField}

    def __init__(self, *args: Any, goal: Goal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = indicator_unit(goal)
        if unit:
            self.fields["value"].label = _("Value (%(unit)s)") % {"unit": unit}
        self.fields["source"].help_text = (
            goal.indicator_definition.source
            if goal.indicator_definition
            else _("Where the figure comes from, e.g. a survey or a service's statistics.")
        )
        restyle(self)


class MeasureForm(StyledModelForm):
    area_key = forms.ChoiceField(label=_("Focus area"), required=False)
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), required=False, widget=CheckboxList()
    )
    duties = forms.MultipleChoiceField(
        label=_("Statutory duties served"), required=False, widget=CheckboxList()
    )

    class Meta:
        model = Measure
        # The goals are chosen right after the focus area.
        fields = [*MEASURE_FIELDS[:4], "goals", *MEASURE_FIELDS[4:]]
        widgets = {
            "starts_on": DateInput(),
            "deadline": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "goals": CheckboxList(),
        }
        field_classes = {"budget_nok": NorwegianDecimalField, "staff_hours": NorwegianIntegerField}

    def __init__(self, *args: Any, version: PlanVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area_key"].choices = area_field_choices(version, blank=_("Across areas"))  # type: ignore[attr-defined]
        self.fields["goals"].queryset = version.goals.all()  # type: ignore[attr-defined]
        self.fields["target_groups"].choices = [  # type: ignore[attr-defined]
            (t.key, t.title) for t in catalogues.target_groups()
        ]
        self.fields["duties"].choices = [(d.key, d.title) for d in catalogues.duties()]  # type: ignore[attr-defined]
        self._responsible_choices(version)
        for name in ("budget_nok", "staff_hours"):
            self.fields[name].min_value = 0  # type: ignore[attr-defined]
        _plain_checkboxes(self)
        restyle(self)

    def _responsible_choices(self, version: PlanVersion) -> None:
        """Any active organisation in the product, grouped by kind (the municipalities
        first); people grouped by organisation: the owning municipalities', the partner
        agencies' that serve them and the chosen organisation's. Whether the person works
        in the chosen organisation is checked by the service."""
        # Plain rows rather than model instances: the lists name every organisation in the
        # product and everyone working for the plan's municipalities.
        organisations = Organisation.objects.filter(is_active=True).values_list(
            "pk", "name", "kind"
        )
        kinds = dict(OrganisationKind.choices)
        groups: dict[str, list[tuple[Any, str]]] = {}
        for pk, name, kind in sorted(
            organisations,
            key=lambda row: (row[2] != OrganisationKind.MUNICIPALITY, str(kinds[row[2]]), row[1]),
        ):
            groups.setdefault(str(kinds[kind]), []).append((pk, name))
        field = self.fields["responsible_organisation"]
        field.queryset = Organisation.objects.filter(is_active=True)  # type: ignore[attr-defined]
        field.choices = [  # type: ignore[attr-defined]
            ("", _("None: a unit in the owning municipalities")),
            *groups.items(),
        ]
        try:
            chosen = uuid.UUID(str(self["responsible_organisation"].value()))
        except ValueError:
            chosen = None
        served = version.plan.municipalities.all()
        memberships = (
            Membership.objects.current()
            .filter(Q(organisation__municipalities__in=served) | Q(organisation_id=chosen))
            .filter(user__is_active=True)
            .values_list(
                "organisation_id",
                "organisation__name",
                "organisation__kind",
                "user_id",
                "user__first_name",
                "user__last_name",
                "user__username",
            )
            .distinct()
            .order_by("organisation__name", "user__first_name", "user__last_name")
        )
        people: dict[Any, dict[Any, str]] = {}
        self._homes: dict[Any, set[Any]] = {}
        self._municipal: set[Any] = set()
        names = {}
        for org_id, org_name, org_kind, user_id, first, last, username in memberships:
            names[org_id] = org_name
            # As the user's own name shows elsewhere (User.__str__).
            people.setdefault(org_id, {})[user_id] = f"{first} {last}".strip() or username
            self._homes.setdefault(user_id, set()).add(org_id)
            if org_kind == OrganisationKind.MUNICIPALITY:
                self._municipal.add(org_id)
        person = self.fields["responsible_user"]
        person.queryset = User.objects.filter(pk__in=list(self._homes))  # type: ignore[attr-defined]
        person.choices = [  # type: ignore[attr-defined]
            ("", "---------"),
            *(
                (names[org_id], sorted(users.items(), key=lambda item: item[1]))
                for org_id, users in people.items()
            ),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, deadline = data.get("starts_on"), data.get("deadline")
        if start and deadline and deadline < start:
            self.add_error("deadline", _("The deadline cannot be before the start."))
        for name in ("budget_nok", "staff_hours"):
            value = data.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("Resources cannot be negative."))
        person, organisation = data.get("responsible_user"), data.get("responsible_organisation")
        if (
            person is not None
            and organisation is None
            and not self._homes.get(person.pk, set()) & self._municipal
        ):
            self.add_error(
                "responsible_user",
                _(
                    "%(person)s works in a partner organisation: choose it as the "
                    "responsible organisation too."
                )
                % {"person": person},
            )
        return data


class ImportForm(StyledForm):
    sheet = forms.FileField(
        label=_("Sheet (XLSX or CSV)"),
        help_text=_(
            "First row: title, description, level, area, responsible_title, "
            "responsible_unit, starts_on, deadline, budget_nok, staff_hours, "
            "target_groups, duties."
        ),
    )


class PeriodForm(StyledForm):
    period_start = forms.DateField(label=_("Plan period from"), widget=DateInput(), required=False)
    period_end = forms.DateField(label=_("Plan period to"), widget=DateInput(), required=False)
    reports_per_year = NorwegianIntegerField(
        label=_("Status reports per year"), min_value=1, max_value=12, required=False
    )
    midterm_evaluation_on = forms.DateField(
        label=_("Mid-term evaluation"), widget=DateInput(), required=False
    )
    final_evaluation_on = forms.DateField(
        label=_("Final evaluation"), widget=DateInput(), required=False
    )
    evaluator = forms.CharField(label=_("Who evaluates"), max_length=200, required=False)
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups of the plan"), required=False, widget=CheckboxList()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].choices = [  # type: ignore[attr-defined]
            (t.key, t.title) for t in catalogues.target_groups()
        ]
        _plain_checkboxes(self)
        restyle(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The plan period cannot end before it starts."))
        midterm, final = data.get("midterm_evaluation_on"), data.get("final_evaluation_on")
        if midterm and final and final < midterm:
            self.add_error(
                "final_evaluation_on",
                _("The final evaluation cannot come before the mid-term evaluation."),
            )
        return data


class ConsultationForm(StyledForm):
    opens_on = forms.DateField(label=_("Consultation opens"), widget=DateInput())
    closes_on = forms.DateField(label=_("Consultation closes"), widget=DateInput())
    description = forms.CharField(
        label=_("Who was invited"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The consultation cannot close before it opens."))
        return data


class ResponseForm(StyledModelForm):
    class Meta:
        model = ConsultationResponse
        fields = ["respondent", "received_on", "text"]
        widgets = {"received_on": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}


class WeighForm(StyledForm):
    weighing = forms.ChoiceField(label=_("Weighing"), choices=Weighing.choices)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("weighing")
            and data["weighing"] != Weighing.ACCEPTED
            and not data.get("reason", "").strip()
        ):
            self.add_error(
                "reason", _("Explain why the response was not, or only partly, accepted.")
            )
        return data


class WarningReasonForm(StyledForm):
    check = forms.ChoiceField(
        choices=[("duties", "duties"), ("levels", "levels")], widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("Reason for accepting the warning"), max_length=1000)


class AdoptionForm(StyledModelForm):
    class Meta:
        model = Adoption
        fields = list(ADOPTION_FIELDS)
        widgets = {
            name: DateInput()
            for name in (
                "decided_on",
                "period_start",
                "period_end",
                "midterm_evaluation_on",
                "final_evaluation_on",
            )
        }
        field_classes = {"reports_per_year": NorwegianIntegerField}

    def __init__(self, *args: Any, version: PlanVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A council whose adoption was made before the text was amended adopts it again.
        adopted = version.adoptions.filter(amended_at__isnull=True).values_list(
            "municipality_id", flat=True
        )
        self.fields["municipality"].queryset = version.plan.municipalities.exclude(  # type: ignore[attr-defined]
            pk__in=adopted
        )
        self.fields["body"].initial = _("Municipal council")
        restyle(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The plan period cannot end before it starts."))
        return data

    def _post_clean(self) -> None:
        # The version is set by the service; skip model validation of the incomplete row.
        pass


class RoundForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())


class RoundNarrativeForm(StyledForm):
    """The coordinator's summary of the period and recommendation, on top of the report."""

    narrative = forms.CharField(
        label=_("Summary for the council"),
        help_text=_("A short account of the period, written by the coordinator."),
        required=False,
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    recommendation = forms.CharField(
        label=_("Recommendation"),
        required=False,
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StatusReportForm(StyledForm):
    # No status is preselected: a report says what the unit chose, never a default.
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Choose a status")), *MeasureStatus.choices],
        error_messages={"required": _("Choose the status of the measure.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment_public = forms.BooleanField(
        label=capfirst(StatusReport._meta.get_field("comment_public").verbose_name),
        help_text=StatusReport._meta.get_field("comment_public").help_text,
        required=False,
    )
    spent_nok = NorwegianDecimalField(
        label=_("Money used (NOK)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=0,
        currency=True,
        help_text=_("Leave empty if not known."),
    )
    spent_hours = NorwegianDecimalField(
        label=_("Hours used"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        help_text=_("Leave empty if not known."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("status") in {MeasureStatus.DELAYED, MeasureStatus.DROPPED}
            and not (data.get("comment") or "").strip()
        ):
            self.add_error("comment", _("Explain why the measure is delayed or dropped."))
        return data


class EvaluationForm(StyledForm):
    evaluator = forms.CharField(label=_("Who evaluated"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Summary of findings"),
        required=False,
        max_length=limits.LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    partner_feedback = forms.CharField(
        label=_("Feedback from partners"),
        required=False,
        max_length=limits.LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    council_feedback = forms.CharField(
        label=_("Feedback from the councils"),
        required=False,
        max_length=limits.LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    duties_met = forms.CharField(
        label=_("How statutory duties were met"),
        required=False,
        max_length=limits.LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", "—"), *EvaluationOutcome.choices]
    )
    completed_on = forms.DateField(
        label=_("Completed on"),
        required=False,
        widget=DateInput(),
        help_text=_("Set when the evaluation is finished."),
    )

    def __init__(
        self,
        *args: Any,
        measures: list[Measure],
        areas: list[tuple[str, str]],
        findings: dict[Any, Any],
        attainments: dict[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.measures = measures
        self.areas = areas
        for measure in measures:
            finding = findings.get(measure.pk)
            self.fields[f"done_{measure.pk}"] = forms.BooleanField(
                label=_("Done"), required=False, initial=finding.done if finding else False
            )
            self.fields[f"why_{measure.pk}"] = forms.CharField(
                label=_("Why / why not"),
                required=False,
                initial=finding.why if finding else "",
            )
        for key, title in areas:
            found = attainments.get(key)
            self.fields[f"attainment_{key}"] = forms.ChoiceField(
                label=_("Goal attainment: %(area)s") % {"area": title},
                required=False,
                choices=[("", "—"), *GoalAttainment.choices],
                initial=found.attainment if found else "",
            )
            self.fields[f"areacomment_{key}"] = forms.CharField(
                label=_("Comment"), required=False, initial=found.comment if found else ""
            )
        restyle(self)

    def measure_rows(self) -> list[tuple[Measure, Any, Any]]:
        return [(m, self[f"done_{m.pk}"], self[f"why_{m.pk}"]) for m in self.measures]

    def area_rows(self) -> list[tuple[str, Any, Any]]:
        return [(t, self[f"attainment_{k}"], self[f"areacomment_{k}"]) for k, t in self.areas]

    def main_fields(self) -> list[Any]:
        return [
            self[name]
            for name in (
                "evaluator",
                "summary",
                "partner_feedback",
                "council_feedback",
                "duties_met",
                "outcome",
                "completed_on",
            )
        ]

    def measure_findings(self) -> dict[Any, tuple[bool, str]]:
        return {
            m.pk: (self.cleaned_data[f"done_{m.pk}"], self.cleaned_data[f"why_{m.pk}"])
            for m in self.measures
        }

    def area_findings(self) -> dict[str, tuple[str, str]]:
        return {
            key: (self.cleaned_data[f"attainment_{key}"], self.cleaned_data[f"areacomment_{key}"])
            for key, _title in self.areas
            if self.cleaned_data.get(f"attainment_{key}")
        }


class TransitionForm(forms.Form):
    to = forms.CharField(max_length=32)
    reason = forms.CharField(required=False, max_length=limits.COMMENT)
