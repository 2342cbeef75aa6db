"""The coverage indicator against hand-computed figures.

Day: 2026-03-01. Shelter, role "Rådgiver" (staff_count 4, requires recognising-violence
and risk-assessment):
- Anne: both, refresh 2027 → trained, not due.
- Bjørn: both, risk assessment refresh 2026-04-15 (within 90 days) → trained and due.
- Cecilie: recognising only → not trained, not due (nothing to refresh, lacks a course).
- Dag: both, but risk assessment lapsed 2026-02-01 → not trained, due.
- Eva: gone from the staff, fully trained → not counted.
Trained 2 of 4 = 50 %, due 2 of 4 = 50 %.
Role "Leder" (no staff_count: counts registered staff, 1; requires duty-to-avert):
- Frida: duty-to-avert completed 2026-03-02, after the day → not trained.
Trained 0 of 1.
Shelter total: staff 5, trained 2, due 2. Police: a role without required topics and
no staff → shares None, total staff 0.
"""

from __future__ import annotations

import datetime as dt

import pytest

from samvern.training.catalogue import catalogue
from samvern.training.models import CompetenceRecord, StaffMember, TargetRole
from samvern.training.selectors import coverage

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 1)


def _person(partnership, org, role, name, *courses, active=True):
    person = StaffMember.objects.create(
        partnership=partnership, organisation=org, role=role, name=name, is_active=active
    )
    for topic, done, due in courses:
        CompetenceRecord.objects.create(
            person=person, topic_key=topic, completed_on=done, refresh_due=due
        )
    return person


@pytest.fixture
def world(partnership, shelter, police):
    adviser = TargetRole.objects.create(
        partnership=partnership,
        organisation=shelter,
        name="Rådgiver",
        staff_count=4,
        required_topics=["recognising-violence", "risk-assessment"],
    )
    leader = TargetRole.objects.create(
        partnership=partnership,
        organisation=shelter,
        name="Leder",
        required_topics=["duty-to-avert"],
    )
    TargetRole.objects.create(partnership=partnership, organisation=police, name="Jurist")
    rv, ra = "recognising-violence", "risk-assessment"
    later = dt.date(2027, 6, 1)
    _person(
        partnership,
        shelter,
        adviser,
        "Anne",
        (rv, dt.date(2025, 1, 5), later),
        (ra, dt.date(2025, 1, 6), later),
    )
    _person(
        partnership,
        shelter,
        adviser,
        "Bjørn",
        (rv, dt.date(2025, 1, 5), later),
        (ra, dt.date(2024, 4, 15), dt.date(2026, 4, 15)),
    )
    _person(partnership, shelter, adviser, "Cecilie", (rv, dt.date(2025, 2, 1), later))
    _person(
        partnership,
        shelter,
        adviser,
        "Dag",
        (rv, dt.date(2025, 1, 5), later),
        (ra, dt.date(2024, 2, 1), dt.date(2026, 2, 1)),
    )
    _person(
        partnership,
        shelter,
        adviser,
        "Eva",
        (rv, dt.date(2025, 1, 5), later),
        (ra, dt.date(2025, 1, 5), later),
        active=False,
    )
    _person(partnership, shelter, leader, "Frida", ("duty-to-avert", dt.date(2026, 3, 2), None))
    return adviser, leader


def test_hand_computed_coverage(world, partnership, shelter, police):
    figures = {row.organisation.name: row for row in coverage(partnership, DAY)}
    shelter_row = figures[shelter.name]
    roles = {r.role.name: r for r in shelter_row.roles}
    adviser = roles["Rådgiver"]
    assert (adviser.staff, adviser.trained, adviser.due) == (4, 2, 2)
    assert adviser.trained_share == 0.5
    assert adviser.due_share == 0.5
    leader = roles["Leder"]
    assert (leader.staff, leader.trained, leader.due) == (1, 0, 0)
    assert leader.trained_share == 0.0
    assert (shelter_row.staff, shelter_row.trained, shelter_row.due) == (5, 2, 2)
    assert shelter_row.trained_share == 0.4
    police_row = figures[police.name]
    assert police_row.staff == 0
    assert police_row.trained_share is None
    assert police_row.roles[0].trained_share is None


def test_the_next_day_counts_the_course_done_that_day(world, partnership, shelter):
    figures = coverage(partnership, dt.date(2026, 3, 2), organisation=shelter)[0]
    leader = next(r for r in figures.roles if r.role.name == "Leder")
    assert leader.trained == 1


def test_latest_course_of_a_topic_counts(world, partnership, shelter):
    dag = StaffMember.objects.get(name="Dag")
    CompetenceRecord.objects.create(
        person=dag,
        topic_key="risk-assessment",
        completed_on=dt.date(2026, 2, 20),
        refresh_due=dt.date(2028, 2, 20),
    )
    adviser = coverage(partnership, DAY, organisation=shelter)[0].roles[1]
    assert adviser.role.name == "Rådgiver"
    assert (adviser.trained, adviser.due) == (3, 1)


def test_coverage_takes_a_fixed_number_of_queries(
    world, partnership, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        coverage(partnership, DAY)


def test_share_never_above_one(partnership, shelter):
    role = TargetRole.objects.create(
        partnership=partnership,
        organisation=shelter,
        name="X",
        staff_count=1,
        required_topics=["duty-to-avert"],
    )
    for name in ("A", "B"):
        _person(partnership, shelter, role, name, ("duty-to-avert", dt.date(2025, 1, 1), None))
    row = coverage(partnership, DAY, organisation=shelter)[0]
    assert row.roles[0].trained_share == 1.0
    assert row.trained == 1


def test_catalogue_is_versioned_and_refresh_intervals_apply():
    topics = catalogue()
    assert topics.version >= 1
    risk = topics.get("risk-assessment")
    assert risk is not None and risk.refresh_months == 24
    assert risk.refresh_due(dt.date(2024, 2, 29)) == dt.date(2026, 2, 28)
