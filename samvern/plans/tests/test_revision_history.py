"""Revisions that keep history: a revision copies every unfinished measure as it is (dates,
owner, municipalities, resources, number), a new measure gets a number never used in the
plan, renumbering is a deliberate, audited act, the difference view covers the whole text
and the adoption facts and shows finished measures as completed or dropped, and a goal's
indicator series runs on across the revision."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samvern.accounts.models import OrganisationKind
from samvern.accounts.tests import personas
from samvern.audit.models import AuditEvent
from samvern.core.testing import choose_language
from samvern.plans import indicators, services
from samvern.plans.lineage import with_earlier_measurements
from samvern.plans.models import (
    EvaluationKind,
    Goal,
    MappingSection,
    MappingTopic,
    Measure,
    MeasureStatus,
    PlanVersion,
    VersionStatus,
)
from samvern.plans.services.data import GoalData, MeasureData, MeasurementData
from samvern.plans.tests.helpers import START, TODAY, adopted, as_actor, new_plan

pytestmark = pytest.mark.django_db

# The copied fields a reader relies on, compared measure by measure.
KEPT = (
    "number",
    "title",
    "description",
    "level",
    "area_key",
    "starts_on",
    "deadline",
    "responsible_title",
    "responsible_unit",
    "responsible_user_id",
    "responsible_organisation_id",
    "budget_nok",
    "staff_hours",
    "target_groups",
    "duties",
)


@pytest.fixture
def police():
    return personas.make_organisation("Vest politidistrikt", OrganisationKind.POLICE)


@pytest.fixture
def adopted_v1(alice, bergen, askoy, police):
    """The Bergen–Askøy plan adopted by both councils, with five measures that differ in
    dates, owner, municipalities and resources (numbers 1–5)."""
    version = adopted(alice, new_plan(alice, [bergen, askoy]), measures=5)
    # Adopted content is closed to the services; the test gives each measure its own facts.
    for index, measure in enumerate(version.measures.order_by("number")):
        Measure.objects.filter(pk=measure.pk).update(
            starts_on=START + dt.timedelta(days=30 * index),
            deadline=START + dt.timedelta(days=400 + 45 * index),
            budget_nok=Decimal(10000 * (index + 1)),
            staff_hours=20 + index,
            # The person must work in the responsible organisation: none named for the police.
            responsible_user=alice if index in (0, 2) else None,
            responsible_organisation=police if index == 4 else None,
            target_groups=["barn"] if index == 0 else [],
        )
        if index == 0:
            measure.municipalities.set([askoy])
    MappingSection.objects.create(
        version=version, topic=MappingTopic.STRENGTHS_GAPS, text="Gode rutiner i barnehagene."
    )
    return version


def finish_some(alice, version):
    """The latest round reports no. 2 done and no. 3 dropped; the mid-term evaluation
    finds no. 4 done. Nos. 1 and 5 are unfinished."""
    by_number = {m.number: m for m in version.measures.all()}
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Høst", due_date=START
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    for number, status in ((1, MeasureStatus.ON_TRACK), (2, MeasureStatus.DONE)):
        services.report_status(
            actor=as_actor(alice), round=round_, measure=by_number[number], status=status
        )
    services.report_status(
        actor=as_actor(alice),
        round=round_,
        measure=by_number[3],
        status=MeasureStatus.DROPPED,
        comment="Erstattet av fylkets tilbud.",
    )
    services.close_reporting_round(actor=as_actor(alice), round=round_)
    services.save_evaluation(
        actor=as_actor(alice),
        version=version,
        kind=EvaluationKind.MIDTERM,
        summary="Kompetansetiltakene virket.",
        measure_findings={by_number[4].pk: (True, "Gjennomført."), by_number[5].pk: (False, "")},
        complete_on=TODAY,
    )
    return by_number


@pytest.fixture
def revision(alice, adopted_v1):
    finish_some(alice, adopted_v1)
    return services.revise_version(actor=as_actor(alice), version=adopted_v1)


def renumber_url(version):
    return reverse("plans:measure_renumber", args=[version.plan_id, version.pk])


def diff_url(version):
    return reverse("plans:diff", args=[version.plan_id, version.pk])


def text_of(response) -> str:
    """The page's text without tags, spaces collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(body))


def section(response, testid: str) -> str:
    """The text of the element marked `data-testid` (a section or a table: neither is
    nested in one of its own kind on the page), tags removed and spaces collapsed."""
    page = response.content.decode()
    marker = page.index(f'data-testid="{testid}"')
    opening = page.rindex("<", 0, marker)
    tag = re.match(r"<(\w+)", page[opening:]).group(1)
    chunk = page[opening : page.index(f"</{tag}>", marker)]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", chunk)))


# --- What a revision carries ----------------------------------------------------------


def test_a_revision_keeps_every_carried_measures_dates_owner_and_number(
    alice, adopted_v1, revision
):
    carried = list(revision.measures.order_by("number"))
    assert [m.number for m in carried] == [1, 5]
    for copy in carried:
        origin = Measure.objects.get(pk=copy.origin_id)
        assert origin.version_id == adopted_v1.pk
        for name in KEPT:
            assert getattr(copy, name) == getattr(origin, name), (copy.number, name)
        assert set(copy.municipalities.all()) == set(origin.municipalities.all())
        assert {g.origin_id for g in copy.goals.all()} == {g.pk for g in origin.goals.all()}
        assert all(g.version_id == revision.pk for g in copy.goals.all())
    first, fifth = carried
    assert first.starts_on == START and first.deadline == START + dt.timedelta(days=400)
    assert fifth.starts_on == START + dt.timedelta(days=120)
    assert fifth.deadline == START + dt.timedelta(days=580)
    assert fifth.responsible_organisation.name == "Vest politidistrikt"
    assert [m.name for m in first.municipalities.all()] == ["Askøy"]
    event = AuditEvent.objects.get(action="plans.version.revised")
    assert event.detail["measures_carried"] == 2 and event.detail["measures_finished"] == 3


def test_a_new_measure_gets_the_next_number_never_used_in_the_plan(alice, revision):
    made = services.save_measure(
        actor=as_actor(alice),
        version=revision,
        data=MeasureData(title="Nytt tiltak for eldre", level="routines"),
    )
    # 2, 3 and 4 were finished in version 1: their numbers stay theirs.
    assert made.number == 6
    assert sorted(revision.measures.values_list("number", flat=True)) == [1, 5, 6]


def test_a_measure_added_through_the_page_gets_the_next_unused_number(
    client, alice, revision, login_as
):
    login_as(alice)
    response = client.post(
        reverse("plans:measures", args=[revision.plan_id, revision.pk]),
        {"title": "Nytt tiltak", "level": "help", "area_key": "forebygging"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert revision.measures.get(title="Nytt tiltak").number == 6


# --- Renumbering ----------------------------------------------------------------------


def test_renumbering_is_confirmed_then_numbers_one_to_n_and_is_audited(
    client, alice, revision, login_as
):
    services.save_measure(
        actor=as_actor(alice), version=revision, data=MeasureData(title="Nytt", level="help")
    )
    login_as(alice)
    measures_page = client.get(reverse("plans:measures", args=[revision.plan_id, revision.pk]))
    assert renumber_url(revision) in measures_page.content.decode()
    confirm = client.get(renumber_url(revision))
    assert confirm.status_code == 200
    preview = section(confirm, "renumber-preview")
    assert "Tiltak 5 5 2" in preview and "Nytt 6 3" in preview
    # Looking at the confirmation changes nothing.
    assert sorted(revision.measures.values_list("number", flat=True)) == [1, 5, 6]
    before = {m.pk: m.number for m in revision.measures.all()}
    response = client.post(renumber_url(revision))
    assert response.status_code == 302
    after = {m.pk: m.number for m in revision.measures.all()}
    assert sorted(after.values()) == [1, 2, 3]
    # The order is kept: 1 → 1, 5 → 2, 6 → 3.
    assert sorted(after, key=after.get) == sorted(before, key=before.get)
    event = AuditEvent.objects.get(action="plans.measure.renumbered")
    assert event.actor_id == str(alice.pk)
    assert event.detail["version"] == str(revision.pk)
    assert sorted((old, new) for _id, old, new in event.detail["numbers"]) == [(5, 2), (6, 3)]
    # After renumbering, a new measure gets the number above every one the plan's measures
    # hold: not 4, which is version 1's completed measure's.
    made = services.save_measure(
        actor=as_actor(alice), version=revision, data=MeasureData(title="Enda et", level="help")
    )
    assert made.number == 6


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_a_refused_renumbering_is_not_found_and_changes_nothing(
    client, request, revision, login_as, who
):
    login_as(request.getfixturevalue(who))
    before = sorted(revision.measures.values_list("pk", "number"))
    events = AuditEvent.objects.count()
    assert client.get(renumber_url(revision)).status_code == 404
    assert client.post(renumber_url(revision)).status_code == 404
    assert sorted(revision.measures.values_list("pk", "number")) == before
    assert AuditEvent.objects.count() == events
    assert not AuditEvent.objects.filter(action="plans.measure.renumbered").exists()


def test_renumbering_an_adopted_version_is_refused_and_changes_nothing(
    client, alice, adopted_v1, login_as
):
    Measure.objects.filter(version=adopted_v1, number=2).delete()
    before = sorted(adopted_v1.measures.values_list("pk", "number"))
    login_as(alice)
    response = client.post(renumber_url(adopted_v1), follow=True)
    assert response.status_code == 200
    assert sorted(adopted_v1.measures.values_list("pk", "number")) == before
    assert not AuditEvent.objects.filter(action="plans.measure.renumbered").exists()


def test_renumbering_measures_that_are_already_in_order_is_refused(alice, adopted_v1):
    draft = services.revise_version(actor=as_actor(alice), version=adopted_v1)
    with pytest.raises(ValidationError):
        services.renumber_measures(actor=as_actor(alice), version=draft)
    assert not AuditEvent.objects.filter(action="plans.measure.renumbered").exists()


# --- The difference view --------------------------------------------------------------


def change_the_revision(alice, revision):
    goal = revision.goals.order_by("area_key").first()
    services.save_goal(
        actor=as_actor(alice),
        version=revision,
        goal=goal,
        data=dataclasses.replace(GoalData.of(goal), target="90 %"),
    )
    fifth = revision.measures.get(number=5)
    services.save_measure(
        actor=as_actor(alice),
        version=revision,
        measure=fifth,
        data=dataclasses.replace(
            MeasureData.of(fifth), deadline=fifth.deadline + dt.timedelta(days=90)
        ),
    )
    services.save_measure(
        actor=as_actor(alice),
        version=revision,
        data=MeasureData(title="Felles rutine for eldre", level="routines"),
    )
    services.delete_measure(actor=as_actor(alice), measure=revision.measures.get(number=1))
    return goal


def test_the_difference_view_shows_a_changed_target_and_completed_measures(
    client, alice, revision, login_as
):
    goal = change_the_revision(alice, revision)
    login_as(alice)
    choose_language(client, "en")
    response = client.get(diff_url(revision))
    assert response.status_code == 200
    goals = section(response, "diff-goals")
    assert goal.text in goals
    assert "Target 80 % → 90 %" in goals
    completed = section(response, "measures-completed")
    assert "2 Tiltak 2 Completed" in completed and "4 Tiltak 4 Completed" in completed
    assert "Tiltak 3" not in completed
    assert "3 Tiltak 3 Dropped" in section(response, "measures-dropped")
    # Deleted from the revision although unfinished: that one is removed.
    removed = section(response, "measures-removed")
    assert "1 Tiltak 1 Removed" in removed
    assert "Tiltak 2" not in removed and "Tiltak 4" not in removed
    assert "6 + Felles rutine for eldre" in section(response, "measures-added")
    measures = section(response, "diff-measures")
    assert "5. Tiltak 5" in measures and "Deadline" in measures
    # The mapping's strengths and gaps carry the evaluation's findings; the councils'
    # decisions stand beside the revision that has none yet.
    adoptions = section(response, "diff-adoptions")
    assert "Bergen" in adoptions and "Askøy" in adoptions and "Not adopted" in adoptions
    assert "Kommunestyret" in adoptions


def test_the_difference_view_says_completed_in_bokmal(client, alice, revision, login_as):
    login_as(alice)
    choose_language(client, "nb")
    response = client.get(diff_url(revision))
    assert "Fullført" in section(response, "measures-completed")


def test_the_difference_view_covers_mandate_mapping_areas_and_goals_added_or_removed(
    client, alice, bergen, revision, login_as
):
    from samvern.plans.models import CouncilMandate, FocusAreaChoice, Mandate

    # The revision's own mandate, mapping and area choice (written directly: these
    # services belong to pages tested elsewhere).
    Mandate.objects.create(version=revision, body="Bystyret", decided_on=TODAY, text="Revider.")
    CouncilMandate.objects.create(
        version=revision, municipality=bergen, body="Bystyret", decided_on=TODAY
    )
    MappingSection.objects.update_or_create(
        version=revision, topic="population", defaults={"text": "Ny befolkningsprognose."}
    )
    FocusAreaChoice.objects.filter(version=revision, area_key="beskyttelse").update(chosen=False)
    services.save_goal(
        actor=as_actor(alice),
        version=revision,
        data=GoalData(area_key="forebygging", kind="user", text="Færre gjentatte anmeldelser"),
    )
    removed_goal = revision.goals.get(area_key="beskyttelse")
    services.delete_goal(actor=as_actor(alice), goal=removed_goal)
    login_as(alice)
    choose_language(client, "en")
    response = client.get(diff_url(revision))
    mandate = section(response, "diff-mandate")
    assert "Bergen" in mandate and "Bystyret" in mandate
    mapping = section(response, "diff-mapping")
    assert "Ny befolkningsprognose." in mapping
    # The evaluation's summary is carried into the strengths and gaps.
    assert "Gode rutiner i barnehagene." in mapping and "Kompetansetiltakene virket." in mapping
    assert "no longer chosen" in section(response, "diff-areas")
    goals = section(response, "diff-goals")
    assert "+ Færre gjentatte anmeldelser" in goals
    assert f"− {removed_goal.text}" in goals


@pytest.mark.parametrize("who", ["bob"])
def test_a_reader_of_the_plan_sees_the_difference_view(client, request, revision, login_as, who):
    login_as(request.getfixturevalue(who))
    assert client.get(diff_url(revision)).status_code == 200


def test_an_outsider_gets_no_difference_view(client, charlie, revision, login_as):
    login_as(charlie)
    assert client.get(diff_url(revision)).status_code == 404


def _add_carried(old: PlanVersion, new: PlanVersion, count: int, askoy) -> None:
    """More measures in both versions, carried with a changed deadline (rows written
    directly: adopted content is closed to the services)."""
    top = max(old.measures.values_list("number", flat=True))
    for index in range(count):
        before = Measure.objects.create(
            version=old,
            number=top + index + 1,
            title=f"Ekstra {index}",
            level="help",
            area_key="forebygging",
            starts_on=START,
            deadline=START + dt.timedelta(days=100),
        )
        before.municipalities.set([askoy])
        after = Measure.objects.create(
            version=new,
            number=before.number,
            title=before.title,
            level="help",
            area_key="forebygging",
            starts_on=START,
            deadline=START + dt.timedelta(days=200),
            origin=before,
        )
        after.municipalities.set([askoy])


def test_the_difference_page_queries_do_not_grow_with_the_measures(
    client, alice, askoy, adopted_v1, revision, login_as, django_assert_max_num_queries
):
    change_the_revision(alice, revision)
    login_as(alice)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(diff_url(revision))
        assert response.status_code == 200
        return len(context)

    few = count()
    _add_carried(adopted_v1, revision, 12, askoy)
    many = count()
    assert many == few
    with django_assert_max_num_queries(40):
        client.get(diff_url(revision))


# --- Indicator measurements across the revision ---------------------------------------


def test_the_revised_goal_shows_the_earlier_measurements_in_one_series(
    client, alice, adopted_v1, login_as
):
    old_goal = adopted_v1.goals.order_by("area_key").first()
    services.save_measurement(
        actor=as_actor(alice),
        goal=old_goal,
        data=MeasurementData(value=Decimal("35"), measured_on=TODAY - dt.timedelta(days=200)),
    )
    revision = services.revise_version(actor=as_actor(alice), version=adopted_v1)
    new_goal = revision.goals.get(origin=old_goal)
    own = services.save_measurement(
        actor=as_actor(alice),
        goal=new_goal,
        data=MeasurementData(value=Decimal("55"), measured_on=TODAY - dt.timedelta(days=10)),
    )
    # No row was copied: the earlier value stays with the earlier goal.
    assert new_goal.measurements.count() == 1
    series = next(g for g in indicators.version_goals(revision) if g.pk == new_goal.pk)
    assert [m.value for m in series.measurements.all()] == [Decimal("35"), Decimal("55")]
    assert series.latest_measurement.pk == own.pk
    login_as(alice)
    choose_language(client, "en")
    page = client.get(reverse("plans:goal", args=[revision.plan_id, revision.pk, new_goal.pk]))
    assert page.status_code == 200
    table = section(page, "measurements")
    assert "35 %" in table and "55 %" in table and "version 1" in table
    assert page.content.decode().count('data-testid="earlier-measurement"') == 1
    # The earlier measurement is edited only in its own version.
    earlier = old_goal.measurements.get()
    edit = reverse(
        "plans:measurement_edit", args=[revision.plan_id, revision.pk, new_goal.pk, earlier.pk]
    )
    assert edit not in page.content.decode()
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"action": "delete"}).status_code == 404
    assert old_goal.measurements.filter(pk=earlier.pk).exists()


def test_measurements_are_read_along_the_whole_origin_chain(alice, adopted_v1):
    first = adopted_v1.goals.order_by("area_key").first()
    services.save_measurement(
        actor=as_actor(alice),
        goal=first,
        data=MeasurementData(value=Decimal("30"), measured_on=TODAY - dt.timedelta(days=400)),
    )
    second_version = services.revise_version(actor=as_actor(alice), version=adopted_v1)
    second = second_version.goals.get(origin=first)
    services.save_measurement(
        actor=as_actor(alice),
        goal=second,
        data=MeasurementData(value=Decimal("40"), measured_on=TODAY - dt.timedelta(days=200)),
    )
    # A third version's goal, copied from the second (the chain as a revision leaves it).
    PlanVersion.objects.filter(pk=second_version.pk).update(status=VersionStatus.SUPERSEDED)
    third_version = PlanVersion.objects.create(
        plan=adopted_v1.plan, number=3, title="v3", previous=second_version
    )
    third = Goal.objects.create(
        version=third_version,
        area_key=second.area_key,
        kind=second.kind,
        text=second.text,
        indicator=second.indicator,
        baseline=second.baseline,
        target=second.target,
        origin=second,
    )
    services.save_measurement(
        actor=as_actor(alice),
        goal=third,
        data=MeasurementData(value=Decimal("50"), measured_on=TODAY - dt.timedelta(days=5)),
    )
    [goal] = with_earlier_measurements(
        list(indicators.goals_with_measurements(Goal.objects.filter(pk=third.pk)))
    )
    series = list(goal.measurements.all())
    assert [m.value for m in series] == [Decimal("30"), Decimal("40"), Decimal("50")]
    assert [m.goal.version.number for m in series] == [1, 2, 3]
    chart = indicators.chart(goal)
    assert chart is not None and len([p for p in chart.points if not p.is_baseline]) == 3


def test_the_renumbering_page_queries_do_not_grow_with_the_measures(
    client, alice, askoy, adopted_v1, revision, login_as
):
    login_as(alice)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(renumber_url(revision))
        assert response.status_code == 200
        return len(context)

    few = count()
    _add_carried(adopted_v1, revision, 12, askoy)
    assert count() == few <= 30
