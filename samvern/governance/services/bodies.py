"""Steering bodies: their set-up, member organisations, named representatives and the
roles they must have at the table."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Membership, Organisation, User
from samvern.governance.access import BodyAccess, PartnershipGrant
from samvern.governance.models import (
    Body,
    BodyKind,
    BodyMember,
    Representative,
    RequiredRole,
)
from samvern.governance.services.common import GovernanceRuleError, record
from samvern.partnerships.models import PartnershipMember

BODY_CREATED = "governance.body.created"
BODY_UPDATED = "governance.body.updated"
MEMBER_ADDED = "governance.body_member.added"
MEMBER_ENDED = "governance.body_member.ended"
REPRESENTATIVE_ADDED = "governance.representative.added"
REPRESENTATIVE_REMOVED = "governance.representative.removed"
ROLE_ADDED = "governance.required_role.added"
ROLE_UPDATED = "governance.required_role.updated"

SHORT_CODE = re.compile(r"^[A-ZÆØÅ0-9-]{1,12}$")


@dataclass(frozen=True)
class BodyData:
    kind: str
    name: str
    short_code: str
    started_on: dt.date
    mandate: str = ""
    chair: User | None = None
    secretary: User | None = None
    is_temporary: bool = False
    ends_on: dt.date | None = None


FIELDS = tuple(BodyData.__dataclass_fields__)


def _check(data: BodyData) -> None:
    if data.kind not in BodyKind.values:
        raise GovernanceRuleError({"kind": _("Choose the kind of body.")})
    if not data.name.strip():
        raise GovernanceRuleError({"name": _("Give the body a name.")})
    if not SHORT_CODE.match(data.short_code.strip().upper()):
        raise GovernanceRuleError(
            {"short_code": _("Use up to 12 capital letters, digits or hyphens, for example SG.")}
        )
    if data.is_temporary and data.ends_on is None:
        raise GovernanceRuleError({"ends_on": _("A temporary body needs an end date.")})
    if data.ends_on is not None and data.ends_on < data.started_on:
        raise GovernanceRuleError({"ends_on": _("The end date cannot be before the start.")})


def _apply(body: Body, data: BodyData) -> list[str]:
    changed = []
    for name in FIELDS:
        value = getattr(data, name)
        if isinstance(value, str):
            value = value.strip()
        if name == "short_code":
            value = value.upper()
        if getattr(body, name) != value:
            changed.append(name)
        setattr(body, name, value)
    return changed


def _save(body: Body) -> None:
    try:
        with transaction.atomic():
            body.save()
    except IntegrityError:
        raise GovernanceRuleError(
            {"short_code": _("Another body of the partnership has this short code.")}
        ) from None


@transaction.atomic
def create_body(*, actor: Actor, grant: PartnershipGrant, data: BodyData) -> Body:
    if not grant.manages:
        raise GovernanceRuleError(_("Only the partnership's coordinators may do that."))
    assert actor.user is not None
    _check(data)
    body = Body(partnership=grant.partnership, created_by=actor.user)
    _apply(body, data)
    _save(body)
    record(
        actor=actor,
        action=BODY_CREATED,
        target=body,
        partnership=grant.partnership,
        detail={"kind": body.kind},
    )
    return body


@transaction.atomic
def update_body(*, actor: Actor, access: BodyAccess, data: BodyData) -> Body:
    if not access.edits:
        raise GovernanceRuleError(
            _("Only the body's chair, secretary or coordinators may do that.")
        )
    _check(data)
    body = access.body
    changed = _apply(body, data)
    _save(body)
    record(
        actor=actor,
        action=BODY_UPDATED,
        target=body,
        partnership=access.grant.partnership,
        detail={"fields": changed},
    )
    return body


def _require_edit(access: BodyAccess) -> None:
    if not access.edits:
        raise GovernanceRuleError(
            _("Only the body's chair, secretary or coordinators may do that.")
        )


@transaction.atomic
def add_member(
    *,
    actor: Actor,
    access: BodyAccess,
    organisation: Organisation,
    joined_on: dt.date,
    advisory: bool = False,
) -> BodyMember:
    _require_edit(access)
    partnership = access.grant.partnership
    if not (
        PartnershipMember.objects.active_on(joined_on)
        .filter(partnership=partnership, organisation=organisation)
        .exists()
    ):
        raise GovernanceRuleError(
            {
                "organisation": _(
                    "Only member organisations of the partnership can sit on its bodies."
                )
            }
        )
    try:
        with transaction.atomic():
            member = BodyMember.objects.create(
                body=access.body, organisation=organisation, joined_on=joined_on, advisory=advisory
            )
    except IntegrityError:
        raise GovernanceRuleError(
            {"organisation": _("The organisation already sits on this body.")}
        ) from None
    record(
        actor=actor,
        action=MEMBER_ADDED,
        target=member,
        partnership=partnership,
        detail={
            "body": str(access.body.pk),
            "organisation": str(organisation.pk),
            "advisory": advisory,
        },
    )
    return member


@transaction.atomic
def end_member(*, actor: Actor, access: BodyAccess, member: BodyMember, left_on: dt.date) -> None:
    _require_edit(access)
    if member.body_id != access.body.pk or member.left_on is not None:
        raise GovernanceRuleError(_("The organisation does not sit on this body."))
    if left_on < member.joined_on:
        raise GovernanceRuleError({"left_on": _("It cannot leave before it joined.")})
    member.left_on = left_on
    member.save(update_fields=["left_on", "updated_at"])
    record(
        actor=actor,
        action=MEMBER_ENDED,
        target=member,
        partnership=access.grant.partnership,
        detail={"body": str(access.body.pk), "left_on": left_on.isoformat()},
    )


@transaction.atomic
def add_representative(
    *, actor: Actor, access: BodyAccess, member: BodyMember, user: User, is_deputy: bool = False
) -> Representative:
    _require_edit(access)
    if member.body_id != access.body.pk:
        raise GovernanceRuleError(_("The organisation does not sit on this body."))
    if not Membership.objects.filter(user=user, organisation_id=member.organisation_id).exists():
        raise GovernanceRuleError(
            {"user": _("A representative must belong to the organisation they represent.")}
        )
    try:
        with transaction.atomic():
            representative = Representative.objects.create(
                member=member, user=user, is_deputy=is_deputy
            )
    except IntegrityError:
        raise GovernanceRuleError({"user": _("This person already represents it.")}) from None
    record(
        actor=actor,
        action=REPRESENTATIVE_ADDED,
        target=representative,
        partnership=access.grant.partnership,
        detail={"body": str(access.body.pk), "user": str(user.pk), "deputy": is_deputy},
    )
    return representative


@transaction.atomic
def remove_representative(
    *, actor: Actor, access: BodyAccess, representative: Representative
) -> None:
    _require_edit(access)
    if representative.member.body_id != access.body.pk:
        raise GovernanceRuleError(_("This person does not represent anyone on this body."))
    record(
        actor=actor,
        action=REPRESENTATIVE_REMOVED,
        target=representative,
        partnership=access.grant.partnership,
        detail={"body": str(access.body.pk), "user": str(representative.user_id)},
    )
    representative.delete()


@transaction.atomic
def add_required_role(
    *, actor: Actor, access: BodyAccess, name: str, filled_by: BodyMember | None = None
) -> RequiredRole:
    _require_edit(access)
    if not name.strip():
        raise GovernanceRuleError({"name": _("Name the role.")})
    if filled_by is not None and filled_by.body_id != access.body.pk:
        raise GovernanceRuleError({"filled_by": _("Choose an organisation of this body.")})
    try:
        with transaction.atomic():
            role = RequiredRole.objects.create(
                body=access.body, name=name.strip(), filled_by=filled_by
            )
    except IntegrityError:
        raise GovernanceRuleError({"name": _("The body already requires this role.")}) from None
    record(
        actor=actor,
        action=ROLE_ADDED,
        target=role,
        partnership=access.grant.partnership,
        detail={"body": str(access.body.pk), "filled": filled_by is not None},
    )
    return role


@transaction.atomic
def fill_role(
    *, actor: Actor, access: BodyAccess, role: RequiredRole, filled_by: BodyMember | None
) -> RequiredRole:
    _require_edit(access)
    if role.body_id != access.body.pk or (
        filled_by is not None and filled_by.body_id != access.body.pk
    ):
        raise GovernanceRuleError({"filled_by": _("Choose an organisation of this body.")})
    role.filled_by = filled_by
    role.save(update_fields=["filled_by", "updated_at"])
    record(
        actor=actor,
        action=ROLE_UPDATED,
        target=role,
        partnership=access.grant.partnership,
        detail={"body": str(access.body.pk), "filled": filled_by is not None},
    )
    return role
