"""What prompts a reassessment, and what schedules one, without the case layer or the
apps above knowing this app: an assessment stored gets its default reassessment date; a
repeat referral, an incident notice for a person already followed in an open case
(outreach, below this app: its `notice_registered` signal, since the notice's persons
are stored in one insert that sends no `post_save`) and a case brought back to a
conference for a new incident (conferences, above this app: connected by model name,
never imported) prompt a reassessment now.

Apps above may also call `services.prompt_reassessment` directly.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import post_save
from django.utils import timezone

from samvern.cases.models import Assessment, Case
from samvern.outreach.models import Notice, NoticePerson
from samvern.outreach.selectors import open_cases_following
from samvern.outreach.signals import notice_registered as outreach_notice_registered
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


def notice_registered(
    sender: object, notice: Notice, persons: Sequence[NoticePerson], **kwargs: object
) -> None:
    """A notice about a person already followed in an open case: a new incident there."""
    followed = [person for person in persons if person.followed_in_open_case]
    if not followed:
        return
    occurred_on = timezone.localdate(notice.occurred_at)
    for case in Case.objects.filter(
        pk__in=open_cases_following(notice=notice, persons=followed)
    ).order_by("pk"):
        services.prompt_reassessment(
            case=case,
            reason=PromptReason.NEW_INCIDENT,
            occurred_on=occurred_on,
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
    outreach_notice_registered.connect(notice_registered, dispatch_uid="protection.notice")
    conference_return = _model("conferences", "ConferenceReturn")
    if conference_return is not None:
        post_save.connect(
            conference_return_saved,
            sender=conference_return,
            dispatch_uid="protection.conference_return",
        )
