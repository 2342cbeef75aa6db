"""The national guideline's steps beside the text of the plan: the initiative, the
administrative anchoring (a steering group at management level, distinct from the working
group), the involvement of users, young people and children, the implementation and
communication plan, and the quality review by a named person outside the working group.

The initiative, the involvement and the external review describe how the draft was made
and are frozen with the content at adoption. The steering group and the communication
plan run the plan: they stay open while the version is in force and are copied forward
by a revision (`copy_guideline_steps`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.plans.models import (
    CommunicationItem,
    Initiative,
    InvolvedGroup,
    Involvement,
    PlanVersion,
    QualityReview,
    SteeringGroupMember,
    VersionStatus,
)
from samvern.plans.services.common import (
    apply_changes,
    audit_change,
    require_editor,
    require_open_content,
)
from samvern.plans.services.data import _Record

# The steering group and the communication plan belong to the plan while it is in force;
# only a version that has been replaced or withdrawn is closed for them.
FOLLOW_UP_LOCKED = frozenset({VersionStatus.SUPERSEDED, VersionStatus.WITHDRAWN})


@dataclasses.dataclass(frozen=True, kw_only=True)
class InitiativeData(_Record):
    proposed_by: str
    proposed_on: dt.date | None = None
    reason: str = ""
    problem: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class SteeringMemberData(_Record):
    name: str
    position: str = ""
    organisation: str = ""
    chairs: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True)
class InvolvementData(_Record):
    group: str
    participants: str = ""
    method: str = ""
    heard_on: dt.date | None = None
    what_changed: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class CommunicationItemData(_Record):
    audience: str
    message: str
    due_on: dt.date | None = None
    channel: str = ""
    responsible: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class QualityReviewData(_Record):
    reviewer: str
    reviewer_role: str = ""
    reviewed_on: dt.date
    findings: str


def follow_up_open(version: PlanVersion) -> bool:
    return version.status not in FOLLOW_UP_LOCKED


def require_follow_up_open(version: PlanVersion) -> None:
    if not follow_up_open(version):
        raise ValidationError(
            _("This version is %(status)s; its steering group and communication plan are closed.")
            % {"status": version.get_status_display().lower()}
        )


def _not_in_future(day: dt.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@transaction.atomic
def save_initiative(*, actor: Actor, version: PlanVersion, data: InitiativeData) -> Initiative:
    require_editor(actor, version.plan)
    require_open_content(version)
    if not data.proposed_by.strip():
        raise ValidationError({"proposed_by": _("Say who proposed the plan.")})
    _not_in_future(data.proposed_on, "proposed_on")
    initiative = Initiative.objects.filter(version=version).first()
    created = initiative is None
    initiative = initiative or Initiative(version=version)
    changed = apply_changes(initiative, data.as_fields())
    initiative.full_clean()
    initiative.save()
    audit_change(
        actor,
        "plans.initiative.created" if created else "plans.initiative.updated",
        initiative,
        version,
        fields=changed,
    )
    return initiative


@transaction.atomic
def save_steering_member(
    *,
    actor: Actor,
    version: PlanVersion,
    data: SteeringMemberData,
    member: SteeringGroupMember | None = None,
) -> SteeringGroupMember:
    """A new member of the steering group, or `member` changed to `data`."""
    require_editor(actor, version.plan)
    require_follow_up_open(version)
    if member is not None and member.version_id != version.pk:
        raise ValidationError(_("The member belongs to another version."))
    if not data.name.strip():
        raise ValidationError({"name": _("Give the member's name.")})
    created = member is None
    member = member or SteeringGroupMember(version=version)
    if data.chairs:
        # One chair: naming a new one moves the role.
        version.steering_group.filter(chairs=True).exclude(pk=member.pk).update(chairs=False)
    changed = apply_changes(member, data.as_fields())
    member.full_clean()
    member.save()
    audit_change(
        actor,
        "plans.steering_group.member_added" if created else "plans.steering_group.member_updated",
        member,
        version,
        fields=changed,
        chairs=member.chairs,
    )
    return member


@transaction.atomic
def remove_steering_member(*, actor: Actor, member: SteeringGroupMember) -> None:
    version = member.version
    require_editor(actor, version.plan)
    require_follow_up_open(version)
    audit_change(actor, "plans.steering_group.member_removed", member, version)
    member.delete()


@transaction.atomic
def save_involvement(
    *,
    actor: Actor,
    version: PlanVersion,
    data: InvolvementData,
    involvement: Involvement | None = None,
) -> Involvement:
    """Who was heard, how and what it changed. No child is named: the form says so, and
    the record holds a group and a description of the participants only."""
    require_editor(actor, version.plan)
    require_open_content(version)
    if involvement is not None and involvement.version_id != version.pk:
        raise ValidationError(_("The involvement belongs to another version."))
    if data.group not in InvolvedGroup.values:
        raise ValidationError({"group": _("Choose who was heard.")})
    _not_in_future(data.heard_on, "heard_on")
    created = involvement is None
    involvement = involvement or Involvement(version=version)
    changed = apply_changes(involvement, data.as_fields())
    involvement.full_clean()
    involvement.save()
    audit_change(
        actor,
        "plans.involvement.added" if created else "plans.involvement.updated",
        involvement,
        version,
        group=involvement.group,
        fields=changed,
    )
    return involvement


@transaction.atomic
def delete_involvement(*, actor: Actor, involvement: Involvement) -> None:
    version = involvement.version
    require_editor(actor, version.plan)
    require_open_content(version)
    audit_change(actor, "plans.involvement.deleted", involvement, version, group=involvement.group)
    involvement.delete()


@transaction.atomic
def save_communication_item(
    *,
    actor: Actor,
    version: PlanVersion,
    data: CommunicationItemData,
    item: CommunicationItem | None = None,
) -> CommunicationItem:
    """Who is told what, when and how, and who sees to it."""
    require_editor(actor, version.plan)
    require_follow_up_open(version)
    if item is not None and item.version_id != version.pk:
        raise ValidationError(_("The item belongs to another version."))
    if not data.audience.strip():
        raise ValidationError({"audience": _("Say who is told.")})
    if not data.message.strip():
        raise ValidationError({"message": _("Say what they are told.")})
    created = item is None
    item = item or CommunicationItem(version=version)
    changed = apply_changes(item, data.as_fields())
    item.full_clean()
    item.save()
    audit_change(
        actor,
        "plans.communication.item_added" if created else "plans.communication.item_updated",
        item,
        version,
        fields=changed,
    )
    return item


@transaction.atomic
def delete_communication_item(*, actor: Actor, item: CommunicationItem) -> None:
    version = item.version
    require_editor(actor, version.plan)
    require_follow_up_open(version)
    audit_change(actor, "plans.communication.item_deleted", item, version)
    item.delete()


@transaction.atomic
def save_quality_review(
    *, actor: Actor, version: PlanVersion, data: QualityReviewData
) -> QualityReview:
    """The review of the draft by a named person outside the working group, besides the
    computed quality check."""
    require_editor(actor, version.plan)
    require_open_content(version)
    if not data.reviewer.strip():
        raise ValidationError({"reviewer": _("Name the reviewer.")})
    if any(_same_name(data.reviewer, m.name) for m in version.working_group.all()):
        raise ValidationError(
            {
                "reviewer": _(
                    "%(name)s is in the working group. The review is done by someone outside it."
                )
                % {"name": data.reviewer.strip()}
            }
        )
    _not_in_future(data.reviewed_on, "reviewed_on")
    if not data.findings.strip():
        raise ValidationError({"findings": _("Write down what the reviewer found.")})
    review = QualityReview.objects.filter(version=version).first()
    created = review is None
    review = review or QualityReview(version=version)
    changed = apply_changes(review, data.as_fields())
    review.full_clean()
    review.save()
    audit_change(
        actor,
        "plans.quality_review.recorded" if created else "plans.quality_review.updated",
        review,
        version,
        fields=changed,
    )
    return review


def copy_guideline_steps(old: PlanVersion, new: PlanVersion) -> None:
    """What a revision carries forward of the guideline's steps: the steering group (the
    anchoring continues) and the communication plan (its items are a starting point for
    the next period). Part of `revise_version`, which checks access and records the event."""
    SteeringGroupMember.objects.bulk_create(
        SteeringGroupMember(
            version=new,
            name=m.name,
            position=m.position,
            organisation=m.organisation,
            chairs=m.chairs,
        )
        for m in old.steering_group.all()
    )
    CommunicationItem.objects.bulk_create(
        CommunicationItem(
            version=new,
            audience=i.audience,
            message=i.message,
            due_on=i.due_on,
            channel=i.channel,
            responsible=i.responsible,
        )
        for i in old.communication_items.all()
    )
