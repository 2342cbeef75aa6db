"""Who may see and change protective measures, custody release dates and reassessments.

Built on the case grant of `samvern.cases.access`: only people with a case content role in
an organisation taking part in the case (and a member of its partnership) see anything,
and everyone else gets the same 404 as for something that does not exist. On top of that:

- Anyone with case content access sees the case's measures and release dates, and may
  record new ones (naming an organisation taking part as responsible).
- Changing or ending one is for the organisation responsible for it and the organisation
  that recorded it; the others taking part read it only.
- A reassessment is seen by those who may read its assessment (the assessment's item is
  visible to their organisation), and its date is set by the organisation that made the
  assessment.

No implicit access for administrators, superusers, data protection officers or
coordinators of organisations that do not take part.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation
from samvern.cases.access import (
    CaseAccess,
    CaseGrant,
    Need,
    PersonAccess,
    _parse_id,
    access_case,
    grant_for,
    today,
    visible_items_q,
)
from samvern.cases.models import Case, CaseParticipant, InformationItem, Person, PersonRole
from samvern.protection.models import CustodyRelease, ProtectiveMeasure, Reassessment

# Who a measure may protect, and whose release dates are recorded.
PROTECTED_ROLES = frozenset({PersonRole.EXPOSED, PersonRole.CHILD})
RELEASE_ROLES = frozenset({PersonRole.USING_VIOLENCE})


class ProtectionNeed(enum.Enum):
    VIEW = "view"
    CHANGE = "change"  # change or end one measure or release date


@dataclass(frozen=True)
class MeasureAccess(CaseAccess):
    measure: ProtectiveMeasure
    may_change: bool


@dataclass(frozen=True)
class ReleaseAccess(CaseAccess):
    release: CustodyRelease
    may_change: bool


@dataclass(frozen=True)
class ReassessmentAccess(CaseAccess):
    reassessment: Reassessment
    may_change: bool


def may_change(grant: CaseGrant, responsible_id: object, recorded_by_org_id: object) -> bool:
    """The one rule for changing a measure or a release date."""
    return grant.content and grant.organisation.pk in (responsible_id, recorded_by_org_id)


def access_case_protection(actor: Actor, case_id: object, *, write: bool = False) -> CaseAccess:
    return access_case(actor, case_id, Need.EDIT if write else Need.VIEW)


def access_protected_person(
    actor: Actor, person_id: object, *, roles: frozenset[str], write: bool = False
) -> PersonAccess:
    """A person of a role that `roles` allows, in a case the actor has content access to."""
    pk = _parse_id(person_id)
    if not actor.case_roles:
        raise Http404
    person = (
        Person.objects.select_related("case__partnership", "case__referring_organisation")
        .filter(pk=pk, role__in=roles)
        .first()
    )
    if person is None:
        raise Http404
    grant = grant_for(actor, person.case)
    if grant is None or not grant.allows(Need.EDIT if write else Need.VIEW):
        raise Http404
    return PersonAccess(case=person.case, grant=grant, person=person)


def _content_grant(actor: Actor, case: Case) -> CaseGrant:
    grant = grant_for(actor, case)
    if grant is None or not grant.content:
        raise Http404
    return grant


def access_measure(actor: Actor, measure_id: object, need: ProtectionNeed) -> MeasureAccess:
    pk = _parse_id(measure_id)
    if not actor.case_roles:
        raise Http404
    measure = (
        ProtectiveMeasure.objects.select_related(
            "case__partnership", "case__referring_organisation", "person", "responsible"
        )
        .filter(pk=pk)
        .first()
    )
    if measure is None:
        raise Http404
    grant = _content_grant(actor, measure.case)
    allowed = may_change(grant, measure.responsible_id, measure.organisation_id)
    if need is ProtectionNeed.CHANGE and not allowed:
        raise Http404
    return MeasureAccess(case=measure.case, grant=grant, measure=measure, may_change=allowed)


def access_release(actor: Actor, release_id: object, need: ProtectionNeed) -> ReleaseAccess:
    pk = _parse_id(release_id)
    if not actor.case_roles:
        raise Http404
    release = (
        CustodyRelease.objects.select_related(
            "case__partnership", "case__referring_organisation", "person", "responsible"
        )
        .filter(pk=pk)
        .first()
    )
    if release is None:
        raise Http404
    grant = _content_grant(actor, release.case)
    allowed = may_change(grant, release.responsible_id, release.organisation_id)
    if need is ProtectionNeed.CHANGE and not allowed:
        raise Http404
    return ReleaseAccess(case=release.case, grant=grant, release=release, may_change=allowed)


def access_reassessment(
    actor: Actor, reassessment_id: object, need: ProtectionNeed
) -> ReassessmentAccess:
    pk = _parse_id(reassessment_id)
    organisation = actor.organisation
    if not actor.case_roles or organisation is None:
        raise Http404
    reassessment = (
        Reassessment.objects.select_related(
            "case__partnership",
            "case__referring_organisation",
            "assessment__item",
            "organisation",
        )
        .filter(pk=pk)
        .filter(
            assessment__item__in=InformationItem.objects.filter(
                visible_items_q(organisation, today())
            ).values("pk")
        )
        .first()
    )
    if reassessment is None:
        raise Http404
    grant = _content_grant(actor, reassessment.case)
    allowed = grant.organisation.pk == reassessment.organisation_id
    if need is ProtectionNeed.CHANGE and not allowed:
        raise Http404
    return ReassessmentAccess(
        case=reassessment.case, grant=grant, reassessment=reassessment, may_change=allowed
    )


def responsible_choices(case: Case) -> list[Organisation]:
    """The organisations that may be named responsible: those taking part in the case on
    the day (today)."""
    day = today()
    ids = (
        CaseParticipant.objects.filter(case=case, added_on__lte=day)
        .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=day))
        .values("organisation")
    )
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))
