import datetime as dt

import pytest
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.audit.models import AuditEvent
from samvern.partnerships import services
from samvern.partnerships.models import Partnership
from samvern.partnerships.selectors import is_member

pytestmark = pytest.mark.django_db

LIST = reverse("api-partnership-list")


def detail(partnership):
    return reverse("api-partnership-detail", args=[partnership.pk])


def members(partnership):
    return reverse("api-partnership-members", args=[partnership.pk])


def leave(member):
    return reverse("api-partnership-member-leave", args=[member.partnership_id, member.pk])


def contacts(member):
    return reverse("api-partnership-member-contacts", args=[member.partnership_id, member.pk])


def absence(member):
    return reverse("api-partnership-member-absence", args=[member.partnership_id, member.pk])


# --- reading ------------------------------------------------------------------------


def test_list_shows_my_partnerships(login_as, nina, partnership):
    body = login_as(nina).get(LIST).json()
    assert [p["name"] for p in body["results"]] == [partnership.name]
    assert body["results"][0]["current_member_count"] == 2


def test_list_is_empty_for_an_outsider_and_a_former_member(
    client, login_as, otto, rolf, partnership
):
    assert login_as(otto).get(LIST).json()["results"] == []
    client.logout()
    assert login_as(rolf).get(LIST).json()["results"] == []


def test_anonymous_caller_is_refused(client, partnership):
    assert client.get(LIST).status_code in (401, 403)
    assert client.get(detail(partnership)).status_code in (401, 403)


def test_detail_for_coordinator_includes_every_members_hand_over_notes(
    login_as, hanne, partnership, shelter_member, nina
):
    services.set_contacts(
        actor=Actor.load(hanne),
        member=shelter_member,
        relay=nina,
        deputy=None,
        handover_notes="Notes.",
    )
    body = login_as(hanne).get(detail(partnership)).json()
    assert body["coordinator"]["name"] == "Vest politidistrikt"
    shelter = next(m for m in body["members"] if m["organisation"]["name"] == "Bergen krisesenter")
    assert shelter["relay"]["email"] == nina.email
    assert shelter["handover_notes"] == "Notes."
    assert {m["organisation"]["name"] for m in body["members"]} == {
        "Vest politidistrikt",
        "Bergen krisesenter",
    }


def test_detail_for_member_case_worker_hides_other_members_notes(
    login_as, hanne, nina, partnership, police_member
):
    services.set_contacts(
        actor=Actor.load(hanne),
        member=police_member,
        relay=hanne,
        deputy=None,
        handover_notes="Police.",
    )
    body = login_as(nina).get(detail(partnership)).json()
    police = next(m for m in body["members"] if m["organisation"]["name"] == "Vest politidistrikt")
    assert police["relay"]["name"]
    assert police["handover_notes"] is None


def test_detail_is_not_found_for_outsider_and_former_member(
    client, login_as, otto, rolf, partnership
):
    assert login_as(otto).get(detail(partnership)).status_code == 404
    client.logout()
    assert login_as(rolf).get(detail(partnership)).status_code == 404
    assert login_as(rolf).get(members(partnership)).status_code == 404


def test_member_periods_include_former_members_and_filter_by_date(
    login_as, nina, partnership, today
):
    client = login_as(nina)
    everyone = client.get(members(partnership)).json()
    assert {m["organisation"]["name"] for m in everyone} == {
        "Vest politidistrikt",
        "Bergen krisesenter",
        "RVTS Vest",
    }
    former = next(m for m in everyone if m["organisation"]["name"] == "RVTS Vest")
    assert former["is_member_today"] is False
    long_ago = (today - dt.timedelta(days=600)).isoformat()
    then = client.get(members(partnership), {"on": long_ago}).json()
    assert {m["organisation"]["name"] for m in then} == {"Vest politidistrikt", "RVTS Vest"}
    assert client.get(members(partnership), {"on": "not-a-date"}).status_code == 400


# --- writing ------------------------------------------------------------------------


def test_coordinator_starts_a_partnership(login_as, hanne, police, today):
    response = login_as(hanne).post(
        LIST,
        {
            "name": "Ny konferanse",
            "coordinator": str(police.pk),
            "joined_on": today.isoformat(),
            "municipalities": ["4601"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    partnership = Partnership.objects.get(name="Ny konferanse")
    assert [m.code for m in partnership.municipalities.all()] == ["4601"]
    assert AuditEvent.objects.filter(action="partnerships.partnership.created").exists()


def test_unknown_municipality_is_refused(login_as, hanne, police, today):
    response = login_as(hanne).post(
        LIST,
        {
            "name": "X",
            "coordinator": str(police.pk),
            "joined_on": today.isoformat(),
            "municipalities": ["9999"],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "9999" in response.json()["municipalities"][0]
    assert not Partnership.objects.filter(name="X").exists()


def test_case_worker_cannot_start_a_partnership(login_as, nina, shelter, today):
    response = login_as(nina).post(
        LIST,
        {"name": "X", "coordinator": str(shelter.pk), "joined_on": today.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Partnership.objects.filter(name="X").exists()


def test_coordinator_adds_a_member(login_as, hanne, partnership, child_welfare, today):
    response = login_as(hanne).post(
        members(partnership),
        {"organisation": str(child_welfare.pk), "joined_on": today.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["is_member_today"] is True
    assert is_member(partnership, child_welfare)


def test_adding_a_current_member_again_is_explained(login_as, hanne, partnership, shelter, today):
    response = login_as(hanne).post(
        members(partnership),
        {"organisation": str(shelter.pk), "joined_on": today.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Bergen krisesenter" in response.json()["detail"][0]


@pytest.mark.parametrize("persona", ["nina", "siv", "otto"])
def test_only_the_coordinator_adds_members(
    request, login_as, persona, partnership, child_welfare, today
):
    response = login_as(request.getfixturevalue(persona)).post(
        members(partnership),
        {"organisation": str(child_welfare.pk), "joined_on": today.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not is_member(partnership, child_welfare)


def test_coordinator_registers_leaving(login_as, hanne, shelter_member, today):
    response = login_as(hanne).post(
        leave(shelter_member), {"left_on": today.isoformat()}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["left_on"] == today.isoformat()
    assert AuditEvent.objects.filter(action="partnerships.member.left").count() == 1


@pytest.mark.parametrize("persona", ["nina", "siv", "otto"])
def test_only_the_coordinator_registers_leaving(request, login_as, persona, shelter_member, today):
    response = login_as(request.getfixturevalue(persona)).post(
        leave(shelter_member), {"left_on": today.isoformat()}, content_type="application/json"
    )
    assert response.status_code == 404
    shelter_member.refresh_from_db()
    assert shelter_member.left_on is None


def test_member_org_admin_names_own_contacts(login_as, siv, shelter_member, nina, sofie):
    response = login_as(siv).put(
        contacts(shelter_member),
        {"relay": nina.pk, "deputy": sofie.pk},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["relay"]["id"] == nina.pk
    assert AuditEvent.objects.filter(action="partnerships.relay.changed").count() == 1


def test_contacts_must_belong_to_the_organisation(login_as, hanne, shelter_member, otto):
    response = login_as(hanne).put(
        contacts(shelter_member),
        {"relay": otto.pk, "deputy": None},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "relay" in response.json()
    shelter_member.refresh_from_db()
    assert shelter_member.relay is None


def test_same_person_as_contact_and_deputy_is_refused(login_as, hanne, shelter_member, nina):
    response = login_as(hanne).put(
        contacts(shelter_member),
        {"relay": nina.pk, "deputy": nina.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert len(response.json()["detail"]) == 1
    shelter_member.refresh_from_db()
    assert shelter_member.relay is None


@pytest.mark.parametrize("persona", ["nina", "otto"])
def test_case_workers_cannot_name_contacts(request, login_as, persona, shelter_member, nina):
    response = login_as(request.getfixturevalue(persona)).put(
        contacts(shelter_member),
        {"relay": nina.pk, "deputy": None},
        content_type="application/json",
    )
    assert response.status_code == 404
    shelter_member.refresh_from_db()
    assert shelter_member.relay is None


def test_member_org_admin_cannot_name_another_members_contacts(login_as, siv, police_member, hanne):
    response = login_as(siv).put(
        contacts(police_member),
        {"relay": hanne.pk, "deputy": None},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_absence_over_the_api(login_as, hanne, shelter_member, nina, sofie, today):
    client = login_as(hanne)
    client.put(
        contacts(shelter_member),
        {"relay": nina.pk, "deputy": sofie.pk},
        content_type="application/json",
    )
    back = (today + dt.timedelta(days=3)).isoformat()
    response = client.put(
        absence(shelter_member), {"away_until": back}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["relay_away_until"] == back
    response = client.put(
        absence(shelter_member),
        {"away_until": (today - dt.timedelta(days=3)).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_schema_lists_the_partnership_routes(login_as, hanne):
    schema = login_as(hanne).get(reverse("api-schema"), {"format": "json"}).json()
    for route in (
        "/api/v1/partnerships/",
        "/api/v1/partnerships/{partnership_id}/",
        "/api/v1/partnerships/{partnership_id}/members/",
        "/api/v1/partnerships/{partnership_id}/members/{member_id}/leave/",
        "/api/v1/partnerships/{partnership_id}/members/{member_id}/contacts/",
        "/api/v1/partnerships/{partnership_id}/members/{member_id}/absence/",
    ):
        assert route in schema["paths"], route


def test_list_query_count_is_bounded(login_as, nina, partnership, django_assert_max_num_queries):
    client = login_as(nina)
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200
