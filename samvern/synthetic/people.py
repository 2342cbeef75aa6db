"""Organisations, users, memberships and second-factor devices: a plan editor for every
municipality, and for every partnership its agencies with case workers, a conference
coordinator and a data protection officer (the police district coordinates)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from samvern.accounts.models import (
    CASE_ROLES,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from samvern.places.models import Municipality
from samvern.synthetic.common import MARKER, USERNAME_PREFIX, Progress, insert, new_id, stream

FIRST_NAMES = [
    "Anne",
    "Inger",
    "Kari",
    "Marit",
    "Ingrid",
    "Liv",
    "Eva",
    "Berit",
    "Astrid",
    "Bjørg",
    "Hilde",
    "Nina",
    "Ida",
    "Nora",
    "Emma",
    "Sara",
    "Ole",
    "Per",
    "Jan",
    "Lars",
    "Kjell",
    "Knut",
    "Arne",
    "Bjørn",
    "Hans",
    "Geir",
    "Tor",
    "Erik",
    "Jon",
    "Magnus",
    "Jonas",
    "Emil",
    "Ali",
    "Fatima",
]
LAST_NAMES = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Henriksen",
    "Lund",
    "Sørensen",
    "Jakobsen",
    "Moen",
    "Gundersen",
    "Iversen",
    "Strand",
]

# The agencies of every partnership: (kind, name pattern, job title of its case workers).
AGENCIES: tuple[tuple[str, str, str], ...] = (
    (OrganisationKind.POLICE, "Politidistrikt {n}", "Familievoldskoordinator"),
    (OrganisationKind.CRISIS_CENTRE, "Krisesenter {n}", "Rådgiver"),
    (OrganisationKind.CHILD_WELFARE, "Barneverntjenesten {n}", "Barnevernskonsulent"),
    (OrganisationKind.HEALTH, "Legevakten {n}", "Sykepleier"),
    (OrganisationKind.SOCIAL_SERVICES, "NAV {n}", "Veileder"),
    (OrganisationKind.NGO, "Alternativ til Vold {n}", "Terapeut"),
)


def totp_key(seed: int, username: str) -> str:
    """The TOTP key (hex) of a synthetic user: known from the seed and the username, so a
    benchmark client can compute the current code (it is also in the logins file)."""
    return hashlib.sha256(f"samvern-synthetic:{seed}:{username}".encode()).hexdigest()[:40]


def totp_secret_base32(key_hex: str) -> str:
    return base64.b32encode(bytes.fromhex(key_hex)).decode()


@dataclass
class Person:
    """A synthetic user as the rest of the generator needs them."""

    id: int
    username: str
    organisation_id: str
    organisation_name: str
    role: str
    totp_key: str = ""


@dataclass
class Agency:
    organisation: Organisation
    case_workers: list[Person] = field(default_factory=list)


@dataclass
class PartnershipPeople:
    index: int
    municipalities: list[Municipality]
    agencies: list[Agency]
    coordinator: Person
    dpo: Person

    @property
    def police(self) -> Agency:
        return self.agencies[0]


@dataclass
class World:
    municipality_orgs: dict[int, Organisation]  # by municipality id
    plan_editors: dict[int, Person]  # by municipality id
    partnerships: list[PartnershipPeople]
    people: list[Person]
    password: str


class _Builder:
    def __init__(self, seed: int, password: str, joined_on: dt.date) -> None:
        self.seed = seed
        self.rng = stream(seed, "people")
        self.password_hash = make_password(password, salt=f"synthetic{seed}")
        self.joined_on = joined_on
        self.organisations: list[Organisation] = []
        self.served: list[tuple[Organisation, Municipality]] = []
        self.users: list[User] = []
        self.memberships: list[Membership] = []
        self.devices: list[TOTPDevice] = []
        self.people: list[Person] = []

    def organisation(self, name: str, kind: str, served: list[Municipality]) -> Organisation:
        organisation = Organisation(
            id=new_id(self.rng), name=f"{name} {MARKER}", kind=kind, is_active=True
        )
        self.organisations.append(organisation)
        self.served += [(organisation, m) for m in served]
        return organisation

    def user(self, username: str, organisation: Organisation, role: str, title: str) -> Person:
        username = f"{USERNAME_PREFIX}{username}"
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        user = User(
            id=len(self.users) + 1 + self.first_user_id,
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@synthetic.samvern.invalid",
            password=self.password_hash,
            is_active=True,
            date_joined=dt.datetime.combine(self.joined_on, dt.time(8), tzinfo=dt.UTC),
        )
        self.users.append(user)
        self.memberships.append(
            Membership(
                id=new_id(self.rng), user=user, organisation=organisation, role=role, title=title
            )
        )
        key = ""
        if role in CASE_ROLES:
            key = totp_key(self.seed, username)
            self.devices.append(TOTPDevice(user=user, name="synthetic", key=key, confirmed=True))
        person = Person(
            id=user.pk,
            username=username,
            organisation_id=str(organisation.pk),
            organisation_name=organisation.name,
            role=role,
            totp_key=key,
        )
        self.people.append(person)
        return person

    first_user_id = 0


def build_people(
    *,
    seed: int,
    password: str,
    municipalities: list[Municipality],
    partnerships: int,
    case_workers_per_organisation: int,
    joined_on: dt.date,
    progress: Progress,
) -> World:
    builder = _Builder(seed, password, joined_on)
    last = User.objects.order_by("-id").values_list("id", flat=True).first()
    builder.first_user_id = last or 0

    municipality_orgs: dict[int, Organisation] = {}
    plan_editors: dict[int, Person] = {}
    for municipality in municipalities:
        organisation = builder.organisation(
            f"{municipality.name} kommune", OrganisationKind.MUNICIPALITY, [municipality]
        )
        municipality_orgs[municipality.pk] = organisation
        plan_editors[municipality.pk] = builder.user(
            f"plan.{municipality.code}", organisation, Role.PLAN_EDITOR, "Plankoordinator"
        )

    groups: list[PartnershipPeople] = []
    count = max(1, partnerships)
    for index in range(count):
        # Neighbouring municipalities (by number) share a partnership.
        area = (
            municipalities[
                index * len(municipalities) // count : (index + 1) * len(municipalities) // count
            ]
            or municipalities[:1]
        )
        n = index + 1
        agencies: list[Agency] = []
        for kind, pattern, title in AGENCIES:
            organisation = builder.organisation(pattern.format(n=n), kind, area)
            agency = Agency(organisation)
            short = kind.replace("_", "")
            for worker in range(1, case_workers_per_organisation + 1):
                agency.case_workers.append(
                    builder.user(f"p{n}.{short}.{worker}", organisation, Role.CASE_WORKER, title)
                )
            agencies.append(agency)
        police = agencies[0].organisation
        coordinator = builder.user(
            f"p{n}.coordinator", police, Role.CONFERENCE_COORDINATOR, "Konferanseleder"
        )
        dpo = builder.user(f"p{n}.dpo", police, Role.DATA_PROTECTION_OFFICER, "Personvernombud")
        groups.append(PartnershipPeople(index, area, agencies, coordinator, dpo))

    total = (
        len(builder.organisations)
        + len(builder.served)
        + len(builder.users)
        + len(builder.memberships)
        + len(builder.devices)
    )
    progress.stage("organisations, users", total)
    insert(Organisation, builder.organisations, progress)
    Served = Organisation.municipalities.through
    insert(
        Served,
        [Served(organisation_id=o.pk, municipality_id=m.pk) for o, m in builder.served],
        progress,
    )
    insert(User, builder.users, progress)
    insert(Membership, builder.memberships, progress)
    insert(TOTPDevice, builder.devices, progress)
    return World(
        municipality_orgs=municipality_orgs,
        plan_editors=plan_editors,
        partnerships=groups,
        people=builder.people,
        password=password,
    )
