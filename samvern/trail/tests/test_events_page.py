"""The audit page: data protection officers search their own organisation's events."""

import datetime as dt

import pytest
from django.utils import timezone

from samvern.accounts.models import Role
from samvern.accounts.testing import login, make_member
from samvern.accounts.tests.factories import MembershipFactory
from samvern.audit.models import AuditEvent
from samvern.audit.services import audit_log
from samvern.core.testing import choose_language


@pytest.fixture
def dpo(bergen_org):
    return make_member(bergen_org, Role.DATA_PROTECTION_OFFICER, username="dpo")


@pytest.fixture
def stavanger_dpo(stavanger_org):
    return make_member(stavanger_org, Role.DATA_PROTECTION_OFFICER, username="sdpo")


@pytest.fixture
def trail(alice, charlie, bergen_org, stavanger_org):
    """Events of both municipalities."""
    return {
        "bergen": [
            audit_log(
                actor=alice,
                organisation=bergen_org,
                action="plans.measure.updated",
                target_type="plans.measure",
                target_id="m-1",
            ),
            audit_log(
                actor=alice,
                organisation=bergen_org,
                action="plans.version.adopted",
                target_type="plans.planversion",
                target_id="v-1",
            ),
            audit_log(actor=alice, organisation=bergen_org, action="accounts.user.logged_in"),
        ],
        "stavanger": [
            audit_log(
                actor=charlie,
                organisation=stavanger_org,
                action="plans.measure.updated",
                target_type="plans.measure",
                target_id="m-2",
            ),
        ],
    }


def shown_actions(response):
    return [event.action for event in response.context["page"].object_list]


def test_a_data_protection_officer_sees_their_organisations_events(client, dpo, trail):
    login(client, dpo)
    response = client.get("/audit/")
    assert response.status_code == 200
    events = list(response.context["page"].object_list)
    assert {e.pk for e in trail["bergen"]} <= {e.pk for e in events}
    assert trail["stavanger"][0].pk not in {e.pk for e in events}
    content = response.content.decode()
    assert "plans.version.adopted" in content
    assert '<th scope="col">' in content


def test_viewing_the_page_is_audited(client, dpo, trail, bergen_org):
    login(client, dpo)
    client.get("/audit/?action_prefix=plans.")
    event = AuditEvent.objects.filter(action="audit.events.searched").get()
    assert event.actor_id == str(dpo.pk)
    assert event.organisation_id == str(bergen_org.pk)
    assert event.detail["action_prefix"] == "plans."
    assert event.detail["results"] == 2


def test_a_plan_editor_gets_404(client, alice, trail):
    login(client, alice)
    assert client.get("/audit/").status_code == 404
    assert client.get("/audit/export.csv").status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="audit.").exists()


def test_an_organisation_administrator_gets_404(client, dora, trail):
    login(client, dora)
    assert client.get("/audit/").status_code == 404


def test_a_data_protection_officer_of_another_organisation_sees_none_of_these_events(
    client, stavanger_dpo, trail, bergen_org
):
    login(client, stavanger_dpo)
    response = client.get("/audit/")
    shown = {event.pk for event in response.context["page"].object_list}
    assert not shown & {event.pk for event in trail["bergen"]}
    # Asking for Bergen explicitly does not widen the scope.
    response = client.get(f"/audit/?organisation={bergen_org.pk}")
    assert response.status_code == 400 or not (
        {e.pk for e in response.context["page"].object_list} & {e.pk for e in trail["bergen"]}
    )


def test_anonymous_visitors_are_sent_to_login(client, trail):
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action_prefix=plans.", ["plans.version.adopted", "plans.measure.updated"]),
        ("action_prefix=plans.measure", ["plans.measure.updated"]),
        ("actor=ALICE&action_prefix=accounts.", ["accounts.user.logged_in"]),
        ("target_type=plans.planversion", ["plans.version.adopted"]),
        ("target_id=m-1", ["plans.measure.updated"]),
        ("actor=nobody", []),
    ],
)
def test_filters_narrow_the_search(client, dpo, trail, query, expected):
    login(client, dpo)
    response = client.get(f"/audit/?{query}")
    assert response.status_code == 200
    assert shown_actions(response) == expected


def test_the_time_range_is_inclusive_of_whole_days(client, dpo, trail):
    login(client, dpo)
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    response = client.get(f"/audit/?date_from={today}&date_to={today}&action_prefix=plans.")
    assert len(shown_actions(response)) == 2
    response = client.get(f"/audit/?date_to={yesterday}&action_prefix=plans.")
    assert shown_actions(response) == []


def test_a_reversed_time_range_is_refused_with_a_message(client, dpo, trail):
    login(client, dpo)
    response = client.get("/audit/?date_from=2026-05-02&date_to=2026-05-01")
    assert response.status_code == 400
    assert 'class="ds-error-summary"' in response.content.decode()
    assert response.context["page"] is None
    assert not AuditEvent.objects.filter(action="audit.events.searched").exists()


def test_a_malformed_date_is_refused(client, dpo, trail):
    login(client, dpo)
    response = client.get("/audit/?date_from=yesterday")
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_results_are_paginated_by_id_without_an_exact_count(client, dpo, alice, bergen_org):
    made = [
        audit_log(actor=alice, organisation=bergen_org, action="tests.bulk.made", target_id=str(n))
        for n in range(60)
    ]
    login(client, dpo)
    response = client.get("/audit/?action_prefix=tests.")
    page = response.context["page"]
    assert page.count == 60
    assert [e.pk for e in page.object_list] == [e.pk for e in made[::-1][:50]]
    body = response.content.decode()
    assert f"action_prefix=tests.&amp;before={made[10].pk}&amp;page=2" in body
    assert "60 hendelser" in body or "60 events" in body
    response = client.get(f"/audit/?action_prefix=tests.&before={made[10].pk}&page=2")
    older = response.context["page"]
    assert [e.pk for e in older.object_list] == [e.pk for e in made[9::-1]]
    assert older.number == 2 and older.has_previous and not older.has_next
    body = response.content.decode()
    assert f"action_prefix=tests.&amp;after={made[9].pk}&amp;page=1" in body
    response = client.get(f"/audit/?action_prefix=tests.&after={made[9].pk}&page=1")
    newer = response.context["page"]
    assert [e.pk for e in newer.object_list] == [e.pk for e in made[::-1][:50]]
    assert newer.has_next and not newer.has_previous


def test_a_large_result_is_counted_only_up_to_the_limit(
    client, dpo, alice, bergen_org, monkeypatch
):
    monkeypatch.setattr("samvern.trail.paging.COUNT_LIMIT", 20)
    for n in range(25):
        audit_log(actor=alice, organisation=bergen_org, action="tests.bulk.made", target_id=str(n))
    login(client, dpo)
    response = client.get("/audit/?action_prefix=tests.", HTTP_ACCEPT_LANGUAGE="en")
    page = response.context["page"]
    assert page.count == 21 and page.count_exceeds_limit
    assert len(page.object_list) == 25
    assert "More than 20 events" in response.content.decode() or (
        "Mer enn 20 hendelser" in response.content.decode()
    )


@pytest.mark.parametrize("events", [5, 120])
def test_the_page_has_a_query_budget_that_does_not_grow_with_the_trail(
    client, dpo, alice, bergen_org, django_assert_max_num_queries, events
):
    for n in range(events):
        audit_log(actor=alice, organisation=bergen_org, action="tests.bulk.made", target_id=str(n))
    login(client, dpo)
    # Session, user, device, memberships, scope, count, page, the audit write (up to five
    # statements on PostgreSQL) and the other apps' menu entries.
    with django_assert_max_num_queries(16):
        response = client.get("/audit/")
    assert response.status_code == 200


def test_a_dpo_of_two_organisations_can_choose_one(client, dpo, trail, stavanger_org, bergen_org):
    MembershipFactory(user=dpo, organisation=stavanger_org, role=Role.DATA_PROTECTION_OFFICER)
    login(client, dpo)
    response = client.get("/audit/?action_prefix=plans.measure")
    assert len(shown_actions(response)) == 2
    response = client.get(f"/audit/?action_prefix=plans.measure&organisation={stavanger_org.pk}")
    assert response.status_code == 200, response.context["form"].errors
    assert [e.pk for e in response.context["page"].object_list] == [trail["stavanger"][0].pk]


def test_a_deactivated_dpo_role_closes_the_page(client, dpo, trail):
    dpo.memberships.update(is_active=False)
    client.force_login(dpo)
    assert client.get("/audit/").status_code == 404


def test_details_are_shown_as_readable_pairs_not_json(client, dpo, alice, bergen_org):
    audit_log(
        actor=alice,
        organisation=bergen_org,
        action="tests.thing.made",
        detail={"fields": ["name"], "note": "<b>x</b>"},
    )
    login(client, dpo)
    content = choose_language(client, "en").get("/audit/?action_prefix=tests.").content.decode()
    assert "{&quot;" not in content
    assert "<summary>fields: name · note: &lt;b&gt;x&lt;/b&gt;</summary>" in content
