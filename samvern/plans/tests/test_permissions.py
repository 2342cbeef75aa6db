"""Acceptance 2: who may see and change a plan, per page and API endpoint."""

import datetime as dt

import pytest
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.plans import services
from samvern.plans.models import Goal, Measure, MeasureStatus, VersionStatus
from samvern.plans.tests.helpers import START, adopted, as_actor, new_plan, ready_for_consultation

pytestmark = pytest.mark.django_db

PAGES = [
    "version",
    "mandate",
    "mapping",
    "areas",
    "goals",
    "measures",
    "period",
    "consultation",
    "quality",
    "adoptions",
    "rounds",
]


@pytest.fixture
def draft(alice, bergen, askoy):
    plan = new_plan(alice, [bergen, askoy])
    return ready_for_consultation(alice, plan, measures=2)


def as_user(client, user):
    if user is not None:
        login(client, user)
    return client


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("who", "expected"),
    [("alice", 200), ("per", 200), ("bob", 200), ("charlie", 404), (None, 404)],
)
def test_draft_pages_are_seen_by_owners_and_readers_only(
    client, draft, page, who, expected, request
):
    user = request.getfixturevalue(who) if who else None
    response = as_user(client, user).get(reverse(f"plans:{page}", args=[draft.plan_id, draft.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected", "created"),
    [("alice", 302, 1), ("per", 302, 1), ("bob", 404, 0), ("charlie", 404, 0), (None, 404, 0)],
)
def test_only_editors_of_an_owning_municipality_add_goals(
    client, draft, who, expected, created, request
):
    user = request.getfixturevalue(who) if who else None
    before = Goal.objects.count()
    response = as_user(client, user).post(
        reverse("plans:goals", args=[draft.plan_id, draft.pk]),
        {
            "area_key": "forebygging",
            "kind": "user",
            "text": "Flere ber om hjelp",
            "indicator": "Antall",
            "target": "+20 %",
        },
    )
    assert response.status_code == expected
    assert Goal.objects.count() == before + created


def test_a_reader_sees_the_measures_without_edit_forms(client, draft, bob):
    response = as_user(client, bob).get(reverse("plans:measures", args=[draft.plan_id, draft.pk]))
    assert response.status_code == 200
    assert b'id="add-measure"' not in response.content
    assert b"Tiltak 1" in response.content


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_readers_and_outsiders_cannot_change_state(client, draft, who, request):
    user = request.getfixturevalue(who)
    response = as_user(client, user).post(
        reverse("plans:transition", args=[draft.plan_id, draft.pk]),
        {"to": VersionStatus.CONSULTATION},
    )
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFTING


def test_editor_of_another_municipality_gets_404_on_every_edit(client, draft, charlie):
    measure = draft.measures.first()
    as_user(client, charlie)
    urls = [
        reverse("plans:measure_edit", args=[draft.plan_id, draft.pk, measure.pk]),
        reverse("plans:measure_import", args=[draft.plan_id, draft.pk]),
        reverse("plans:goal_edit", args=[draft.plan_id, draft.pk, draft.goals.first().pk]),
        reverse("plans:revise", args=[draft.plan_id, draft.pk]),
        reverse("plans:detail", args=[draft.plan_id]),
    ]
    for url in urls:
        assert client.post(url, {"title": "x", "action": "delete"}).status_code == 404, url
    assert Measure.objects.filter(pk=measure.pk).exists()


def test_anonymous_users_see_only_adopted_plans(
    client, alice, bergen, askoy, stavanger_org, charlie, stavanger
):
    public = adopted(alice, new_plan(alice, [bergen, askoy], title="Vedtatt plan"))
    draft_plan = new_plan(charlie, [stavanger], title="Utkast i Stavanger")
    listing = client.get(reverse("plans:list"))
    assert b"Vedtatt plan" in listing.content
    assert b"Utkast i Stavanger" not in listing.content
    assert client.get(reverse("plans:public_plan", args=[public.plan_id])).status_code == 200
    assert client.get(reverse("plans:public_plan", args=[draft_plan.pk])).status_code == 404
    assert client.get(reverse("plans:version", args=[public.plan_id, public.pk])).status_code == 404
    assert (
        client.get(reverse("plans:public_document", args=[public.plan_id, "docx"])).status_code
        == 200
    )


def test_public_page_shows_only_published_working_group_names(client, alice, bergen, askoy):
    version = adopted(alice, new_plan(alice, [bergen, askoy]))
    version.working_group.create(name="Synlig Person", publish_name=True)
    version.working_group.create(name="Skjult Person", publish_name=False)
    content = client.get(reverse("plans:public_plan", args=[version.plan_id])).content
    assert b"Synlig Person" in content
    assert b"Skjult Person" not in content


# --- API ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"), [("alice", 200), ("per", 200), ("bob", 200), ("charlie", 404), (None, 404)]
)
def test_api_draft_measures_follow_page_rules(api, draft, who, expected, request):
    user = request.getfixturevalue(who) if who else None
    if user:
        api.force_authenticate(user)
    response = api.get(reverse("plans-api-measure-list", args=[draft.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"), [("alice", 201), ("per", 201), ("bob", 404), ("charlie", 404), (None, 404)]
)
def test_api_only_editors_create_measures(api, draft, who, expected, request):
    user = request.getfixturevalue(who) if who else None
    if user:
        api.force_authenticate(user)
    before = draft.measures.count()
    response = api.post(
        reverse("plans-api-measure-list", args=[draft.pk]),
        {"title": "Ny rutine", "level": "routines"},
        format="json",
    )
    assert response.status_code == expected
    assert draft.measures.count() == before + (1 if expected == 201 else 0)


def test_api_patch_and_delete_by_an_outsider_are_404(api, draft, charlie):
    measure = draft.measures.first()
    api.force_authenticate(charlie)
    url = reverse("plans-api-measure-detail", args=[measure.pk])
    assert api.patch(url, {"title": "Endret"}, format="json").status_code == 404
    assert api.delete(url).status_code == 404
    measure.refresh_from_db()
    assert measure.title == "Tiltak 1"


def test_api_lists_public_plans_to_anonymous_users(api, alice, bergen, askoy, charlie, stavanger):
    version = adopted(alice, new_plan(alice, [bergen, askoy], title="Vedtatt"))
    new_plan(charlie, [stavanger], title="Utkast")
    titles = [p["title"] for p in api.get(reverse("plans-api-plan-list")).json()["results"]]
    assert titles == ["Vedtatt"]
    assert api.get(reverse("plans-api-measure-list", args=[version.pk])).status_code == 200
    versions = api.get(reverse("plans-api-version-list", args=[version.plan_id])).json()["results"]
    assert [v["status"] for v in versions] == ["adopted"]


def test_a_unit_manager_reports_only_on_their_own_measures(
    api, client, alice, bergen, askoy, bergen_org
):
    from samvern.accounts.tests.factories import UserFactory

    manager = UserFactory(username="leder")
    version = adopted(alice, new_plan(alice, [bergen, askoy]))
    mine, other = list(version.measures.order_by("number"))[:2]
    Measure.objects.filter(pk=mine.pk).update(responsible_user=manager)
    round_ = services.create_reporting_round(
        actor=as_actor(alice),
        version=version,
        title="Høst",
        due_date=START + dt.timedelta(days=200),
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    api.force_authenticate(manager)
    url = reverse("plans-api-status-report-list", args=[round_.pk])
    ok = api.post(url, {"measure": str(mine.pk), "status": MeasureStatus.ON_TRACK}, format="json")
    assert ok.status_code == 201
    refused = api.post(url, {"measure": str(other.pk), "status": MeasureStatus.DONE}, format="json")
    assert refused.status_code == 404
    assert [r["measure"] for r in api.get(url).json()["results"]] == [str(mine.pk)]
    login(client, manager)
    page = client.get(reverse("plans:round", args=[version.plan_id, version.pk, round_.pk]))
    assert page.status_code == 200
    assert mine.title.encode() in page.content
    assert other.title.encode() not in page.content


# --- A measure owned by a partner agency (the police) ---------------------------------


@pytest.mark.parametrize(
    ("who", "follows", "reports"),
    [
        ("alice", False, 302),  # the plan's editor reports on every measure
        ("bob", False, 404),  # the plan's reader reads the round, reports nothing
        ("lars", True, 302),  # named at the police
        ("politikontakt", True, 302),  # the police's plan editor
        ("police_reader", True, 404),  # the police's plan reader: follows only
        ("crisis_editor", False, 404),  # another partner organisation
        ("charlie", False, 404),  # another municipality
        (None, False, 404),
    ],
)
def test_access_matrix_for_a_police_owned_measure(
    client, police_round, who, follows, reports, request
):
    from samvern.plans.models import StatusReport

    version, round_, measure, _other = police_round
    user = request.getfixturevalue(who) if who else None
    as_user(client, user)
    if user is not None:
        page = client.get(reverse("plans:my_measures")).content.decode()
        assert (measure.title in page) is follows
    url = reverse("plans:round_report", args=[version.plan_id, version.pk, round_.pk, measure.pk])
    response = client.post(url, {f"{measure.pk}-status": MeasureStatus.ON_TRACK})
    assert response.status_code == reports
    assert StatusReport.objects.filter(measure=measure).exists() is (reports == 302)
    # Nobody gains the plan's drafts through the measure.
    draft_page = client.get(reverse("plans:mandate", args=[version.plan_id, version.pk]))
    assert draft_page.status_code == (200 if who in {"alice", "bob"} else 404)
