"""Reads of the victim's voice for one case, given what the case layer granted. A fixed
number of queries however many persons, versions and advocates."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from samvern.accounts.models import CASE_CONTENT_ROLES, Membership, Organisation, OrganisationKind
from samvern.cases.models import Case, Consent, Person, PersonRole
from samvern.voice.models import Advocate, Wishes

# Organisations whose people may be named advocate: support services, not the police or
# the prosecution authority (who act on the person using violence).
NOT_SUPPORT_SERVICES = frozenset({OrganisationKind.POLICE, OrganisationKind.PROSECUTION})


@dataclass
class PersonVoice:
    person: Person
    versions: list[Wishes] = field(default_factory=list)
    advocates: list[Advocate] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)

    @property
    def current(self) -> Wishes | None:
        return self.versions[0] if self.versions else None

    @property
    def earlier(self) -> list[Wishes]:
        return self.versions[1:]

    @property
    def advocate(self) -> Advocate | None:
        return next((a for a in self.advocates if a.ended_on is None), None)


def exposed_persons(case: Case) -> QuerySet[Person]:
    return Person.objects.filter(case=case, role=PersonRole.EXPOSED).order_by(
        "last_name", "first_name"
    )


def case_voice(case: Case) -> list[PersonVoice]:
    """Each person exposed in the case with every version of her wishes (newest first),
    her advocates (current first) and her consents. Five queries."""
    persons = list(exposed_persons(case))
    ids = [person.pk for person in persons]
    versions: dict[uuid.UUID, list[Wishes]] = defaultdict(list)
    for wishes in (
        Wishes.objects.filter(person_id__in=ids)
        .select_related("recorded_by", "organisation")
        .prefetch_related("sharing__organisation")
        .order_by("-version")
    ):
        versions[wishes.person_id].append(wishes)
    advocates: dict[uuid.UUID, list[Advocate]] = defaultdict(list)
    for advocate in (
        Advocate.objects.filter(person_id__in=ids)
        .select_related("organisation", "user")
        .order_by("ended_on", "-started_on")
    ):
        advocates[advocate.person_id].append(advocate)
    consents: dict[uuid.UUID, list[Consent]] = defaultdict(list)
    for consent in (
        Consent.objects.filter(person_id__in=ids)
        .select_related("organisation")
        .order_by("-given_on", "-created_at")
    ):
        consents[consent.person_id].append(consent)
    return [
        PersonVoice(
            person=person,
            versions=versions[person.pk],
            advocates=advocates[person.pk],
            consents=consents[person.pk],
        )
        for person in persons
    ]


def current_advocates(case_ids: Sequence[uuid.UUID]) -> list[Advocate]:
    """The current advocates of these cases' persons exposed. One query."""
    return list(
        Advocate.objects.filter(case_id__in=list(case_ids), ended_on__isnull=True)
        .select_related("organisation", "user", "person")
        .order_by("person__last_name", "person__first_name")
    )


def advocate_candidates(organisations: Sequence[Organisation], *, day: dt.date) -> list[Membership]:
    """People who may be named advocate: case workers and coordinators of a support
    service taking part in the case. One query."""
    eligible = [o.pk for o in organisations if o.kind not in NOT_SUPPORT_SERVICES]
    if not eligible:
        return []
    return list(
        Membership.objects.current(day)
        .filter(
            Q(organisation__in=eligible),
            role__in=sorted(CASE_CONTENT_ROLES),
            user__is_active=True,
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__first_name", "user__username")
    )
