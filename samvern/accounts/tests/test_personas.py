"""The persona module: one definition of each persona, and the fixtures built from it."""

from __future__ import annotations

import pytest

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, Role, User
from samvern.accounts.tests import personas
from samvern.accounts.tests.factories import OrganisationFactory


def test_every_persona_has_its_own_username() -> None:
    usernames = [persona.username for persona in personas.ALL]

    assert len(usernames) == len(set(usernames))


@pytest.mark.django_db
def test_a_persona_holds_its_roles_in_its_organisation() -> None:
    police: Organisation = OrganisationFactory(name="Politiet")

    user = personas.make_persona(personas.REFERRER, police)

    assert user.username == "referrer"
    assert set(user.memberships.values_list("role", flat=True)) == {Role.CASE_WORKER}
    assert user.requires_second_factor
    assert user.totpdevice_set.filter(confirmed=True).exists()


@pytest.mark.django_db
def test_the_superuser_needs_no_organisation_and_others_do() -> None:
    root = personas.make_persona(personas.SUPERUSER)

    assert root.is_superuser and root.is_staff
    assert not root.memberships.exists()
    with pytest.raises(ValueError):
        personas.make_persona(personas.ALICE)


@pytest.mark.django_db
def test_actor_for_acts_for_the_organisation_named(alice: User, bergen_org: Organisation) -> None:
    other: Organisation = OrganisationFactory(name="Aaa først")
    alice.memberships.create(organisation=other, role=Role.PLAN_READER)

    assert personas.actor_for(alice, bergen_org).organisation == bergen_org
    assert personas.actor_for(alice, bergen_org).roles == {Role.PLAN_EDITOR}
    assert personas.actor_for(alice).organisation == other  # first by name, as Actor.load


@pytest.mark.django_db
def test_the_root_fixtures_are_built_from_the_module(
    alice: User, bob: User, dora: User, charlie: User, bergen_org: Organisation, actor: object
) -> None:
    assert [alice.username, bob.username, dora.username, charlie.username] == [
        "alice",
        "bob",
        "dora",
        "charlie",
    ]
    assert actor is personas.actor_for
    for user, role in ((alice, Role.PLAN_EDITOR), (bob, Role.PLAN_READER), (dora, Role.ORG_ADMIN)):
        acting = personas.actor_for(user, bergen_org)
        assert isinstance(acting, Actor)
        assert acting.organisation == bergen_org
        assert acting.roles == {role}
    assert personas.actor_for(charlie).organisation.name == "Stavanger kommune"
    assert personas.actor_for(None).user is None
