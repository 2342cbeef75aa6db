"""Every persona of the test suite, defined once.

A persona is a username and the roles it holds in its organisation; the fixtures (root
conftest.py, the case world of samvern/cases/tests/conftest.py) decide which organisation
that is and build the user with `make_persona`. `actor_for` is the Actor a test acts as.

Plans (root conftest; see docs/architecture.md): in the municipality of Bergen, *alice*
edits plans, *bob* reads them (a councillor), *dora* administers the organisation;
*charlie* edits plans for Stavanger (an outsider to Bergen's plans); *per* edits plans
for Askøy (plans tests).

Cases (the case world): *referrer* is a case worker of the police, which refers the case;
*participant* a case worker of the crisis centre, which takes part; *memberworker* a case
worker of child welfare (a member of the partnership, not taking part); *outsider* a case
worker of an organisation that is not a member; *coordinator* the conference coordinator
of the coordinator organisation (the municipality); *orgadmin* administers the police;
*analyst* is a national analyst; *dpo* the police's data protection officer; *root* is a
superuser.

Partnerships: *hanne* coordinates conferences for the police (the coordinator), *nina*
and *sofie* are case workers of the crisis centre (a member), *siv* administers it,
*otto* is a case worker of an organisation that is not a member, *rolf* of one that left.

Risk: *carl* (case worker), *cora* (conference coordinator) and *dag* (data protection
officer), all of the police.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, OrganisationKind, Role, User
from samvern.accounts.testing import make_member


@dataclass(frozen=True)
class Persona:
    username: str
    roles: tuple[str, ...] = ()
    superuser: bool = False


# Plans
ALICE = Persona("alice", (Role.PLAN_EDITOR,))
BOB = Persona("bob", (Role.PLAN_READER,))
DORA = Persona("dora", (Role.ORG_ADMIN,))
CHARLIE = Persona("charlie", (Role.PLAN_EDITOR,))
PER = Persona("per", (Role.PLAN_EDITOR,))

# Cases (the case world)
REFERRER = Persona("referrer", (Role.CASE_WORKER,))
PARTICIPANT = Persona("participant", (Role.CASE_WORKER,))
MEMBER_WORKER = Persona("memberworker", (Role.CASE_WORKER,))
OUTSIDER = Persona("outsider", (Role.CASE_WORKER,))
COORDINATOR = Persona("coordinator", (Role.CONFERENCE_COORDINATOR,))
ORG_ADMIN = Persona("orgadmin", (Role.ORG_ADMIN,))
ANALYST = Persona("analyst", (Role.NATIONAL_ANALYST,))
DPO = Persona("dpo", (Role.DATA_PROTECTION_OFFICER,))
SUPERUSER = Persona("root", superuser=True)

# Partnerships
HANNE = Persona("hanne", (Role.CONFERENCE_COORDINATOR,))
NINA = Persona("nina", (Role.CASE_WORKER,))
SOFIE = Persona("sofie", (Role.CASE_WORKER,))
SIV = Persona("siv", (Role.ORG_ADMIN,))
OTTO = Persona("otto", (Role.CASE_WORKER,))
ROLF = Persona("rolf", (Role.CASE_WORKER,))

# Risk
CARL = Persona("carl", (Role.CASE_WORKER,))
CORA = Persona("cora", (Role.CONFERENCE_COORDINATOR,))
DAG = Persona("dag", (Role.DATA_PROTECTION_OFFICER,))

ALL: tuple[Persona, ...] = (
    ALICE,
    BOB,
    DORA,
    CHARLIE,
    PER,
    REFERRER,
    PARTICIPANT,
    MEMBER_WORKER,
    OUTSIDER,
    COORDINATOR,
    ORG_ADMIN,
    ANALYST,
    DPO,
    SUPERUSER,
    HANNE,
    NINA,
    SOFIE,
    SIV,
    OTTO,
    ROLF,
    CARL,
    CORA,
    DAG,
)


def make_persona(persona: Persona, organisation: Organisation | None = None) -> User:
    """The persona's user, holding its roles in `organisation` (a superuser needs none);
    case roles get a confirmed second factor, as with `make_member`."""
    from samvern.accounts.tests.factories import UserFactory

    if persona.superuser:
        return cast(User, UserFactory(username=persona.username, is_superuser=True, is_staff=True))
    if organisation is None:
        raise ValueError(f"{persona.username} needs an organisation")
    return make_member(organisation, *persona.roles, username=persona.username)


def make_organisation(
    name: str, kind: str = OrganisationKind.MUNICIPALITY, **fields: object
) -> Organisation:
    """An organisation for personas to belong to (`municipalities=[...]` sets its area)."""
    from samvern.accounts.tests.factories import OrganisationFactory

    return cast(Organisation, OrganisationFactory(name=name, kind=kind, **fields))


def actor_for(user: User | None, organisation: Organisation | None = None) -> Actor:
    """The Actor `user` is when acting for `organisation` (by default the first of their
    organisations by name, as `Actor.load` picks)."""
    return Actor.load(user, organisation=organisation)
