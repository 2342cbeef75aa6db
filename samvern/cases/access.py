"""The only way to fetch one case-layer object for a user.

Every function raises the same `Http404` for "does not exist" and "not allowed", so a
page or API response never tells an outsider that a case exists.

Who sees what (the acting organisation is `actor.organisation`, checked against the
user's own memberships on every request; see `samvern.accounts.actor`):

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
- A referral to an organisation gives nothing of the above until the organisation
  accepts it: only an accepted participation takes part (`participating_q`,
  `ever_participated_q`). While it is pending, the receiving organisation's case workers
  see the referral's own fields only, through `access_referral` (`cases.referrals`): no
  reference, no persons, no case content.
- Nobody else: organisation administrators, national analysts, plan roles and superusers
  see nothing of the case layer, whatever other flags they have.

The rules are written once, as query filters (`participating_q`, `coordinated_q`), and
used both here (one object) and in `selectors` (lists), so the two cannot drift apart.

An access function returns what it decided: a `CaseAccess` (the case and the grant), or a
`PersonAccess`, `ItemAccess`, `AssessmentAccess` or `ConsentAccess` carrying the object
as well. Services that depend on the grant take that value; nothing is stamped on the
model. `access_cases` decides for many cases at once, without a view.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.models import CASE_CONTENT_ROLES, Organisation, Role
from samvern.cases.models import (
    Assessment,
    Case,
    CaseParticipant,
    Consent,
    InformationItem,
    Person,
    ReferralStatus,
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

    def allows(self, need: Need) -> bool:
        if need in (Need.VIEW, Need.EDIT, Need.SHARE):
            return self.content
        if need in (Need.CONFERENCE, Need.ADD_PARTICIPANT):
            return self.conference
        if need is Need.ACCESS_LOG:
            return self.access_log
        if need is Need.REVEAL_ADDRESS:
            return self.reveal_address
        return False


@dataclass(frozen=True)
class CaseAccess:
    """A case the actor was let through to, and what they may do with it."""

    case: Case
    grant: CaseGrant


@dataclass(frozen=True)
class PersonAccess(CaseAccess):
    person: Person


@dataclass(frozen=True)
class ItemAccess(CaseAccess):
    item: InformationItem


@dataclass(frozen=True)
class AssessmentAccess(ItemAccess):
    assessment: Assessment


@dataclass(frozen=True)
class ConsentAccess(CaseAccess):
    consent: Consent


def today() -> dt.date:
    return timezone.localdate()


def _parse_id(value: object) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def participating_q(organisation: Organisation, day: dt.date) -> Q:
    """Cases in which `organisation` takes part on `day`, counted only while it is a
    member of the case's partnership that day. Only an *accepted* referral takes part: a
    pending (or declined, or withdrawn) one gives no grant at all, whatever its dates."""
    takes_part = CaseParticipant.objects.filter(
        case=OuterRef("pk"),
        organisation=organisation,
        status=ReferralStatus.ACCEPTED,
        added_on__lte=day,
    ).filter(Q(removed_on__isnull=True) | Q(removed_on__gt=day))
    member = PartnershipMember.objects.active_on(day).filter(
        partnership=OuterRef("partnership"), organisation=organisation
    )
    return Q(Exists(takes_part)) & Q(Exists(member))


def ever_participated_q(organisation: Organisation, day: dt.date) -> Q:
    return Q(
        Exists(
            CaseParticipant.objects.filter(
                case=OuterRef("pk"),
                organisation=organisation,
                status=ReferralStatus.ACCEPTED,
                added_on__lte=day,
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
    *,
    rule: str,
    referring_organisation_id: uuid.UUID,
    organisation: Organisation,
    roles: frozenset[str],
    content: bool,
) -> bool:
    """The one place that decides who may reveal a protected address: a case worker
    whose organisation has case content access, as far as the partnership's `rule`
    (`Partnership.address_reveal`) allows."""
    if not content or Role.CASE_WORKER not in roles:
        return False
    if rule == AddressReveal.PARTICIPATING_CASE_WORKERS:
        return True
    if rule == AddressReveal.REFERRING_CASE_WORKERS:
        return referring_organisation_id == organisation.pk
    return False  # AddressReveal.NOBODY, and any value not known here


def grant_for_cases(
    actor: Actor, cases: Sequence[Case], *, day: dt.date | None = None
) -> dict[uuid.UUID, CaseGrant]:
    """What the actor may do with each of `cases`, by case id; a case they may do
    nothing with is left out. At most five queries, however many cases."""
    roles = actor.case_roles
    organisation = actor.organisation
    if not roles or organisation is None or not cases:
        return {}
    day = day or today()
    ids = [case.pk for case in cases]

    def matching(query: Q, among: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        if not among:
            return set()
        return set(
            Case.objects.filter(pk__in=among).filter(query).order_by().values_list("pk", flat=True)
        )

    content = matching(content_cases_q(roles, organisation, day), ids)
    conference = content | matching(
        conference_cases_q(roles, organisation, day), [pk for pk in ids if pk not in content]
    )
    access_log = matching(access_log_cases_q(roles, organisation, day), ids)
    repeat = matching(
        repeat_visible_q(roles, organisation, day), [case.pk for case in cases if case.is_repeat]
    )
    # The partnership's reveal rule, read from the case when it came with its partnership.
    rules: dict[uuid.UUID, str] = {
        case.pk: case.partnership.address_reveal
        for case in cases
        if case.pk in content and Case.partnership.is_cached(case)
    }
    missing = [pk for pk in content if pk not in rules]
    if missing and Role.CASE_WORKER in roles:
        rules.update(
            Case.objects.filter(pk__in=missing)
            .order_by()
            .values_list("pk", "partnership__address_reveal")
        )
    grants: dict[uuid.UUID, CaseGrant] = {}
    for case in cases:
        if not (case.pk in conference or case.pk in access_log):
            continue
        grants[case.pk] = CaseGrant(
            organisation=organisation,
            roles=roles,
            content=case.pk in content,
            conference=case.pk in conference,
            access_log=case.pk in access_log,
            reveal_address=may_reveal_address(
                rule=rules.get(case.pk, ""),
                referring_organisation_id=case.referring_organisation_id,
                organisation=organisation,
                roles=roles,
                content=case.pk in content,
            ),
            repeat=case.pk in repeat,
        )
    return grants


def grant_for(actor: Actor, case: Case, *, day: dt.date | None = None) -> CaseGrant | None:
    """What the actor may do with `case`, or None when nothing at all."""
    return grant_for_cases(actor, [case], day=day).get(case.pk)


def access_cases(
    actor: Actor, cases: Sequence[Case], need: Need, *, day: dt.date | None = None
) -> list[CaseAccess]:
    """The cases of `cases` the actor may use for `need`, in their order, each with its
    grant: for a service that acts on many cases at once (a conference moving its agenda
    on), in the same number of queries as one case."""
    grants = grant_for_cases(actor, cases, day=day)
    return [
        CaseAccess(case=case, grant=grants[case.pk])
        for case in cases
        if case.pk in grants and grants[case.pk].allows(need)
    ]


def _granted(actor: Actor, case: Case | None, need: Need) -> CaseGrant:
    if case is None:
        raise Http404
    grant = grant_for(actor, case)
    if grant is None or not grant.allows(need):
        raise Http404
    return grant


def access_case(actor: Actor, case_id: object, need: Need) -> CaseAccess:
    pk = _parse_id(case_id)
    if not actor.case_roles:
        raise Http404
    case = (
        Case.objects.select_related("partnership", "referring_organisation", "referred_by")
        .filter(pk=pk)
        .first()
    )
    grant = _granted(actor, case, need)
    assert case is not None
    return CaseAccess(case=case, grant=grant)


def access_person(actor: Actor, person_id: object, need: Need) -> PersonAccess:
    pk = _parse_id(person_id)
    if need not in (Need.VIEW, Need.EDIT, Need.REVEAL_ADDRESS) or not actor.case_roles:
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
    grant = _granted(actor, person.case, need)
    return PersonAccess(case=person.case, grant=grant, person=person)


def access_item(actor: Actor, item_id: object, need: Need) -> ItemAccess:
    """An information item: the organisation must take part in the case and the item
    must be visible to it; sharing it further is for its author organisation only."""
    pk = _parse_id(item_id)
    organisation = actor.organisation
    if need not in (Need.VIEW, Need.EDIT, Need.SHARE) or not actor.case_roles:
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
    grant = _granted(actor, item.case, Need.VIEW)
    if need in (Need.EDIT, Need.SHARE) and item.author_organisation_id != organisation.pk:
        raise Http404
    return ItemAccess(case=item.case, grant=grant, item=item)


def access_assessment(actor: Actor, assessment_id: object, need: Need) -> AssessmentAccess:
    pk = _parse_id(assessment_id)
    item_id = Assessment.objects.filter(pk=pk).values_list("item_id", flat=True).first()
    if item_id is None:
        raise Http404
    found = access_item(actor, item_id, need)
    assessment = found.item.assessment
    assessment.case = found.case
    return AssessmentAccess(
        case=found.case, grant=found.grant, item=found.item, assessment=assessment
    )


def access_consent(actor: Actor, consent_id: object, need: Need) -> ConsentAccess:
    pk = _parse_id(consent_id)
    if need not in (Need.VIEW, Need.EDIT) or not actor.case_roles:
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
    grant = _granted(actor, consent.person.case, need)
    return ConsentAccess(case=consent.person.case, grant=grant, consent=consent)
