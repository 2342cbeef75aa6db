"""Password reset by e-mail with Django's views and this product's templates."""

import re

from django.core import mail
from django.test import Client

from samvern.audit.models import AuditEvent


def test_a_reset_link_is_mailed_and_sets_a_new_password(client, alice):
    response = client.get("/accounts/password/reset/")
    assert response.status_code == 200
    assert 'autocomplete="email"' in response.content.decode()
    response = client.post("/accounts/password/reset/", {"email": alice.email.upper()})
    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [alice.email]
    assert "alice" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)

    response = client.get(link)
    assert response.status_code == 302
    response = client.post(
        response.url,
        {"new_password1": "another good sentence 9", "new_password2": "another good sentence 9"},
    )
    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    alice.refresh_from_db()
    assert alice.check_password("another good sentence 9")
    event = AuditEvent.objects.get(action="accounts.password.reset")
    assert event.actor_id == str(alice.pk)

    # The same link does not work twice.
    response = Client().get(link, follow=True)
    assert "new_password1" not in response.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 0


def test_a_forged_link_is_refused(client, alice):
    response = client.get("/accounts/password/reset/MQ/forged-token/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "new_password1" not in content
    assert 'data-color="danger"' in content


def test_mismatching_passwords_change_nothing(client, alice):
    client.post("/accounts/password/reset/", {"email": alice.email})
    link = re.search(r"http://testserver(/accounts/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link)
    response = client.post(
        response.url,
        {"new_password1": "another good sentence 9", "new_password2": "a different one 10"},
    )
    assert response.status_code == 200
    assert 'class="ds-error-summary"' in response.content.decode()
    alice.refresh_from_db()
    assert not alice.check_password("another good sentence 9")


def test_the_reset_mail_is_in_norwegian_by_default(client, alice):
    client.post("/accounts/password/reset/", {"email": alice.email})
    assert "passord" in mail.outbox[0].subject.lower()
