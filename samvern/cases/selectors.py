"""Reads of lists in the case layer. Every selector whose answer depends on who asks
takes the actor (the acting organisation is `actor.organisation`) and filters with the
same rules as `cases.access`; the others read inside a case already fetched through
`cases.access`."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db.models import Exists, Model, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from samvern.accounts.actor import Actor
from samvern.accounts.models import CASE_CONTENT_ROLES, Organisation, Role
from samvern.audit.models import AuditEvent
from samvern.cases.access import (
    access_log_cases_q,
    conference_cases_q,
    content_cases_q,
    grant_for_cases,
    repeat_visible_q,
    today,
    visible_items_q,
)
from samvern.cases.listing import CASE_LIST_ORDER
from samvern.cases.models import (
    Assessment,
    Case,
    CaseParticipant,
    CaseState,
    Consent,
    InformationItem,
    Person,
    PersonRole,
    ReferralStatus,
    Share,
    StateChange,
)
from samvern.partnerships.models import Partnership, PartnershipMember


class CaseTab:
    MINE = "mine"
    ORGANISATION = "organisation"
    AWAITING = "awaiting"
    REPEATS = "repeats"
    ALL = (MINE, ORGANISATION, AWAITING, REPEATS)


def has_case_layer(actor: Actor) -> bool:
    """Whether the case layer exists at all for this actor in the acting organisation."""
    return bool(actor.case_roles & (CASE_CONTENT_ROLES | {Role.DATA_PROTECTION_OFFICER}))


def case_list(
    *,
    actor: Actor,
    tab: str = CaseTab.ORGANISATION,
    day: dt.date | None = None,
) -> QuerySet[Case]:
    """Cases the actor may know of in the acting organisation: those it takes part in
    (content), those of partnerships it coordinates (conference facts only), and for a
    data protection officer those it takes or took part in (the access log only)."""
    roles, organisation = actor.case_roles, actor.organisation
    if not roles or organisation is None:
        return Case.objects.none()
    day = day or today()
    visible = conference_cases_q(roles, organisation, day) | access_log_cases_q(
        roles, organisation, day
    )
    cases = Case.objects.filter(visible)
    if tab == CaseTab.MINE:
        cases = cases.filter(content_cases_q(roles, organisation, day)).filter(
            referred_by=actor.user
        )
    elif tab == CaseTab.AWAITING:
        cases = cases.filter(state=CaseState.AWAITING_CONFERENCE)
    elif tab == CaseTab.REPEATS:
        cases = cases.filter(repeat_visible_q(roles, organisation, day))
    return cases.select_related("partnership", "referring_organisation").order_by(*CASE_LIST_ORDER)


@dataclass
class CaseRow:
    case: Case
    content: bool  # may open the case page
    conference: bool  # may open the conference summary
    access_log: bool
    exposed: list[Person] = field(default_factory=list)
    repeat: bool = False  # a repeat referral, and the actor may know it


def case_rows(*, actor: Actor, cases: list[Case], day: dt.date | None = None) -> list[CaseRow]:
    """What each listed case lets the actor open, in a fixed number of queries; names of
    persons exposed only for cases whose content the actor may see."""
    grants = grant_for_cases(actor, cases, day=day)
    content_ids = [pk for pk, grant in grants.items() if grant.content]
    exposed: dict[uuid.UUID, list[Person]] = {}
    if content_ids:
        for person in Person.objects.filter(case_id__in=content_ids, role=PersonRole.EXPOSED):
            exposed.setdefault(person.case_id, []).append(person)
    rows = []
    for case in cases:
        grant = grants.get(case.pk)
        rows.append(
            CaseRow(
                case=case,
                content=grant is not None and grant.content,
                conference=grant is not None and grant.conference,
                access_log=grant is not None and grant.access_log,
                exposed=exposed.get(case.pk, []),
                repeat=grant is not None and grant.repeat,
            )
        )
    return rows


def referral_partnerships(*, actor: Actor, day: dt.date | None = None) -> QuerySet[Partnership]:
    """Partnerships the acting organisation may refer to: those it is a member of today."""
    organisation = actor.organisation
    if organisation is None:
        return Partnership.objects.none()
    day = day or today()
    return Partnership.objects.filter(
        is_active=True,
        pk__in=PartnershipMember.objects.active_on(day)
        .filter(organisation=organisation)
        .values("partnership_id"),
    ).order_by("name")


def participants(*, case: Case, day: dt.date | None = None) -> list[CaseParticipant]:
    """Every participation of the case, accepted or not (the case page shows pending,
    declined and overdue referrals to those who take part)."""
    return list(
        CaseParticipant.objects.filter(case=case)
        .select_related("organisation", "added_by", "referring_organisation", "responded_by")
        .order_by("referred_on", "added_on", "organisation__name")
    )


def current_participant_organisations(
    *, case: Case, day: dt.date | None = None
) -> QuerySet[Organisation]:
    """The organisations that take part in the case on `day`: an accepted participation
    open that day (a pending referral does not take part)."""
    day = day or today()
    takes_part = CaseParticipant.objects.filter(
        case=case,
        organisation=OuterRef("pk"),
        status=ReferralStatus.ACCEPTED,
        added_on__lte=day,
    ).filter(Q(removed_on__isnull=True) | Q(removed_on__gt=day))
    return Organisation.objects.filter(Exists(takes_part)).order_by("name")


def candidate_participants(*, case: Case, day: dt.date | None = None) -> QuerySet[Organisation]:
    """Member organisations of the case's partnership that do not take part yet."""
    day = day or today()
    return (
        Organisation.objects.filter(
            pk__in=PartnershipMember.objects.active_on(day)
            .filter(partnership=case.partnership_id)
            .values("organisation_id")
        )
        .exclude(
            pk__in=CaseParticipant.objects.filter(case=case, removed_on__isnull=True).values(
                "organisation_id"
            )
        )
        .order_by("name")
    )


def case_persons(*, case: Case) -> list[Person]:
    return list(Person.objects.filter(case=case).order_by("role", "last_name", "first_name"))


def visible_items(
    *, actor: Actor, case: Case, day: dt.date | None = None
) -> QuerySet[InformationItem]:
    """The items of `case` the acting organisation may read."""
    organisation = actor.organisation
    if organisation is None:
        return InformationItem.objects.none()
    day = day or today()
    return (
        InformationItem.objects.filter(case=case)
        .filter(visible_items_q(organisation, day))
        .select_related("author", "author_organisation", "assessment", "assessment__person")
        .prefetch_related(
            Prefetch(
                "shares",
                queryset=Share.objects.select_related("consent", "organisation", "shared_by")
                .prefetch_related("recipients")
                .order_by("created_at"),
            )
        )
        .order_by("created_at")
    )


def item_share_state(share: Share, day: dt.date) -> str:
    if share.revoked_at is not None:
        return "revoked"
    if share.consent is not None and share.consent.withdrawn_at is not None:
        return "consent_withdrawn"
    if share.expires_on is not None and share.expires_on < day:
        return "expired"
    return "effective"


@dataclass
class TimelineEntry:
    at: dt.datetime
    kind: str  # referral, state, participant, item
    title: str
    obj: Model | None = None


def case_timeline(
    *, actor: Actor, case: Case, day: dt.date | None = None
) -> tuple[list[TimelineEntry], list[InformationItem]]:
    """Referral, state changes, participation and the information items visible to the
    organisation (with their shares), oldest first. A fixed number of queries."""
    from django.utils.translation import gettext as _

    day = day or today()
    entries: list[TimelineEntry] = [
        TimelineEntry(at=case.created_at, kind="referral", title=_("Referred"), obj=case)
    ]
    for change in StateChange.objects.filter(case=case).select_related(
        "changed_by", "organisation"
    ):
        entries.append(
            TimelineEntry(
                at=change.created_at, kind="state", title=change.get_to_state_display(), obj=change
            )
        )
    for participation in CaseParticipant.objects.filter(case=case).select_related(
        "organisation", "added_by"
    ):
        if participation.organisation_id == case.referring_organisation_id:
            continue
        entries.append(
            TimelineEntry(
                at=participation.created_at,
                kind="participant",
                title=participation.organisation.name,
                obj=participation,
            )
        )
    items = list(visible_items(actor=actor, case=case, day=day))
    for item in items:
        item.share_states = [  # type: ignore[attr-defined]
            (share, item_share_state(share, day)) for share in item.shares.all()
        ]
        entries.append(TimelineEntry(at=item.created_at, kind="item", title=item.title, obj=item))
    entries.sort(key=lambda entry: entry.at)
    return entries, items


def assessments_for_case(
    *, actor: Actor, case: Case, day: dt.date | None = None
) -> list[Assessment]:
    organisation = actor.organisation
    if organisation is None:
        return []
    day = day or today()
    return list(
        Assessment.objects.filter(case=case)
        .filter(
            item__in=InformationItem.objects.filter(case=case).filter(
                visible_items_q(organisation, day)
            )
        )
        .select_related("assessor", "organisation", "person", "item")
        .order_by("assessed_at")
    )


def consents_for_case(*, case: Case) -> list[Consent]:
    return list(
        Consent.objects.filter(person__case=case)
        .select_related("person", "recorded_by", "organisation", "withdrawn_by")
        .order_by("-given_on", "-created_at")
    )


def active_consents_for_case(*, case: Case) -> QuerySet[Consent]:
    return Consent.objects.filter(person__case=case, withdrawn_at__isnull=True).select_related(
        "person"
    )


def linked_records(*, actor: Actor, person: Person, day: dt.date | None = None) -> list[Person]:
    """Other records of the same human, only in cases the actor may open."""
    roles, organisation = actor.case_roles, actor.organisation
    if organisation is None:
        return []
    day = day or today()
    accessible = Case.objects.filter(content_cases_q(roles, organisation, day))
    return list(
        Person.objects.filter(identity=person.identity, case__in=accessible)
        .exclude(pk=person.pk)
        .select_related("case")
        .order_by("-case__referred_on")
    )


def match_candidates(*, actor: Actor, person: Person, day: dt.date | None = None) -> list[Person]:
    """Possible matches by name and birth date among records the actor may see, in the
    same partnership, not already linked. A person confirms a match; nothing is linked
    automatically on names."""
    roles, organisation = actor.case_roles, actor.organisation
    if person.birth_date is None or organisation is None:
        return []
    day = day or today()
    accessible = Case.objects.filter(content_cases_q(roles, organisation, day)).filter(
        partnership=person.case.partnership_id
    )
    return list(
        Person.objects.annotate(first=Lower("first_name"), last=Lower("last_name"))
        .filter(
            case__in=accessible,
            birth_date=person.birth_date,
            first=person.first_name.lower(),
            last=person.last_name.lower(),
        )
        .exclude(identity=person.identity)
        .select_related("case")
    )


def access_log(*, case: Case) -> QuerySet[AuditEvent]:
    """Every audit event about the case: reads and writes, by anyone."""
    # `case_id` holds the event's `detail.case` (indexed with id, newest first).
    return AuditEvent.objects.filter(case_id=str(case.pk)).order_by("-id")
