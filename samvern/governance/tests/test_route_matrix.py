"""Every governance route, pages and API, found from the URL configuration rather than
listed by hand: an organisation outside the partnership gets a 404 (or 405 where a route
takes no such method) on each, sees nothing of the partnership, and neither a GET nor a
POST changes anything; a visitor who is not signed in is sent to log in. The reader's own
lists ("our commitments", the calendar page) answer everyone signed in, with nothing of a
partnership they are not in. A new route is covered the day it is added; one whose ids the
test world does not have fails here until the world gets one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.test import Client

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.governance import urls as page_urls
from samvern.governance.api import api_urlpatterns
from samvern.governance.models import (
    AgendaItem,
    BodyMember,
    Commitment,
    FundingSource,
    Paper,
    PartnershipProfile,
    Representative,
    RequiredRole,
)
from samvern.governance.tests.world import World, commit, make_world

DAY = dt.date(2027, 3, 10)
pytestmark = pytest.mark.django_db

# The signed-in reader's own pages: no partnership in the address.
PERSONAL = {
    "index",
    "our_commitments",
    "calendar",
    "calendar_create",
    "calendar_revoke",
    "governance-commitments",
}
# Reached by a secret in the address, not by signing in (tested with the feeds).
BY_SECRET = {"calendar_feed"}
PLACEHOLDER = re.compile(r"<(?:uuid|str|int):(\w+)>")


@pytest.fixture
def world() -> World:
    world = make_world(day=DAY)
    commit(world, world.meetings[0])
    assert world.body is not None
    item = AgendaItem.objects.filter(meeting=world.meetings[0]).first()
    if item is None:
        item = AgendaItem.objects.create(
            meeting=world.meetings[0],
            position=1,
            title="Orientering",
            created_by=world.people["coordinator"],
        )
    if not Paper.objects.exists():
        Paper.objects.create(
            item=item,
            title="Sakspapir",
            file_name="governance/none.pdf",
            file_original_name="sakspapir.pdf",
            file_content_type="application/pdf",
            file_size=1,
            file_sha256="0" * 64,
            uploaded_by=world.people["coordinator"],
        )
    if not Representative.objects.exists():
        member = BodyMember.objects.filter(body=world.body, organisation=world.nav).first()
        assert member is not None
        Representative.objects.create(member=member, user=world.people["relay"])
    if not RequiredRole.objects.exists():
        RequiredRole.objects.create(body=world.body, name="Bolig")
    if not FundingSource.objects.exists():
        profile = PartnershipProfile.objects.get_or_create(partnership=world.partnership)[0]
        FundingSource.objects.create(profile=profile, source="Bufdir", year=2027, amount=100_000)
    return world


def _ids(world: World) -> dict[str, object]:
    assert world.body is not None
    meeting = world.meetings[0]
    found: dict[str, object] = {
        "partnership_id": world.partnership.pk,
        "body_id": world.body.pk,
        "meeting_id": meeting.pk,
        "commitment_id": Commitment.objects.values_list("pk", flat=True).first(),
        "item_id": AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True).first(),
        "member_id": BodyMember.objects.filter(body=world.body)
        .values_list("pk", flat=True)
        .first(),
        "representative_id": Representative.objects.values_list("pk", flat=True).first(),
        "role_id": RequiredRole.objects.values_list("pk", flat=True).first(),
        "paper_id": Paper.objects.values_list("pk", flat=True).first(),
        "funding_id": FundingSource.objects.values_list("pk", flat=True).first(),
    }
    return found


def _routes(world: World) -> Iterator[tuple[str, str]]:
    ids = _ids(world)
    for prefix, patterns in (
        ("/governance/", page_urls.urlpatterns),
        ("/api/v1/", api_urlpatterns),
    ):
        for pattern in patterns:
            name = pattern.name or str(pattern.pattern)
            if name in BY_SECRET:
                continue
            route = str(pattern.pattern)
            missing = [key for key in PLACEHOLDER.findall(route) if ids.get(key) is None]
            assert not missing, f"the test world has no {missing} for {name}"
            yield name, prefix + PLACEHOLDER.sub(lambda m: str(ids[m.group(1)]), route)


def _state() -> tuple[int, ...]:
    models = apps.get_app_config("governance").get_models()
    counts = tuple(model.objects.count() for model in models)
    return (*counts, AuditEvent.objects.filter(action__startswith="governance.").count())


def test_every_route_is_found(world):
    names = {name for name, _ in _routes(world)}
    assert {"partnership", "body", "meeting", "indicators", "governance-indicators"} <= names
    assert len(names) > 40


def test_an_outsider_gets_nothing_from_any_route_and_changes_nothing(world):
    client = login(Client(), world.people["outsider"])
    before = _state()
    secrets = [world.partnership.name, world.body.name if world.body else ""]
    for name, url in _routes(world):
        # A POST to one's own pages (a calendar feed of one's own) is one's own business.
        for method in ("get",) if name in PERSONAL else ("get", "post"):
            response = getattr(client, method)(url)
            if name in PERSONAL:
                assert response.status_code in {200, 302, 405}, (method, url)
            else:
                assert response.status_code in {404, 405}, (method, url, response.status_code)
            body = response.content.decode(errors="replace")
            for secret in secrets:
                assert secret not in body, (method, url, secret)
    assert _state() == before


def test_a_visitor_is_sent_to_log_in_everywhere_but_the_opted_in_public_page(world):
    client = Client()
    before = _state()
    for name, url in _routes(world):
        response = client.get(url)
        if name == "public":
            assert response.status_code == 404  # the test partnership has not opted in
        elif url.startswith("/api/"):
            assert response.status_code in {401, 403}, url
        else:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert _state() == before


def test_a_member_reads_every_page_of_the_partnership(world):
    client = login(Client(), world.people["reader"])
    for name, url in _routes(world):
        if name == "paper":
            continue  # the test paper has no file behind it
        response = client.get(url)
        # A member may be refused an edit form (404, as for anyone), never an error.
        assert response.status_code in {200, 302, 404, 405}, (url, response.status_code)
        if name in {"partnership", "body", "meeting", "indicators", "governance-indicators"}:
            assert response.status_code == 200, url


def test_the_partnership_page_leads_a_member_to_its_other_pages(world):
    """Agreements, the partners' survey, the directory and training are one click away
    from the partnership's governance page, and a member may open each of them."""
    client = login(Client(), world.people["reader"])
    page = client.get(f"/governance/p/{world.partnership.pk}/").content.decode()
    pk = world.partnership.pk
    for url in (
        f"/agreements/{pk}/",
        f"/surveys/{pk}/",
        f"/directory/{pk}/",
        f"/training/{pk}/",
        f"/governance/p/{pk}/indicators/",
    ):
        assert f'href="{url}"' in page, url
        assert client.get(url).status_code == 200, url
