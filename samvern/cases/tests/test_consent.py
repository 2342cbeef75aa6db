"""Acceptance 4: withdrawing consent hides consent-based shares from recipients at once;
other legal bases and the author are unaffected; all of it is audited."""

from __future__ import annotations

import pytest
from django.test import Client

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases import selectors, services
from samvern.cases.models import LegalBasis, ShareScope
from samvern.cases.services import CaseRuleError, ShareData
from samvern.core.testing import choose_language


def _titles(world, organisation):
    # What a case worker of `organisation` reads (the items depend on the organisation).
    reader = organisation.memberships.filter(role="case_worker").first().user
    actor = Actor.load(reader, organisation=organisation)
    return {i.title for i in selectors.visible_items(actor=actor, case=world.case)}


@pytest.mark.django_db
def test_withdrawing_consent_hides_consent_based_shares_from_recipients(world):
    recipient = login(Client(), world.participant)
    item_url = f"/cases/items/{world.note_consent.pk}/"
    assert recipient.get(item_url).status_code == 200
    assert world.note_consent.title in recipient.get(f"/cases/{world.case.pk}/").content.decode()

    author = login(Client(), world.referrer)
    response = author.post(f"/cases/consents/{world.consent.pk}/withdraw/", {"confirm": "on"})
    assert response.status_code == 302

    # Recipients: gone at once, from pages and API.
    assert recipient.get(item_url).status_code == 404
    assert recipient.get(f"/api/v1/cases/items/{world.note_consent.pk}/").status_code == 404
    page = recipient.get(f"/cases/{world.case.pk}/").content.decode()
    assert world.note_consent.title not in page
    # Other legal bases: unaffected.
    assert world.note_all.title in page
    assert recipient.get(f"/cases/items/{world.note_all.pk}/").status_code == 200
    # The author keeps its own information and sees the share as stopped.
    assert author.get(item_url).status_code == 200
    assert world.note_consent.title in _titles(world, world.police)

    withdrawn = AuditEvent.objects.get(action="cases.consent.withdrawn")
    assert withdrawn.actor_label == "referrer"
    assert withdrawn.target_id == str(world.consent.pk)
    stopped = AuditEvent.objects.filter(action="cases.share.stopped")
    assert stopped.count() == 1
    assert stopped.get().detail["item"] == str(world.note_consent.pk)


@pytest.mark.django_db
def test_what_the_recipient_saw_stays_in_the_audit_trail(world):
    recipient = login(Client(), world.participant)
    recipient.get(f"/cases/items/{world.note_consent.pk}/")
    services.withdraw_consent(
        actor=Actor.load(world.referrer, organisation=world.police), consent=world.consent
    )
    assert AuditEvent.objects.filter(
        action="cases.item.viewed",
        actor_label="participant",
        target_id=str(world.note_consent.pk),
    ).exists()


@pytest.mark.django_db
def test_a_withdrawn_consent_cannot_be_used_for_new_shares(world):
    services.withdraw_consent(
        actor=Actor.load(world.referrer, organisation=world.police), consent=world.consent
    )
    with pytest.raises(CaseRuleError):
        services.share_item(
            actor=Actor.load(world.referrer, organisation=world.police),
            item=world.note_private,
            data=ShareData(
                scope=ShareScope.NAMED,
                legal_basis=LegalBasis.CONSENT,
                purpose="x",
                recipients=[world.crisis],
                consent=world.consent,
            ),
        )
    assert world.note_private.title not in _titles(world, world.crisis)


@pytest.mark.django_db
def test_withdrawing_twice_is_refused_and_changes_nothing(world):
    services.withdraw_consent(
        actor=Actor.load(world.referrer, organisation=world.police), consent=world.consent
    )
    count = AuditEvent.objects.count()
    client = login(Client(), world.referrer)
    response = client.post(f"/cases/consents/{world.consent.pk}/withdraw/", {"confirm": "on"})
    assert response.status_code == 200
    assert AuditEvent.objects.count() == count


@pytest.mark.django_db
def test_recording_consent_through_the_page(world):
    client = login(Client(), world.participant)
    response = client.post(
        f"/cases/{world.case.pk}/consents/",
        {"person": str(world.exposed.pk), "scope": "Deling med NAV", "given_on": "2020-01-01"},
    )
    assert response.status_code == 302
    assert world.exposed.consents.filter(scope="Deling med NAV").exists()
    assert AuditEvent.objects.filter(
        action="cases.consent.recorded", actor_label="participant"
    ).exists()


@pytest.mark.django_db
def test_consent_page_refuses_a_future_date_with_a_message(world):
    client = login(Client(), world.referrer)
    response = client.post(
        f"/cases/{world.case.pk}/consents/",
        {"person": str(world.exposed.pk), "scope": "X", "given_on": "2999-01-01"},
    )
    assert response.status_code == 200
    assert not world.exposed.consents.filter(scope="X").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "date_format"), [("nb", "%d.%m.%Y"), ("en", "%d/%m/%Y")])
def test_the_share_forms_consent_choice_reads_like_the_other_choices(world, language, date_format):
    client = choose_language(login(Client(), world.referrer), language)
    page = client.get(f"/cases/items/{world.note_all.pk}/share/").content.decode()
    given_on = world.consent.given_on.strftime(date_format)
    assert f"{world.consent.person.full_name} · {given_on} · " in page
    assert "---------" not in page  # the empty choice is "—", as for the legal basis
