"""Someone named a member organisation's contact person or deputy is told by e-mail, once
the change is saved, in their own language, with a link to their getting-started page;
the e-mail names only the partnership and the organisation. Nobody is told of a change
that was refused, nor of one they made themselves; the audit event says whether the
e-mail went."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.audit.models import AuditEvent
from samvern.partnerships import services

pytestmark = pytest.mark.django_db


def _url(member):
    return reverse("partnerships:member_contacts", args=[member.partnership_id, member.pk])


def test_the_new_contact_person_and_deputy_are_told(
    login_as, hanne, shelter_member, nina, sofie, django_capture_on_commit_callbacks
):
    nina.preferred_language = "en"
    nina.save(update_fields=["preferred_language"])
    client = login_as(hanne)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(shelter_member), {"relay": nina.pk, "deputy": sofie.pk})
    assert response.status_code == 302
    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {nina.email, sofie.email}
    english = told[nina.email]
    assert english.subject == (
        "You are now contact person for Bergen krisesenter in Risikokonferanse Bergen"
    )
    assert "has named you contact person for Bergen krisesenter" in english.body
    onboarding = reverse("governance:my_onboarding", args=[shelter_member.partnership_id])
    assert onboarding in english.body
    # The deputy reads bokmål, the default.
    bokmal = told[sofie.email]
    assert bokmal.subject == (
        "Du er nå stedfortredende kontaktperson for Bergen krisesenter i Risikokonferanse Bergen"
    )
    assert onboarding in bokmal.body
    relay_event = AuditEvent.objects.get(action="partnerships.relay.changed")
    deputy_event = AuditEvent.objects.get(action="partnerships.deputy.changed")
    assert relay_event.detail["told_by_email"] is True
    assert deputy_event.detail["told_by_email"] is True


def test_no_e_mail_when_nothing_changes_for_the_person(
    hanne, shelter_member, nina, sofie, django_capture_on_commit_callbacks
):
    actor = Actor.load(hanne)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_contacts(actor=actor, member=shelter_member, relay=nina, deputy=None)
    assert [m.to for m in mail.outbox] == [[nina.email]]
    mail.outbox.clear()
    # Only the deputy is new: only the deputy is told.
    with django_capture_on_commit_callbacks(execute=True):
        services.set_contacts(actor=actor, member=shelter_member, relay=nina, deputy=sofie)
    assert [m.to for m in mail.outbox] == [[sofie.email]]


def test_someone_who_names_themselves_is_not_told(
    siv, shelter_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.set_contacts(actor=Actor.load(siv), member=shelter_member, relay=siv, deputy=None)
    assert mail.outbox == []
    assert AuditEvent.objects.get(action="partnerships.relay.changed").detail["told_by_email"] is (
        False
    )


def test_a_refused_change_tells_nobody(
    login_as, nina, otto, shelter_member, sofie, django_capture_on_commit_callbacks
):
    # A reader of the member and an outsider get 404; nothing is sent or changed.
    for user in (nina, otto):
        with django_capture_on_commit_callbacks(execute=True):
            response = login_as(user).post(_url(shelter_member), {"relay": sofie.pk})
        assert response.status_code == 404
    assert mail.outbox == []
    shelter_member.refresh_from_db()
    assert shelter_member.relay is None
    assert not AuditEvent.objects.filter(action="partnerships.relay.changed").exists()
