"""Every directory route × persona: members read, the coordinator and the member
organisation's administrator (for their own entries) write, everyone else gets the same
404 as for a directory that does not exist; refused writes change nothing."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.directory.models import DirectorySettings, Service

pytestmark = pytest.mark.django_db

READ_ROUTES = ["list", "print", "print_pdf", "export_csv"]
SERVICE_READ_ROUTES = ["detail"]


def _get(client, user, url):
    if user is not None:
        login(client, user)
    return client.get(url)


def _not_found_body(client):
    return client.get(reverse("directory:list", args=[uuid.uuid4()])).content


@pytest.mark.parametrize("route", READ_ROUTES)
@pytest.mark.parametrize(
    ("persona", "status"),
    [("coord", 200), ("admin", 200), ("member", 200), ("outsider", 404)],
)
def test_partnership_routes(client, request, partnership, shelter_service, route, persona, status):
    user = request.getfixturevalue(persona)
    response = _get(client, user, reverse(f"directory:{route}", args=[partnership.pk]))
    assert response.status_code == status
    if status == 404:
        assert response.content == _not_found_body(client)


@pytest.mark.parametrize("route", [*READ_ROUTES, "create", "settings"])
def test_anonymous_is_sent_to_sign_in(client, partnership, route):
    response = client.get(reverse(f"directory:{route}", args=[partnership.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"] or "sign" in response["Location"]


@pytest.mark.parametrize(
    ("route", "persona", "status"),
    [
        ("detail", "coord", 200),
        ("detail", "admin", 200),
        ("detail", "member", 200),
        ("detail", "outsider", 404),
        ("edit", "coord", 200),
        ("edit", "admin", 200),
        ("edit", "member", 404),
        ("edit", "outsider", 404),
        ("measures", "coord", 200),
        ("measures", "admin", 404),
        ("measures", "member", 404),
        ("measures", "outsider", 404),
    ],
)
def test_service_routes(client, request, partnership, shelter_service, route, persona, status):
    user = request.getfixturevalue(persona)
    url = reverse(f"directory:{route}", args=[partnership.pk, shelter_service.pk])
    assert _get(client, user, url).status_code == status


@pytest.mark.parametrize(
    ("route", "persona", "status"),
    [
        ("create", "coord", 200),
        ("create", "admin", 200),
        ("create", "member", 404),
        ("create", "outsider", 404),
        ("settings", "coord", 200),
        ("settings", "admin", 404),
        ("settings", "member", 404),
        ("settings", "outsider", 404),
    ],
)
def test_write_pages(client, request, partnership, route, persona, status):
    user = request.getfixturevalue(persona)
    url = reverse(f"directory:{route}", args=[partnership.pk])
    assert _get(client, user, url).status_code == status


def test_admin_cannot_edit_another_providers_entry(client, admin, partnership, programme):
    url = reverse("directory:edit", args=[partnership.pk, programme.pk])
    assert _get(client, admin, url).status_code == 404


def test_entry_of_another_partnership_is_not_found(client, coord, partnership, shelter_service):
    from samvern.partnerships.tests.factories import PartnershipFactory

    other = PartnershipFactory(coordinator=partnership.coordinator)
    url = reverse("directory:detail", args=[other.pk, shelter_service.pk])
    assert _get(client, coord, url).status_code == 404


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_refused_writes_change_nothing(client, request, partnership, shelter_service, persona):
    user = request.getfixturevalue(persona)
    login(client, user)
    before = (Service.objects.count(), AuditEvent.objects.count())
    shelter_service.refresh_from_db()
    snapshot = (shelter_service.name, shelter_service.checked_on, shelter_service.capacity_free)
    pk = partnership.pk
    sid = shelter_service.pk
    responses = [
        client.post(reverse("directory:create", args=[pk]), {"name": "Ny", "kind": "other"}),
        client.post(reverse("directory:edit", args=[pk, sid]), {"name": "Endret", "kind": "other"}),
        client.post(reverse("directory:checked", args=[pk, sid])),
        client.post(reverse("directory:capacity", args=[pk, sid]), {"capacity_free": "9"}),
        client.post(reverse("directory:settings", args=[pk]), {"public_page": "on"}),
        client.post(reverse("directory:measures", args=[pk, sid]), {"action": "link"}),
    ]
    assert all(r.status_code == 404 for r in responses)
    shelter_service.refresh_from_db()
    assert (shelter_service.name, shelter_service.checked_on, shelter_service.capacity_free) == (
        snapshot
    )
    assert (Service.objects.count(), AuditEvent.objects.count()) == before
    assert not DirectorySettings.objects.filter(public_page=True).exists()


@pytest.mark.parametrize("persona", [None, "member", "outsider", "coord"])
def test_public_page_only_when_opted_in(client, request, partnership, shelter_service, persona):
    user = request.getfixturevalue(persona) if persona else None
    url = reverse("directory:public", args=[partnership.pk])
    response = _get(client, user, url)
    assert response.status_code == 404
    assert response.content == client.get(reverse("directory:public", args=[uuid.uuid4()])).content


def test_public_page_when_published_hides_private_entries_and_addresses(
    client, partnership, shelter_service, programme, published
):
    programme.is_public = False
    programme.save()
    response = client.get(reverse("directory:public", args=[partnership.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Krisesenteret i Bergen" in body
    assert "Sinnemestring Vest" not in body
    assert "Hemmelig adresse" not in body


def test_public_page_of_a_wound_up_partnership_is_gone(client, partnership, published):
    partnership.is_active = False
    partnership.save()
    assert client.get(reverse("directory:public", args=[partnership.pk])).status_code == 404
