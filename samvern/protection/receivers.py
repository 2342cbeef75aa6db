"""What prompts a reassessment, and what schedules one, without the case layer or the
apps above knowing this app: an assessment stored gets its default reassessment date; a
repeat referral, an incident notice for a person already followed in an open case
(outreach, below this app) and a case brought back to a conference for a new incident
(conferences, above this app: connected by model name, never imported) prompt a
reassessment now.

Apps above may also call `services.prompt_reassessment` directly.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import post_save
from django.utils import timezone

from samvern.cases.models import Assessment, Case, CaseState
from samvern.protection import services
from samvern.protection.models import PromptReason

NEW_INCIDENT = "new_incident"  # conferences.ReturnReason.NEW_INCIDENT


def assessment_saved(
    sender: type[Assessment], instance: Assessment, created: bool, **kwargs: object
) -> None:
    if created:
        services.schedule_reassessment(instance)


def case_saved(sender: type[Case], instance: Case, created: bool, **kwargs: object) -> None:
    fields = kwargs.get("update_fields")
    touched = created or fields is None or "is_repeat" in fields  # type: ignore[operator]
    if instance.is_repeat and touched:
        services.prompt_reassessment(
            case=instance,
            reason=PromptReason.REPEAT_REFERRAL,
            occurred_on=instance.referred_on,
            source_type="cases.case",
            source_id=str(instance.pk),
        )


def notice_person_saved(sender: object, instance: object, created: bool, **kwargs: object) -> None:
    """A notice about a person already followed in an open case: a new incident there."""
    if not created or not getattr(instance, "followed_in_open_case", False):
        return
    nin_hash = getattr(instance, "nin_hash", "")
    notice = getattr(instance, "notice", None)
    if not nin_hash or notice is None:
        return
    cases = Case.objects.filter(
        partnership_id=notice.partnership_id, persons__nin_hash=nin_hash
    ).exclude(state=CaseState.CLOSED)
    for case in cases.distinct():
        services.prompt_reassessment(
            case=case,
            reason=PromptReason.NEW_INCIDENT,
            occurred_on=timezone.localdate(notice.occurred_at),
            source_type="outreach.notice",
            source_id=str(notice.pk),
        )


def conference_return_saved(
    sender: object, instance: object, created: bool, **kwargs: object
) -> None:
    if created and getattr(instance, "reason", "") == NEW_INCIDENT:
        services.prompt_reassessment(
            case=getattr(instance, "case"),  # noqa: B009 (a model of an app above this one)
            reason=PromptReason.CONFERENCE_RETURN,
            occurred_on=timezone.localdate(getattr(instance, "created_at")),  # noqa: B009
            source_type="conferences.conferencereturn",
            source_id=str(getattr(instance, "pk")),  # noqa: B009
        )


def _model(app_label: str, name: str) -> type[Model] | None:
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def connect() -> None:
    post_save.connect(assessment_saved, sender=Assessment, dispatch_uid="protection.assessment")
    post_save.connect(case_saved, sender=Case, dispatch_uid="protection.case")
    notice_person = _model("outreach", "NoticePerson")
    if notice_person is not None:
        post_save.connect(
            notice_person_saved, sender=notice_person, dispatch_uid="protection.notice"
        )
    conference_return = _model("conferences", "ConferenceReturn")
    if conference_return is not None:
        post_save.connect(
            conference_return_saved,
            sender=conference_return,
            dispatch_uid="protection.conference_return",
        )
