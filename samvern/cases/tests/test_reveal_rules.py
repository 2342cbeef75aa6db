"""Who may reveal a protected address is decided per partnership: the referring
organisation's case workers (default), every participating organisation's case workers,
or nobody. Everyone else gets the same 404, and only a reveal that happens is audited."""

from __future__ import annotations

import pytest
from django.test import Client

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.tests.conftest import PROTECTED_STREET
from samvern.partnerships.models import AddressReveal

PERSONAS = ("referrer", "participant", "member", "outsider", "coordinator", "dpo", "org_admin")
ALLOWED = {
    AddressReveal.REFERRING_CASE_WORKERS: {"referrer"},
    AddressReveal.PARTICIPATING_CASE_WORKERS: {"referrer", "participant"},
    AddressReveal.NOBODY: set(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("rule", list(AddressReveal))
def test_reveal_follows_the_partnership_rule(world, rule):
    world.partnership.address_reveal = rule
    world.partnership.save(update_fields=["address_reveal"])
    person_url = f"/cases/persons/{world.exposed.pk}/"
    url = f"{person_url}reveal-address/"
    for persona in PERSONAS:
        client = login(Client(), world.personas()[persona])
        allowed = persona in ALLOWED[rule]
        assert client.get(url).status_code == (200 if allowed else 404), persona
        response = client.post(url, {"reason": f"Trenger adressen ({persona})"})
        assert response.status_code == (200 if allowed else 404), persona
        assert (PROTECTED_STREET in response.content.decode()) is allowed, persona
        revealed = AuditEvent.objects.filter(
            action="cases.address.revealed", actor_label=world.personas()[persona].username
        )
        assert revealed.count() == (1 if allowed else 0), persona
        if allowed:
            assert revealed.get().detail["reason"] == f"Trenger adressen ({persona})"
        page = client.get(person_url)
        if page.status_code == 200:
            assert (url in page.content.decode()) is allowed, persona
            assert PROTECTED_STREET not in page.content.decode()
    assert AuditEvent.objects.filter(action="cases.address.revealed").count() == len(ALLOWED[rule])


@pytest.mark.django_db
def test_rule_nobody_also_keeps_the_protection_switched_on(world):
    """Removing protection would show the address, so it follows the same rule."""
    world.partnership.address_reveal = AddressReveal.NOBODY
    world.partnership.save(update_fields=["address_reveal"])
    client = login(Client(), world.referrer)
    response = client.post(
        f"/cases/persons/{world.exposed.pk}/edit/",
        {"first_name": "Tiril", "last_name": "Fjellstad", "gender": "female"},
    )
    assert response.status_code == 200
    world.exposed.refresh_from_db()
    assert world.exposed.protected_address is True
    assert not AuditEvent.objects.filter(action="cases.person.protection_changed").exists()
