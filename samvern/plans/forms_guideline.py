"""Forms of the guideline's steps (initiative, steering group, involvement, communication
plan, external quality review): input shape only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samvern.core.forms import StyledModelForm
from samvern.plans.forms import DateInput
from samvern.plans.models import (
    CommunicationItem,
    Initiative,
    Involvement,
    QualityReview,
    SteeringGroupMember,
)
from samvern.plans.services.guideline import (
    CommunicationItemData,
    InitiativeData,
    InvolvementData,
    QualityReviewData,
    SteeringMemberData,
)


class InitiativeForm(StyledModelForm):
    class Meta:
        model = Initiative
        fields = list(InitiativeData.field_names())
        widgets = {
            "proposed_on": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "proposed_by": _("A councillor, a party group, the administration, a service …"),
            "problem": _("What made someone propose a plan: what was seen, heard or measured."),
        }


class SteeringMemberForm(StyledModelForm):
    class Meta:
        model = SteeringGroupMember
        fields = list(SteeringMemberData.field_names())
        help_texts = {
            "position": _("The steering group sits at management level, e.g. a head of unit."),
        }


class InvolvementForm(StyledModelForm):
    class Meta:
        model = Involvement
        fields = list(InvolvementData.field_names())
        widgets = {
            "heard_on": DateInput(),
            "method": forms.Textarea(attrs={"rows": 2}),
            "what_changed": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "participants": _(
                "Describe the group, e.g. the youth council or a group of mothers at the "
                "crisis centre. Never write the names of children or of anyone who was heard."
            ),
            "method": _("E.g. a meeting, a workshop, interviews, a survey."),
        }


class CommunicationItemForm(StyledModelForm):
    class Meta:
        model = CommunicationItem
        fields = list(CommunicationItemData.field_names())
        widgets = {"due_on": DateInput(), "message": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "audience": _("E.g. all staff in the health service, the council, the public."),
            "channel": _("E.g. staff meeting, intranet, the municipality's web site."),
        }


class QualityReviewForm(StyledModelForm):
    class Meta:
        model = QualityReview
        fields = list(QualityReviewData.field_names())
        widgets = {"reviewed_on": DateInput(), "findings": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "reviewer": _("A named person outside the working group."),
        }
