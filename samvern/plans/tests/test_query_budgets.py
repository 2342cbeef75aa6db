"""Acceptance 5: query budgets for the plan page, the measures list and the council
report do not grow with the number of measures."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samvern.plans import services
from samvern.plans.models import MeasureStatus
from samvern.plans.tests.helpers import START, adopted, as_actor, new_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_with_round(alice, bergen, askoy):
    version = adopted(alice, new_plan(alice, [bergen, askoy]), measures=3)
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Vår", due_date=START
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    for measure in version.measures.all():
        services.report_status(
            actor=as_actor(alice),
            round=round_,
            measure=measure,
            status=MeasureStatus.DELAYED,
            comment="Venter",
        )
    return version, round_


def grow(alice, version, round_, count):
    from samvern.plans.models import Measure, StatusReport

    # Adopted content is locked for the services; the test adds rows directly.
    start = version.measures.count()
    measures = [
        Measure(
            version=version,
            number=start + i + 1,
            title=f"Ekstra {i}",
            level="help",
            area_key="forebygging",
            starts_on=START,
            deadline=START,
        )
        for i in range(count)
    ]
    Measure.objects.bulk_create(measures)
    StatusReport.objects.bulk_create(
        StatusReport(round=round_, measure=m, status=MeasureStatus.DONE, reported_by=alice)
        for m in measures
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("plans:version", 30),
        ("plans:measures", 30),
        ("plans:council_report", 26),
        ("plans:round", 30),
        ("plans:public_plan", 20),
    ],
)
def test_page_queries_stay_within_budget_and_do_not_grow(
    client, alice, plan_with_round, login_as, name, budget, django_assert_max_num_queries
):
    version, round_ = plan_with_round
    login_as(alice)
    args = {
        "plans:version": [version.plan_id, version.pk],
        "plans:measures": [version.plan_id, version.pk],
        "plans:council_report": [version.plan_id, version.pk, round_.pk],
        "plans:round": [version.plan_id, version.pk, round_.pk],
        "plans:public_plan": [version.plan_id],
    }[name]
    url = reverse(name, args=args)
    small = count_queries(client, url)
    grow(alice, version, round_, 25)
    with django_assert_max_num_queries(budget):
        large_response = client.get(url)
    assert large_response.status_code == 200
    large = count_queries(client, url)
    assert large == small, f"{name}: {small} queries with 3 measures, {large} with 28"


def test_api_measure_list_does_not_grow(api, alice, plan_with_round):
    version, round_ = plan_with_round
    api.force_authenticate(alice)
    url = reverse("plans-api-measure-list", args=[version.pk])
    with CaptureQueriesContext(connection) as small:
        api.get(url)
    grow(alice, version, round_, 25)
    with CaptureQueriesContext(connection) as large:
        assert len(api.get(url).json()["results"]) == 28
    assert len(large) <= len(small)  # the role lookup is cached on the user object
