"""The public consultation of a draft: its period, the responses and how each was weighed."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.plans.models import (
    Consultation,
    ConsultationResponse,
    PlanVersion,
)
from samvern.plans.services.common import audit_change, require_editor, require_open_content


@transaction.atomic
def save_consultation(
    *,
    actor: Actor,
    version: PlanVersion,
    opens_on: dt.date,
    closes_on: dt.date,
    description: str = "",
) -> Consultation:
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    if closes_on < opens_on:
        raise ValidationError(_("The consultation cannot close before it opens."))
    consultation, created = Consultation.objects.update_or_create(
        version=version,
        defaults={"opens_on": opens_on, "closes_on": closes_on, "description": description},
    )
    audit_change(
        actor,
        "plans.consultation.created" if created else "plans.consultation.updated",
        consultation,
        version,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    return consultation


@transaction.atomic
def add_consultation_response(
    *,
    actor: Actor,
    version: PlanVersion,
    respondent: str,
    text: str,
    received_on: dt.date | None = None,
) -> ConsultationResponse:
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    if not Consultation.objects.filter(version=version).exists():
        raise ValidationError(_("Set the consultation period first."))
    response = ConsultationResponse.objects.create(
        version=version, respondent=respondent, text=text, received_on=received_on
    )
    audit_change(
        actor, "plans.consultation.response_added", response, version, respondent=respondent
    )
    return response


@transaction.atomic
def weigh_response(
    *, actor: Actor, response: ConsultationResponse, weighing: str, reason: str
) -> ConsultationResponse:
    version = response.version
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    if weighing != "accepted" and not reason.strip():
        raise ValidationError(_("Explain why the response was not, or only partly, accepted."))
    response.weighing = weighing
    response.weighing_reason = reason
    response.save(update_fields=["weighing", "weighing_reason", "updated_at"])
    audit_change(actor, "plans.consultation.response_weighed", response, version, weighing=weighing)
    return response
