"""Pages and API of the checklists for every persona of the case world: the police's case
worker (their own checklist), the crisis centre's case worker (another organisation taking
part: its own checklist only), child welfare (a member not taking part), an outsider
organisation, the coordinator who does not take part, the police's data protection
officer, and the roles that never see the case layer. Forbidden is the same 404 as
missing; a refused write changes nothing and leaves no write event."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.tests.conftest import World, make_world
from samvern.checklists import services
from samvern.checklists.models import Checklist, ChecklistItem, ItemStatus
from samvern.checklists.tests.conftest import crisis_actor, make_checklist, police_actor

PERSONAS = (
    "referrer",
    "participant",
    "member",
    "outsider",
    "coordinator",
    "dpo",
    "org_admin",
    "superuser",
    "analyst",
    "anonymous",
)
WRITE_ACTIONS = (
    services.CREATED,
    services.TICKED,
    services.NOT_APPLICABLE,
    services.REOPENED,
)


@dataclass
class Setting:
    world: World
    police: Checklist
    crisis: Checklist
    police_item: ChecklistItem  # open
    police_done: ChecklistItem  # ticked by the police
    crisis_item: ChecklistItem  # open


@pytest.fixture(scope="module")
def setting_built(shared_db: Any, tmp_path_factory: Any) -> Iterator[Setting]:
    from django.test import override_settings

    files = tmp_path_factory.mktemp("case-files")
    with override_settings(SAMVERN_CASE_FILES_DIR=str(files)), shared_db():
        world = make_world()
        police = make_checklist(police_actor(world), world)
        crisis = make_checklist(crisis_actor(world), world)
        done = police.items.get(item_key="record_incident")
        from samvern.cases.access import Need
        from samvern.checklists.access import access_checklist_item

        actor = police_actor(world)
        services.tick_item(actor=actor, access=access_checklist_item(actor, done.pk, Need.EDIT))
        yield Setting(
            world=world,
            police=police,
            crisis=crisis,
            police_item=police.items.get(item_key="safety_talk"),
            police_done=police.items.get(item_key="record_incident"),
            crisis_item=crisis.items.order_by("position").first(),
        )


@pytest.fixture
def setting(setting_built: Setting, db: None) -> Setting:
    return setting_built


def client_for(setting: Setting, persona: str) -> Client:
    user = setting.world.personas()[persona]
    client = Client()
    return login(client, user) if user is not None else client


PAGE, API = 302, 401
OWN = {"referrer": 200, "participant": 200}
POLICE_ONLY = {"referrer": 200}


def expect(allowed: dict[str, int], anonymous: int) -> dict[str, int]:
    return {p: (anonymous if p == "anonymous" else allowed.get(p, 404)) for p in PERSONAS}


def _reads(s: Setting) -> dict[str, tuple[str, dict[str, int]]]:
    case = s.world.case.pk
    return {
        "page": (f"/checklists/cases/{case}/", expect(OWN, PAGE)),
        "generate form": (f"/checklists/cases/{case}/new/", expect(OWN, PAGE)),
        "history": (f"/checklists/cases/{case}/history/", expect(OWN, PAGE)),
        "one checklist": (f"/checklists/{s.police.pk}/", expect(POLICE_ONLY, PAGE)),
        "not-applicable form": (
            f"/checklists/items/{s.police_item.pk}/not-applicable/",
            expect(POLICE_ONLY, PAGE),
        ),
        "api case": (f"/api/v1/checklists/cases/{case}/", expect(OWN, API)),
        "api checklist": (f"/api/v1/checklists/{s.police.pk}/", expect(POLICE_ONLY, API)),
    }


READS = ("page", "generate form", "history", "one checklist", "not-applicable form")
API_READS = ("api case", "api checklist")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", READS + API_READS)
def test_reads_for_every_persona(setting, route, persona):
    url, expected = _reads(setting)[route]
    response = client_for(setting, persona).get(url)
    assert response.status_code == expected[persona], (route, persona)
    if response.status_code == 200:
        events = AuditEvent.objects.filter(detail__case=str(setting.world.case.pk)).filter(
            action__in=[services.VIEWED, services.HISTORY_VIEWED]
        )
        assert events.filter(actor_label=setting.world.personas()[persona].username).exists()


def test_each_organisation_sees_only_its_own_checklist(setting):
    police_page = client_for(setting, "referrer").get(f"/checklists/cases/{setting.world.case.pk}/")
    crisis_page = client_for(setting, "participant").get(
        f"/checklists/cases/{setting.world.case.pk}/"
    )
    police_text = setting.police_item.text["nb"]
    crisis_text = setting.crisis_item.text["nb"]
    assert police_text in police_page.content.decode()
    assert crisis_text not in police_page.content.decode()
    assert crisis_text in crisis_page.content.decode()
    assert police_text not in crisis_page.content.decode()
    body = (
        client_for(setting, "participant")
        .get(f"/api/v1/checklists/cases/{setting.world.case.pk}/")
        .json()
    )
    assert body["current"]["id"] == str(setting.crisis.pk)
    assert [c["id"] for c in body["checklists"]] == [str(setting.crisis.pk)]


def test_the_page_shows_who_ticked_and_offers_the_forms(setting):
    body = (
        client_for(setting, "referrer")
        .get(f"/checklists/cases/{setting.world.case.pk}/")
        .content.decode()
    )
    assert f'action="/checklists/items/{setting.police_item.pk}/tick/"' in body
    assert f'action="/checklists/items/{setting.police_item.pk}/not-applicable/"' in body
    assert f'action="/checklists/items/{setting.police_done.pk}/reopen/"' in body
    assert setting.world.referrer.get_full_name() in body
    assert "samvern-duties-police" not in body  # no internal keys on the page


def test_a_forbidden_checklist_is_the_same_404_as_a_missing_one(setting):
    client = client_for(setting, "participant")
    forbidden = client.get(f"/checklists/{setting.police.pk}/")
    missing = client.get(f"/checklists/{uuid.uuid4()}/")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    api_forbidden = client.get(f"/api/v1/checklists/{setting.police.pk}/")
    api_missing = client.get(f"/api/v1/checklists/{uuid.uuid4()}/")
    assert api_forbidden.status_code == api_missing.status_code == 404
    assert api_forbidden.content == api_missing.content
    # Both refusals are recorded as security events, without naming anything.
    assert AuditEvent.objects.filter(action="security.case.refused").count() == 4


# --- writes --------------------------------------------------------------------------------


def _state() -> tuple[object, ...]:
    return (
        Checklist.objects.count(),
        Checklist.objects.current().count(),
        tuple(ChecklistItem.objects.order_by("pk").values_list("status", "reason", "ticked_by_id")),
        AuditEvent.objects.filter(action__in=WRITE_ACTIONS).count(),
    )


def _writes(s: Setting) -> dict[str, tuple[str, dict[str, object]]]:
    case = s.world.case.pk
    item, done = s.police_item.pk, s.police_done.pk
    return {
        "tick": (f"/checklists/items/{item}/tick/", {}),
        "not applicable": (f"/checklists/items/{item}/not-applicable/", {"reason": "Gjort."}),
        "reopen": (f"/checklists/items/{done}/reopen/", {}),
        "generate": (f"/checklists/cases/{case}/new/", {"custody_release": "on"}),
        "api tick": (f"/api/v1/checklists/items/{item}/tick/", {}),
        "api not applicable": (
            f"/api/v1/checklists/items/{item}/not-applicable/",
            {"reason": "Gjort."},
        ),
        "api reopen": (f"/api/v1/checklists/items/{done}/reopen/", {}),
        "api generate": (f"/api/v1/checklists/cases/{case}/", {"custody_release": True}),
    }


REFUSED = [p for p in PERSONAS if p not in ("referrer", "anonymous")]


@pytest.mark.parametrize("persona", REFUSED)
@pytest.mark.parametrize(
    "route",
    [
        "tick",
        "not applicable",
        "reopen",
        "generate",
        "api tick",
        "api not applicable",
        "api reopen",
        "api generate",
    ],
)
def test_a_refused_write_changes_nothing_and_leaves_no_write_event(setting, route, persona):
    if persona == "participant" and route in ("generate", "api generate"):
        pytest.skip("the crisis centre may make its own checklist (tested below)")
    url, data = _writes(setting)[route]
    before = _state()
    client = client_for(setting, persona)
    if route.startswith("api"):
        response = client.post(url, data, content_type="application/json")
    else:
        response = client.post(url, data)
    assert response.status_code == 404, (route, persona)
    assert _state() == before


@pytest.mark.parametrize("route", ["tick", "api tick"])
def test_anonymous_writes_are_refused(setting, route):
    url, data = _writes(setting)[route]
    before = _state()
    response = Client().post(url, data)
    assert response.status_code == (401 if route.startswith("api") else 302)
    assert _state() == before


def test_the_police_tick_mark_and_reopen_on_the_pages(setting):
    client = client_for(setting, "referrer")
    item = setting.police_item
    assert client.post(f"/checklists/items/{item.pk}/tick/").status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and item.ticked_by == setting.world.referrer
    assert client.post(f"/checklists/items/{item.pk}/reopen/").status_code == 302
    # Without a reason the form is shown again with the message, and nothing changes.
    response = client.post(f"/checklists/items/{item.pk}/not-applicable/", {"reason": " "})
    assert response.status_code == 200
    assert "feltet er påkrevd" in response.content.decode().lower() or "reason" in str(
        response.context["form"].errors
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN
    response = client.post(
        f"/checklists/items/{item.pk}/not-applicable/", {"reason": "Avtalt med krisesenteret."}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.reason) == (ItemStatus.NOT_APPLICABLE, "Avtalt med krisesenteret.")
    # Ticks are posted only: a GET is not a tick.
    assert client.get(f"/checklists/items/{item.pk}/tick/").status_code == 405


def test_making_the_checklist_again_keeps_the_old_one_in_the_history(setting):
    client = client_for(setting, "referrer")
    form = client.get(f"/checklists/cases/{setting.world.case.pk}/new/")
    assert form.status_code == 200
    response = client.post(
        f"/checklists/cases/{setting.world.case.pk}/new/",
        {"custody_release": "on", "shelter_needed": "on"},
    )
    assert response.status_code == 302
    current = Checklist.objects.current().get(organisation=setting.world.police)
    assert current.facts["custody_release"] is True
    history = client.get(f"/checklists/cases/{setting.world.case.pk}/history/")
    body = history.content.decode()
    assert f"/checklists/{current.pk}/" in body and f"/checklists/{setting.police.pk}/" in body
    # The form for the next one is filled in from the current checklist.
    again = client.get(f"/checklists/cases/{setting.world.case.pk}/new/")
    form = again.context["form"]
    assert form["custody_release"].value() is True
    assert form["shelter_needed"].value() is True
    assert form["consent_victim_support"].value() is False
    assert "checked" in str(form["custody_release"])
    assert "checked" not in str(form["consent_victim_support"])


def test_the_api_ticks_marks_and_reopens_as_the_pages_do(setting):
    client = client_for(setting, "participant")
    item = setting.crisis_item
    ticked = client.post(f"/api/v1/checklists/items/{item.pk}/tick/")
    assert ticked.status_code == 200
    assert ticked.json()["status"] == "done"
    assert ticked.json()["ticked_by"] == setting.world.participant.get_full_name()
    again = client.post(f"/api/v1/checklists/items/{item.pk}/tick/")
    assert again.status_code == 400
    reopened = client.post(f"/api/v1/checklists/items/{item.pk}/reopen/")
    assert reopened.json()["status"] == "open"
    no_reason = client.post(
        f"/api/v1/checklists/items/{item.pk}/not-applicable/", {}, content_type="application/json"
    )
    assert no_reason.status_code == 400
    marked = client.post(
        f"/api/v1/checklists/items/{item.pk}/not-applicable/",
        {"reason": "Ikke aktuelt her."},
        content_type="application/json",
    )
    assert marked.status_code == 200
    assert marked.json()["reason"] == "Ikke aktuelt her."
    made = client.post(
        f"/api/v1/checklists/cases/{setting.world.case.pk}/",
        {"shelter_needed": True},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["facts"]["shelter_needed"] is True
    assert made.json()["is_current"] is True
    keys = [item["item_key"] for item in made.json()["items"]]
    assert "shelter_referral" in keys


def test_the_api_needs_a_verified_second_factor(setting):
    client = Client()
    client.force_login(setting.world.referrer)  # password only, second factor not verified
    response = client.get(f"/api/v1/checklists/cases/{setting.world.case.pk}/")
    assert response.status_code == 403


def test_the_api_is_in_the_openapi_schema(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    body = response.content.decode()
    for route in (
        "/api/v1/checklists/cases/{case_id}/",
        "/api/v1/checklists/{checklist_id}/",
        "/api/v1/checklists/items/{item_id}/tick/",
        "/api/v1/checklists/items/{item_id}/not-applicable/",
        "/api/v1/checklists/items/{item_id}/reopen/",
    ):
        assert route in body
