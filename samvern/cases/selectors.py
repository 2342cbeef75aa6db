"""Reads of lists in the case layer. Every selector takes the actor and the acting
organisation, and filters with the same rules as `cases.access`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from samvern.accounts.models import CASE_CONTENT_ROLES, Organisation, Role
from samvern.audit.models import AuditEvent
from samvern.cases.access import (
    access_log_cases_q,
    acting_roles,
    conference_cases_q,
    content_cases_q,
    repeat_visible_q,
    today,
    visible_items_q,
)
from samvern.cases.models import (
    Assessment,
    Case,
    CaseParticipant,
    CaseState,
    Consent,
    InformationItem,
    Person,
    PersonRole,
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


def has_case_layer(actor: Any, organisation: Organisation | None) -> bool:
    """Whether the case layer exists at all for this actor in this organisation."""
    return bool(
        acting_roles(actor, organisation) & (CASE_CONTENT_ROLES | {Role.DATA_PROTECTION_OFFICER})
    )


def case_list(
    *,
    actor: Any,
    organisation: Organisation | None,
    tab: str = CaseTab.ORGANISATION,
    day: dt.date | None = None,
) -> QuerySet[Case]:
    """Cases the actor may know of in the acting organisation: those it takes part in
    (content), those of partnerships it coordinates (conference facts only), and for a
    data protection officer those it takes or took part in (the access log only)."""
    roles = acting_roles(actor, organisation)
    if not roles or organisation is None:
        return Case.objects.none()
    day = day or today()
    visible = conference_cases_q(roles, organisation, day) | access_log_cases_q(
        roles, organisation, day
    )
    cases = Case.objects.filter(visible)
    if tab == CaseTab.MINE:
        cases = cases.filter(content_cases_q(roles, organisation, day)).filter(referred_by=actor)
    elif tab == CaseTab.AWAITING:
        cases = cases.filter(state=CaseState.AWAITING_CONFERENCE)
    elif tab == CaseTab.REPEATS:
        cases = cases.filter(repeat_visible_q(roles, organisation, day))
    return cases.select_related("partnership", "referring_organisation").order_by(
        "-referred_on", "-created_at"
    )


@dataclass
class CaseRow:
    case: Case
    content: bool  # may open the case page
    conference: bool  # may open the conference summary
    access_log: bool
    exposed: list[Person] = field(default_factory=list)
    repeat: bool = False  # a repeat referral, and the actor may know it


def case_rows(
    *, actor: Any, organisation: Organisation, cases: list[Case], day: dt.date | None = None
) -> list[CaseRow]:
    """What each listed case lets the actor open, in a fixed number of queries; names of
    persons exposed only for cases whose content the actor may see."""
    roles = acting_roles(actor, organisation)
    day = day or today()
    ids = [case.pk for case in cases]
    content_ids = set(
        Case.objects.filter(pk__in=ids)
        .filter(content_cases_q(roles, organisation, day))
        .values_list("pk", flat=True)
    )
    conference_ids = set(
        Case.objects.filter(pk__in=ids)
        .filter(conference_cases_q(roles, organisation, day))
        .values_list("pk", flat=True)
    )
    log_ids = set(
        Case.objects.filter(pk__in=ids)
        .filter(access_log_cases_q(roles, organisation, day))
        .values_list("pk", flat=True)
    )
    repeat_ids = set(
        Case.objects.filter(pk__in=[case.pk for case in cases if case.is_repeat])
        .filter(repeat_visible_q(roles, organisation, day))
        .values_list("pk", flat=True)
    )
    exposed: dict[Any, list[Person]] = {}
    if content_ids:
        for person in Person.objects.filter(case_id__in=content_ids, role=PersonRole.EXPOSED):
            exposed.setdefault(person.case_id, []).append(person)
    return [
        CaseRow(
            case=case,
            content=case.pk in content_ids,
            conference=case.pk in conference_ids,
            access_log=case.pk in log_ids,
            exposed=exposed.get(case.pk, []),
            repeat=case.pk in repeat_ids,
        )
        for case in cases
    ]


def referral_partnerships(
    *, organisation: Organisation | None, day: dt.date | None = None
) -> QuerySet[Partnership]:
    """Partnerships the organisation may refer to: those it is a member of today."""
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
    return list(
        CaseParticipant.objects.filter(case=case)
        .select_related("organisation", "added_by")
        .order_by("added_on", "organisation__name")
    )


def current_participant_organisations(
    *, case: Case, day: dt.date | None = None
) -> QuerySet[Organisation]:
    day = day or today()
    return (
        Organisation.objects.filter(
            case_participations__case=case,
            case_participations__added_on__lte=day,
        )
        .filter(
            Q(case_participations__removed_on__isnull=True)
            | Q(case_participations__removed_on__gt=day)
        )
        .distinct()
        .order_by("name")
    )


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
    *, case: Case, organisation: Organisation, day: dt.date | None = None
) -> QuerySet[InformationItem]:
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
    at: Any
    kind: str  # referral, state, participant, item
    title: str
    obj: Any = None


def case_timeline(
    *, case: Case, organisation: Organisation, day: dt.date | None = None
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
    items = list(visible_items(case=case, organisation=organisation, day=day))
    for item in items:
        item.share_states = [  # type: ignore[attr-defined]
            (share, item_share_state(share, day)) for share in item.shares.all()
        ]
        entries.append(TimelineEntry(at=item.created_at, kind="item", title=item.title, obj=item))
    entries.sort(key=lambda entry: entry.at)
    return entries, items


def assessments_for_case(
    *, case: Case, organisation: Organisation, day: dt.date | None = None
) -> list[Assessment]:
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


def linked_records(
    *, actor: Any, organisation: Organisation, person: Person, day: dt.date | None = None
) -> list[Person]:
    """Other records of the same human, only in cases the actor may open."""
    roles = acting_roles(actor, organisation)
    day = day or today()
    accessible = Case.objects.filter(content_cases_q(roles, organisation, day))
    return list(
        Person.objects.filter(identity=person.identity, case__in=accessible)
        .exclude(pk=person.pk)
        .select_related("case")
        .order_by("-case__referred_on")
    )


def match_candidates(
    *, actor: Any, organisation: Organisation, person: Person, day: dt.date | None = None
) -> list[Person]:
    """Possible matches by name and birth date among records the actor may see, in the
    same partnership, not already linked. A person confirms a match; nothing is linked
    automatically on names."""
    if person.birth_date is None:
        return []
    roles = acting_roles(actor, organisation)
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
    return AuditEvent.objects.filter(detail__case=str(case.pk)).order_by("-id")
