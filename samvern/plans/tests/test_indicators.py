"""Indicators measured over time: the catalogue of definitions, measurements recorded by
the plan's editors (audited; read-only users and outsiders refused without a trace), and
the goal page, the reporting round, the evaluation and the public page showing them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from samvern.audit.models import AuditEvent
from samvern.core.testing import choose_language
from samvern.plans import catalogues, indicators, services
from samvern.plans.models import Goal, GoalKind, IndicatorMeasurement, VersionStatus
from samvern.plans.services.data import GoalData, MeasurementData
from samvern.plans.tests.helpers import (
    TODAY,
    adopted,
    as_actor,
    new_plan,
    ready_for_consultation,
)

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def version(alice, bergen):
    """An adopted plan in Bergen: two goals with "20 %" → "80 %" written as free text."""
    return adopted(alice, new_plan(alice, [bergen]), measures=2)


@pytest.fixture
def goal(version):
    return version.goals.order_by("area_key").first()


def measure(alice, goal, value, days=10, **fields):
    return services.save_measurement(
        actor=as_actor(alice),
        goal=goal,
        data=MeasurementData(value=Decimal(value), measured_on=days_ago(days), **fields),
    )


def goal_url(goal):
    return reverse("plans:goal", args=[goal.version.plan_id, goal.version_id, goal.pk])


def edit_url(measurement):
    goal = measurement.goal
    return reverse(
        "plans:measurement_edit",
        args=[goal.version.plan_id, goal.version_id, goal.pk, measurement.pk],
    )


def audit_actions(mark):
    return list(
        AuditEvent.objects.filter(id__gt=mark).order_by("id").values_list("action", flat=True)
    )


def last_audit_id():
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


# --- The catalogue ----------------------------------------------------------------------


def test_the_catalogue_defines_indicators_with_unit_direction_and_source_in_both_languages():
    definitions = catalogues.indicators()
    assert len(definitions) >= 5
    assert len({d.key for d in definitions}) == len(definitions)
    for definition in definitions:
        assert definition.title_text["nb"] and definition.title_text["en"]
        assert definition.source_text["nb"] and definition.source_text["en"]
        assert definition.unit in catalogues.INDICATOR_UNITS
        assert definition.direction in catalogues.INDICATOR_DIRECTIONS
        assert definition.version == catalogues.indicator_catalogue().version
    trained = catalogues.indicator("barnevern-ansatte-samtale-med-barn")
    assert trained is not None and trained.unit == "percent" and trained.higher_is_better
    with translation.override("en"):
        assert trained.title.startswith("Share of child-welfare staff trained")
    waiting = catalogues.indicator("ventetid-behandling-voldsutovere")
    assert waiting is not None and not waiting.higher_is_better


def test_a_catalogue_file_with_an_unknown_unit_is_refused_naming_the_place(tmp_path):
    text = catalogues.INDICATOR_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "indicators.yaml"
    broken.write_text(text.replace("unit: count", "unit: kilos", 1), encoding="utf-8")
    for language, words in (("en", "must be one of"), ("nb", "må være en av")):
        with translation.override(language), pytest.raises(catalogues.CatalogueError) as caught:
            catalogues.INDICATORS.load_file(broken)
        message = str(caught.value)
        assert message.startswith("indicators.yaml: ")
        assert "unit" in message and words in message, message


def test_a_goal_takes_its_indicator_from_the_catalogue_or_keeps_free_text(alice, bergen):
    draft = ready_for_consultation(alice, new_plan(alice, [bergen]), measures=1)
    chosen = services.save_goal(
        actor=as_actor(alice),
        version=draft,
        data=GoalData(
            area_key="forebygging",
            kind=GoalKind.ORGANISATIONAL,
            text="Barnevernet snakker med barn om vold",
            indicator_key="barnevern-ansatte-samtale-med-barn",
            baseline="30 %",
            target="90 %",
        ),
    )
    assert chosen.indicator_version == catalogues.indicator_catalogue().version
    assert chosen.indicator.startswith("Andel ansatte i barneverntjenesten")
    assert chosen.unit_label == "%"
    free = draft.goals.exclude(pk=chosen.pk).first()
    assert free.indicator_key == "" and free.indicator_name == "Andel ansatte med kurs"
    with pytest.raises(ValidationError):
        services.save_goal(
            actor=as_actor(alice),
            version=draft,
            data=GoalData(area_key="forebygging", kind="user", text="X", indicator_key="no-such"),
        )
    assert draft.goals.count() == 3


def test_the_goal_form_offers_the_catalogue(client, alice, bergen, login_as):
    draft = ready_for_consultation(alice, new_plan(alice, [bergen]), measures=1)
    login_as(alice)
    url = reverse("plans:goals", args=[draft.plan_id, draft.pk])
    page = client.get(url).content.decode()
    assert "Andel ansatte i barneverntjenesten med opplæring" in page
    response = client.post(
        url,
        {
            "area_key": "forebygging",
            "kind": "organisational",
            "text": "Flere henvisninger til krisesenteret",
            "indicator_key": "krisesenter-henvisninger",
            "indicator": "",
            "baseline": "40",
            "target": "60",
        },
    )
    assert response.status_code == 302
    goal = draft.goals.get(text="Flere henvisninger til krisesenteret")
    assert goal.indicator_key == "krisesenter-henvisninger"


def test_a_revision_keeps_the_catalogue_indicator(alice, bergen, version):
    goal = version.goals.first()
    Goal.objects.filter(pk=goal.pk).update(indicator_key="tiltak-gjennomfort-i-tide")
    version.status = VersionStatus.IMPLEMENTATION
    version.save(update_fields=["status"])
    revised = services.revise_version(actor=as_actor(alice), version=version)
    copy = revised.goals.get(origin=goal)
    assert copy.indicator_key == "tiltak-gjennomfort-i-tide"


# --- The services -----------------------------------------------------------------------


def test_an_editor_records_changes_and_deletes_a_measurement_each_audited(alice, bergen_org, goal):
    from samvern.accounts.models import Role
    from samvern.accounts.testing import make_member

    other_editor = make_member(bergen_org, Role.PLAN_EDITOR, username="eli")
    mark = last_audit_id()
    first = measure(alice, goal, "32.5", source="Kurslister", comment="Etter vårkurset")
    assert (first.value, first.recorded_by, first.source) == (Decimal("32.5"), alice, "Kurslister")
    changed = services.save_measurement(
        actor=as_actor(other_editor),
        goal=goal,
        measurement=IndicatorMeasurement.objects.get(pk=first.pk),
        data=MeasurementData(value=Decimal("35"), measured_on=first.measured_on),
    )
    assert changed.value == Decimal("35") and changed.recorded_by == alice
    services.delete_measurement(actor=as_actor(alice), measurement=changed)
    assert not IndicatorMeasurement.objects.exists()
    assert audit_actions(mark) == [
        "plans.indicator_measurement.recorded",
        "plans.indicator_measurement.updated",
        "plans.indicator_measurement.deleted",
    ]
    event = AuditEvent.objects.get(action="plans.indicator_measurement.recorded")
    assert event.detail["goal"] == str(goal.pk) and Decimal(event.detail["value"]) == Decimal(
        "32.5"
    )


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_a_reader_or_outsider_cannot_record_or_delete(request, alice, goal, who):
    kept = measure(alice, goal, "30")
    mark = last_audit_id()
    person = request.getfixturevalue(who)
    with pytest.raises(ValidationError):
        measure(person, goal, "50")
    with pytest.raises(ValidationError):
        services.delete_measurement(actor=as_actor(person), measurement=kept)
    assert list(IndicatorMeasurement.objects.values_list("value", flat=True)) == [Decimal("30")]
    assert audit_actions(mark) == []


def test_a_measurement_is_refused_in_the_future_or_out_of_range(alice, bergen, goal):
    with pytest.raises(ValidationError) as caught:
        measure(alice, goal, "40", days=-1)
    assert "fram i tid" in str(caught.value)
    Goal.objects.filter(pk=goal.pk).update(indicator_key="helse-ansatte-spor-om-vold")
    goal.refresh_from_db()
    with pytest.raises(ValidationError):
        measure(alice, goal, "120")
    with pytest.raises(ValidationError):
        measure(alice, goal, "-1")
    Goal.objects.filter(pk=goal.pk).update(indicator_key="", indicator="")
    goal.refresh_from_db()
    with pytest.raises(ValidationError):
        measure(alice, goal, "40")
    assert not IndicatorMeasurement.objects.exists()


def test_nothing_is_measured_on_a_withdrawn_version(alice, goal, version):
    version.status = VersionStatus.WITHDRAWN
    version.save(update_fields=["status"])
    goal.version = version
    with pytest.raises(ValidationError):
        measure(alice, goal, "40")
    assert not IndicatorMeasurement.objects.exists()


# --- Reading: figures, latest value against the target, the round -----------------------


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("25 %", Decimal("25")),
        ("28 per år", Decimal("28")),
        ("3 av 11", Decimal("3")),
        ("1 200 henvisninger", Decimal("1200")),
        ("12,5 dager", Decimal("12.5")),
        ("ingen tall", None),
        ("", None),
    ],
)
def test_the_figure_in_a_baseline_or_target_text_is_read(text, figure):
    assert indicators.number_in(text) == figure


def test_the_latest_value_stands_against_the_target(alice, goal):
    assert indicators.standing(goal).label == "Ikke målt ennå"
    measure(alice, goal, "35", days=200)
    measure(alice, goal, "50", days=20)
    goal = indicators.goals_with_measurements(Goal.objects.filter(pk=goal.pk)).get()
    standing = indicators.standing(goal)
    assert standing.latest.value == Decimal("50")
    assert standing.latest_text == "50\u00a0%"
    assert standing.reached is False and standing.progress == 50  # 20 → 50 of 20 → 80
    Goal.objects.filter(pk=goal.pk).update(
        indicator_key="ventetid-behandling-voldsutovere", baseline="60", target="50"
    )
    goal = indicators.goals_with_measurements(Goal.objects.filter(pk=goal.pk)).get()
    assert indicators.standing(goal).reached is True  # fewer days is better: 50 ≤ 50


# --- The pages --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected", "has_form"),
    [
        ("alice", 200, True),
        ("bob", 200, False),
        ("charlie", 404, False),
        (None, 404, False),
    ],
)
def test_the_goal_page_is_seen_by_the_plan_readers_and_only_editors_get_the_form(
    client, request, alice, goal, login_as, who, expected, has_form
):
    measure(alice, goal, "30")
    if who:
        login_as(request.getfixturevalue(who))
    response = client.get(goal_url(goal))
    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert 'role="img"' in page
        assert ("Lagre måling" in page) is has_form


def test_an_editor_records_a_measurement_typed_in_norwegian(client, alice, goal, login_as):
    login_as(alice)
    response = client.post(
        goal_url(goal),
        {"value": "12,5", "measured_on": days_ago(3).isoformat(), "source": "Kurslister"},
    )
    assert response.status_code == 302
    response = client.post(
        goal_url(goal), {"value": "1\u00a0200", "measured_on": days_ago(2).isoformat()}
    )
    assert response.status_code == 302
    assert list(
        IndicatorMeasurement.objects.order_by("measured_on").values_list("value", flat=True)
    ) == [Decimal("12.5"), Decimal("1200")]
    assert IndicatorMeasurement.objects.first().recorded_by == alice


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nb", "Oppgi et tall, for eksempel 1 200 eller 12,5."),
        ("en", "Enter a number, for example 1 200 or 12,5."),
    ],
)
def test_bad_input_is_refused_with_a_translated_message_and_changes_nothing(
    client, alice, goal, login_as, language, message
):
    login_as(alice)
    choose_language(client, language)
    mark = last_audit_id()
    response = client.post(
        goal_url(goal), {"value": "tolv", "measured_on": days_ago(3).isoformat()}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    response = client.post(goal_url(goal), {"value": "12 5", "measured_on": "i går"})
    assert response.status_code == 400
    assert not IndicatorMeasurement.objects.exists()
    assert audit_actions(mark) == []


def test_a_future_date_is_refused_on_the_form(client, alice, goal, login_as):
    login_as(alice)
    response = client.post(
        goal_url(goal), {"value": "40", "measured_on": (TODAY + dt.timedelta(days=1)).isoformat()}
    )
    assert response.status_code == 400
    assert "Datoen for en måling kan ikke være fram i tid." in response.content.decode()
    assert not IndicatorMeasurement.objects.exists()


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_a_reader_or_outsider_posting_gets_404_and_changes_nothing(
    client, request, alice, goal, login_as, who
):
    kept = measure(alice, goal, "30")
    login_as(request.getfixturevalue(who))
    mark = last_audit_id()
    assert (
        client.post(goal_url(goal), {"value": "50", "measured_on": days_ago(1)}).status_code == 404
    )
    assert client.get(edit_url(kept)).status_code == 404
    assert (
        client.post(edit_url(kept), {"value": "99", "measured_on": days_ago(1)}).status_code == 404
    )
    assert client.post(edit_url(kept), {"action": "delete"}).status_code == 404
    kept.refresh_from_db()
    assert kept.value == Decimal("30")
    assert IndicatorMeasurement.objects.count() == 1
    assert audit_actions(mark) == []


def test_an_editor_edits_and_deletes_a_measurement_through_the_form(client, alice, goal, login_as):
    kept = measure(alice, goal, "30")
    login_as(alice)
    page = client.get(edit_url(kept)).content.decode()
    assert 'value="30"' in page
    response = client.post(
        edit_url(kept), {"value": "31,5", "measured_on": kept.measured_on.isoformat()}
    )
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.value == Decimal("31.5")
    bad = client.post(edit_url(kept), {"value": "mye", "measured_on": kept.measured_on})
    assert bad.status_code == 400
    kept.refresh_from_db()
    assert kept.value == Decimal("31.5")
    assert client.post(edit_url(kept), {"action": "delete"}).status_code == 302
    assert not IndicatorMeasurement.objects.exists()


def test_the_goal_page_shows_baseline_measurements_and_target_as_chart_and_table(
    client, alice, goal, login_as
):
    measure(alice, goal, "32,5".replace(",", "."), days=300, source="Kurslister")
    measure(alice, goal, "48", days=30, comment="Etter høstkurset")
    login_as(alice)
    page = client.get(goal_url(goal)).content.decode()
    # The chart: a picture with a title and a description that say what it shows.
    assert 'role="img"' in page and 'aria-labelledby="chart-title-' in page
    assert "Andel ansatte med kurs over tid" in page
    assert "Utgangspunkt 20\u00a0%." in page
    assert "2 målinger fra" in page and "den siste er 48\u00a0%." in page
    assert "Målverdi 80\u00a0%." in page
    assert page.count('class="chart-point"') == 2 and page.count('class="chart-baseline"') == 1
    assert 'class="chart-target"' in page
    # The table: the same figures, in Norwegian notation.
    table = page[page.index('data-testid="measurements"') :]
    assert "32,5\u00a0%" in table and "48\u00a0%" in table
    assert "Kurslister" in table and "Etter høstkurset" in table
    assert (
        table.index("Utgangspunkt") < table.index("32,5") < table.index("48") < table.index("80 %")
    )


def test_a_goal_without_figures_shows_the_table_only(client, alice, goal, login_as):
    Goal.objects.filter(pk=goal.pk).update(baseline="lav", target="høy")
    login_as(alice)
    page = client.get(goal_url(goal)).content.decode()
    assert 'role="img"' not in page
    assert "Ingen målinger ennå." in page


def test_the_goals_list_links_each_goal_to_its_page_with_the_latest_value(
    client, alice, goal, login_as
):
    measure(alice, goal, "44")
    login_as(alice)
    page = client.get(reverse("plans:goals", args=[goal.version.plan_id, goal.version_id]))
    text = page.content.decode()
    assert goal_url(goal) in text and "44\u00a0%" in text


def test_the_reporting_round_asks_for_the_indicators_due(client, alice, bob, goal, login_as):
    version = goal.version
    services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Høst i fjor", due_date=days_ago(100)
    )
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Vår", due_date=days_ago(1)
    )
    measure(alice, goal, "25", days=150)  # before the previous round: does not count
    url = reverse("plans:round", args=[version.plan_id, version.pk, round_.pk])
    login_as(alice)
    page = client.get(url).content.decode()
    section = page[page.index('data-testid="indicators-due"') :]
    assert section.count(">Ikke målt ennå<") == 2 and "Registrer en måling" in section
    measure(alice, goal, "41", days=20)
    section = client.get(url).content.decode()
    section = section[section.index('data-testid="indicators-due"') :]
    assert section.count(">Ikke målt ennå<") == 1 and "41\u00a0%" in section
    login_as(bob)
    section = client.get(url).content.decode()
    section = section[section.index('data-testid="indicators-due"') :]
    assert "Registrer en måling" not in section and "41\u00a0%" in section


def test_the_evaluation_shows_each_goals_latest_value_against_its_target(
    client, alice, bob, goal, login_as
):
    measure(alice, goal, "35", days=200)
    measure(alice, goal, "80", days=10)
    url = reverse("plans:evaluation", args=[goal.version.plan_id, goal.version_id, "final"])
    for who in (alice, bob):
        login_as(who)
        page = client.get(url).content.decode()
        section = page[page.index('data-testid="indicator-standings"') :]
        row = section[section.index(goal.text) :]
        assert "80\u00a0%" in row and "Målet er nådd" in row
        assert "Ikke målt ennå" in section  # the other goal


def test_the_public_page_shows_the_goals_latest_values_once_adopted(client, alice, goal):
    measure(alice, goal, "47", days=10, comment="Intern merknad")
    page = client.get(reverse("plans:public_plan", args=[goal.version.plan_id])).content.decode()
    goals = page[page.index('data-testid="public-goals"') :]
    assert "47\u00a0%" in goals and "Andel ansatte med kurs" in goals
    assert "Intern merknad" not in page  # comments are for internal use


def test_a_draft_has_no_public_page_to_show_values_on(client, alice, bergen):
    draft = ready_for_consultation(alice, new_plan(alice, [bergen]), measures=1)
    measure(alice, draft.goals.first(), "10")
    assert client.get(reverse("plans:public_plan", args=[draft.plan_id])).status_code == 404


# --- Query budgets ----------------------------------------------------------------------


def grow(alice, version, count):
    goals = list(version.goals.all())
    IndicatorMeasurement.objects.bulk_create(
        IndicatorMeasurement(
            goal=goals[i % len(goals)],
            value=Decimal(20 + i),
            measured_on=days_ago(400 - i * 10),
            recorded_by=alice,
        )
        for i in range(count)
    )


@pytest.mark.parametrize("name", ["goal", "goals", "round", "evaluation", "public_plan"])
def test_page_queries_do_not_grow_with_the_measurements(
    client, alice, goal, login_as, django_assert_num_queries, name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    version = goal.version
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Vår", due_date=days_ago(1)
    )
    args = {
        "goal": [version.plan_id, version.pk, goal.pk],
        "goals": [version.plan_id, version.pk],
        "round": [version.plan_id, version.pk, round_.pk],
        "evaluation": [version.plan_id, version.pk, "final"],
        "public_plan": [version.plan_id],
    }[name]
    url = reverse(f"plans:{name}", args=args)
    login_as(alice)
    grow(alice, version, 2)
    client.get(url)  # warm the caches (session, catalogue) alike for both counts
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    IndicatorMeasurement.objects.all().delete()
    grow(alice, version, 20)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


# --- The API ----------------------------------------------------------------------------


def api_list(goal):
    return reverse("plans-api-measurement-list", args=[goal.pk])


def api_detail(measurement):
    return reverse("plans-api-measurement-detail", args=[measurement.pk])


@pytest.mark.parametrize(
    ("who", "expected"), [("alice", 200), ("bob", 200), ("charlie", 404), (None, 401)]
)
def test_the_api_lists_measurements_to_the_plans_readers(api, request, alice, goal, who, expected):
    measure(alice, goal, "30", days=40)
    measure(alice, goal, "41,5".replace(",", "."), days=4)
    if who:
        api.force_authenticate(request.getfixturevalue(who))
    response = api.get(api_list(goal))
    assert response.status_code == expected
    if expected == 200:
        rows = response.json()["results"]
        assert [Decimal(r["value"]) for r in rows] == [Decimal("30"), Decimal("41.5")]
        assert "recorded_by" not in rows[0]


@pytest.mark.parametrize(("who", "expected"), [("alice", 201), ("bob", 404), ("charlie", 404)])
def test_only_editors_record_measurements_through_the_api(api, request, goal, who, expected):
    api.force_authenticate(request.getfixturevalue(who))
    mark = last_audit_id()
    response = api.post(
        api_list(goal),
        {"value": "33.5", "measured_on": days_ago(2).isoformat(), "source": "Kurslister"},
        format="json",
    )
    assert response.status_code == expected
    assert IndicatorMeasurement.objects.count() == (1 if expected == 201 else 0)
    assert audit_actions(mark) == (
        ["plans.indicator_measurement.recorded"] if expected == 201 else []
    )


def test_the_api_refuses_a_future_measurement_with_the_services_message(api, alice, goal):
    api.force_authenticate(alice)
    response = api.post(
        api_list(goal),
        {"value": "10", "measured_on": (TODAY + dt.timedelta(days=3)).isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert not IndicatorMeasurement.objects.exists()


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_api_patch_and_delete_by_others_than_editors_change_nothing(api, request, alice, goal, who):
    kept = measure(alice, goal, "30")
    api.force_authenticate(request.getfixturevalue(who))
    assert api.patch(api_detail(kept), {"value": "99"}, format="json").status_code == 404
    assert api.delete(api_detail(kept)).status_code == 404
    kept.refresh_from_db()
    assert kept.value == Decimal("30")


def test_an_editor_patches_and_deletes_a_measurement_through_the_api(api, alice, goal):
    kept = measure(alice, goal, "30", comment="Første")
    api.force_authenticate(alice)
    response = api.patch(api_detail(kept), {"value": "31.25"}, format="json")
    assert response.status_code == 200
    kept.refresh_from_db()
    assert (kept.value, kept.comment) == (Decimal("31.25"), "Første")
    assert api.delete(api_detail(kept)).status_code == 204
    assert not IndicatorMeasurement.objects.exists()


def test_the_measurement_endpoints_are_in_the_schema(client, alice):
    client.force_login(alice)
    schema = client.get(
        reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).content.decode()
    assert "/api/v1/plan-goals/{goal_id}/measurements/" in schema
    assert "/api/v1/plan-measurements/{measurement_id}/" in schema


# --- The demo ---------------------------------------------------------------------------


def test_the_demo_plan_has_measured_goals_and_a_catalogue_indicator(reference_data):
    from django.test import override_settings

    from samvern.accounts import demo as accounts_demo
    from samvern.plans import demo
    from samvern.plans.models import Plan

    with override_settings(DEMO_MODE=True), translation.override("en"):
        accounts_demo.load(today=TODAY)
        demo.load(today=TODAY)
    version = Plan.objects.get(title__contains="Bergen og Askøy").versions.get()
    goals = indicators.version_goals(version)
    measured = [g for g in goals if g.measurements.all()]
    assert len(measured) >= 5
    assert all(m.measured_on <= TODAY for g in goals for m in g.measurements.all())
    catalogue_goal = next(g for g in goals if g.indicator_key)
    assert catalogue_goal.indicator_definition is not None
    assert IndicatorMeasurement.objects.filter(
        source="Competence survey in the services"
    ).exists()  # loaded in English: the demo's texts are translatable
    open_round = version.reporting_rounds.get(status="open")
    due = indicators.indicators_due(open_round, goals)
    assert any(row.is_due for row in due) and any(not row.is_due for row in due)


def test_the_evaluation_says_how_far_a_goal_has_come(client, alice, goal, login_as):
    measure(alice, goal, "50", days=10)  # 20 % → 50 % of the way to 80 %
    login_as(alice)
    url = reverse("plans:evaluation", args=[goal.version.plan_id, goal.version_id, "midterm"])
    page = client.get(url).content.decode()
    row = page[page.index(goal.text, page.index('data-testid="indicator-standings"')) :]
    assert "Målet er ikke nådd ennå" in row and "(50 % av veien)" in row


def test_the_goal_page_in_english(client, alice, goal, login_as):
    measure(alice, goal, "50", days=10)
    login_as(alice)
    choose_language(client, "en")
    page = client.get(goal_url(goal)).content.decode()
    assert "Baseline 20\u00a0%. One measurement on" in page and "Target 80\u00a0%." in page
    assert "Value (%)" in page and "Record a measurement" in page
