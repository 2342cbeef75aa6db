"""The only way to fetch one case-layer object for a user.

Every function raises the same `Http404` for "does not exist" and "not allowed", so a
page or API response never tells an outsider that a case exists.

Who sees what (the acting organisation is `request.organisation`, checked against the
user's own memberships on every request):

- Case content (persons, items shared with the organisation, assessments, timeline,
  writing): a user holding a case content role (case worker, conference coordinator) in
  the acting organisation, while that organisation takes part in the case *and* is a
  member of the case's partnership on that day.
- Conference-preparation facts (reference, state, referral date, source, reason for
  referral, referring organisation, participating organisations, repeat flag, risk band):
  the above, and conference coordinators of the partnership's coordinator organisation.
  They see no persons, no information items and no assessments unless their organisation
  takes part in the case.
- The repeat-referral flag (a person exposed was in another case closed within 12
  months): only those who may see that earlier case (content or conference facts), and
  the partnership's conference coordinators; to everyone else the case is not a repeat,
  since the flag alone would tell them about the other case (`repeat_visible_q`).
- "Who has seen this case": data protection officers of an organisation that takes or
  took part in the case, and the partnership's conference coordinators. No case content.
- Revealing a protected address: decided by the case's partnership
  (`Partnership.address_reveal`): case workers of the referring organisation while it
  takes part (the default), case workers of every organisation taking part, or nobody.
  Always on top of case content access; see `may_reveal_address`.
- Nobody else: organisation administrators, national analysts, plan roles and superusers
  see nothing of the case layer, whatever other flags they have.

The rules are written once, as query filters (`participating_q`, `coordinated_q`), and
used both here (one object) and in `selectors` (lists), so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from samvern.accounts.models import CASE_CONTENT_ROLES, Organisation, Role
from samvern.cases.models import (
    Assessment,
    Case,
    CaseParticipant,
    Consent,
    InformationItem,
    Person,
    Share,
    ShareScope,
)
from samvern.partnerships.models import AddressReveal, PartnershipMember


class Need(enum.Enum):
    VIEW = "view"  # read case content
    EDIT = "edit"  # add or change case content
    CONFERENCE = "conference"  # conference-preparation facts; move a case to/through conference
    ADD_PARTICIPANT = "add_participant"  # share the case with another member organisation
    ACCESS_LOG = "access_log"  # "who has seen this case"
    REVEAL_ADDRESS = "reveal_address"
    SHARE = "share"  # share an information item beyond its author (items only)


@dataclass(frozen=True)
class CaseGrant:
    """What the acting organisation's user may do with one case."""

    organisation: Organisation
    roles: frozenset[str]
    content: bool
    conference: bool
    access_log: bool
    reveal_address: bool
    repeat: bool = False  # the case is a repeat, and this user may know it

    @property
    def coordinator_only(self) -> bool:
        return self.conference and not self.content


NO_ACCESS_ROLES: frozenset[str] = frozenset()


def today() -> dt.date:
    return timezone.localdate()


def _parse_id(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def acting_roles(actor: Any, organisation: Organisation | None) -> frozenset[str]:
    """The actor's roles in the acting organisation; nothing for anonymous, inactive and
    superuser accounts (a superuser must use a personal account for case work)."""
    if (
        actor is None
        or not getattr(actor, "is_authenticated", False)
        or not actor.is_active
        or actor.is_superuser
        or organisation is None
    ):
        return NO_ACCESS_ROLES
    return frozenset(actor.roles_in(organisation))


def participating_q(organisation: Organisation, day: dt.date) -> Q:
    """Cases in which `organisation` takes part on `day`, counted only while it is a
    member of the case's partnership that day."""
    takes_part = CaseParticipant.objects.filter(
        case=OuterRef("pk"), organisation=organisation, added_on__lte=day
    ).filter(Q(removed_on__isnull=True) | Q(removed_on__gt=day))
    member = PartnershipMember.objects.active_on(day).filter(
        partnership=OuterRef("partnership"), organisation=organisation
    )
    return Q(Exists(takes_part)) & Q(Exists(member))


def ever_participated_q(organisation: Organisation, day: dt.date) -> Q:
    return Q(
        Exists(
            CaseParticipant.objects.filter(
                case=OuterRef("pk"), organisation=organisation, added_on__lte=day
            )
        )
    )


def coordinated_q(organisation: Organisation) -> Q:
    return Q(partnership__coordinator=organisation)


def content_cases_q(roles: frozenset[str], organisation: Organisation, day: dt.date) -> Q:
    if not roles & CASE_CONTENT_ROLES:
        return Q(pk__in=[])
    return participating_q(organisation, day)


def conference_cases_q(roles: frozenset[str], organisation: Organisation, day: dt.date) -> Q:
    query = content_cases_q(roles, organisation, day)
    if Role.CONFERENCE_COORDINATOR in roles:
        query |= coordinated_q(organisation)
    return query


def access_log_cases_q(roles: frozenset[str], organisation: Organisation, day: dt.date) -> Q:
    query = Q(pk__in=[])
    if Role.DATA_PROTECTION_OFFICER in roles:
        query |= ever_participated_q(organisation, day)
    if Role.CONFERENCE_COORDINATOR in roles:
        query |= coordinated_q(organisation)
    return query


def repeat_visible_q(roles: frozenset[str], organisation: Organisation, day: dt.date) -> Q:
    """Repeat cases whose flag the actor may see: the earlier case is one they may see
    (content or conference facts), or they coordinate the partnership's conferences."""
    earlier_visible = Case.objects.filter(conference_cases_q(roles, organisation, day))
    query = Q(repeat_of__in=earlier_visible.values("pk"))
    if Role.CONFERENCE_COORDINATOR in roles:
        query |= coordinated_q(organisation)
    return Q(is_repeat=True) & query


def visible_items_q(organisation: Organisation, day: dt.date) -> Q:
    """Items `organisation` may read (given that it takes part in the case): its own,
    and those with an effective share to it or to all participants."""
    shared = (
        Share.objects.effective(day)
        .filter(item=OuterRef("pk"))
        .filter(Q(scope=ShareScope.ALL_PARTICIPANTS) | Q(recipients=organisation))
    )
    return Q(author_organisation=organisation) | Q(Exists(shared))


def may_reveal_address(
    case: Case, organisation: Organisation, roles: frozenset[str], *, content: bool
) -> bool:
    """The one place that decides who may reveal a protected address: a case worker
    whose organisation has case content access, as far as the partnership allows."""
    if not content or Role.CASE_WORKER not in roles:
        return False
    rule = case.partnership.address_reveal
    if rule == AddressReveal.PARTICIPATING_CASE_WORKERS:
        return True
    if rule == AddressReveal.REFERRING_CASE_WORKERS:
        return case.referring_organisation_id == organisation.pk
    return False  # AddressReveal.NOBODY, and any value not known here


def grant_for(
    actor: Any, case: Case, organisation: Organisation | None, *, day: dt.date | None = None
) -> CaseGrant | None:
    """What the actor may do with `case`, or None when nothing at all."""
    roles = acting_roles(actor, organisation)
    if not roles or organisation is None:
        return None
    day = day or today()
    this_case = Case.objects.filter(pk=case.pk)
    content = this_case.filter(content_cases_q(roles, organisation, day)).exists()
    conference = content or this_case.filter(conference_cases_q(roles, organisation, day)).exists()
    access_log = this_case.filter(access_log_cases_q(roles, organisation, day)).exists()
    grant = CaseGrant(
        organisation=organisation,
        roles=roles,
        content=content,
        conference=conference,
        access_log=access_log,
        reveal_address=may_reveal_address(case, organisation, roles, content=content),
        repeat=case.is_repeat
        and this_case.filter(repeat_visible_q(roles, organisation, day)).exists(),
    )
    if not (grant.content or grant.conference or grant.access_log):
        return None
    return grant


def _allows(grant: CaseGrant, need: Need) -> bool:
    if need in (Need.VIEW, Need.EDIT, Need.SHARE):
        return grant.content
    if need in (Need.CONFERENCE, Need.ADD_PARTICIPANT):
        return grant.conference
    if need is Need.ACCESS_LOG:
        return grant.access_log
    if need is Need.REVEAL_ADDRESS:
        return grant.reveal_address
    return False


def _granted_case(
    actor: Any, case: Case | None, need: Need, organisation: Organisation | None
) -> Case:
    if case is None:
        raise Http404
    grant = grant_for(actor, case, organisation)
    if grant is None or not _allows(grant, need):
        raise Http404
    case.grant = grant
    return case


def access_case(actor: Any, case_id: Any, need: Need, organisation: Organisation | None) -> Case:
    pk = _parse_id(case_id)
    if not acting_roles(actor, organisation):
        raise Http404
    case = (
        Case.objects.select_related("partnership", "referring_organisation", "referred_by")
        .filter(pk=pk)
        .first()
    )
    return _granted_case(actor, case, need, organisation)


def access_person(
    actor: Any, person_id: Any, need: Need, organisation: Organisation | None
) -> Person:
    pk = _parse_id(person_id)
    if need not in (Need.VIEW, Need.EDIT, Need.REVEAL_ADDRESS) or not acting_roles(
        actor, organisation
    ):
        raise Http404
    person = (
        Person.objects.select_related(
            "case__partnership", "case__referring_organisation", "case__referred_by"
        )
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404
    _granted_case(actor, person.case, need, organisation)
    return person


def access_item(
    actor: Any, item_id: Any, need: Need, organisation: Organisation | None
) -> InformationItem:
    """An information item: the organisation must take part in the case and the item
    must be visible to it; sharing it further is for its author organisation only."""
    pk = _parse_id(item_id)
    if need not in (Need.VIEW, Need.EDIT, Need.SHARE) or not acting_roles(actor, organisation):
        raise Http404
    assert organisation is not None
    day = today()
    item = (
        InformationItem.objects.select_related(
            "case__partnership", "case__referring_organisation", "author", "author_organisation"
        )
        .filter(pk=pk)
        .filter(visible_items_q(organisation, day))
        .first()
    )
    if item is None:
        raise Http404
    _granted_case(actor, item.case, Need.VIEW, organisation)
    if need in (Need.EDIT, Need.SHARE) and item.author_organisation_id != organisation.pk:
        raise Http404
    return item


def access_assessment(
    actor: Any, assessment_id: Any, need: Need, organisation: Organisation | None
) -> Assessment:
    pk = _parse_id(assessment_id)
    item_id = Assessment.objects.filter(pk=pk).values_list("item_id", flat=True).first()
    if item_id is None:
        raise Http404
    item = access_item(actor, item_id, need, organisation)
    assessment = item.assessment
    assessment.case = item.case
    return assessment


def access_consent(
    actor: Any, consent_id: Any, need: Need, organisation: Organisation | None
) -> Consent:
    pk = _parse_id(consent_id)
    if need not in (Need.VIEW, Need.EDIT) or not acting_roles(actor, organisation):
        raise Http404
    consent = (
        Consent.objects.select_related(
            "person__case__partnership",
            "person__case__referring_organisation",
            "recorded_by",
            "organisation",
        )
        .filter(pk=pk)
        .first()
    )
    if consent is None:
        raise Http404
    _granted_case(actor, consent.person.case, need, organisation)
    return consent
