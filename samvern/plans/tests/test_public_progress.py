"""Public progress (issue 14): once adopted, the public plan page shows each measure's
latest published status, the comment only where the reporter allowed it, the goals'
latest indicator values against baseline and target, and the date of the last report —
and nothing internal: no unpublished comment, no reporter's name, nothing of an open
round."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from samvern.plans import services
from samvern.plans.forms import StatusReportForm
from samvern.plans.models import Measure, MeasureStatus, StatusReport
from samvern.plans.services.data import MeasurementData
from samvern.plans.tests.helpers import START, adopted, as_actor, new_plan

pytestmark = pytest.mark.django_db

PUBLIC = "Kurset er holdt for 40 ansatte."
INTERNAL = "Lederen for helsestasjonen er sykmeldt."
LATER = "Nytt kurs er satt opp."


@pytest.fixture
def reported(alice, bergen):
    """Two closed rounds and an open one: measure 1 has a public comment in the first
    round and a later status in the second; measure 2 an internal comment only."""
    actor = as_actor(alice)
    version = adopted(alice, new_plan(alice, [bergen], title="Trygg i Bergen"), measures=3)
    first, second, third = list(version.measures.order_by("number"))
    today = timezone.localdate()
    goal = version.goals.order_by("area_key").first()
    services.save_measurement(
        actor=actor,
        goal=goal,
        data=MeasurementData(value=Decimal("45"), measured_on=today - dt.timedelta(days=30)),
    )
    autumn = services.create_reporting_round(
        actor=actor, version=version, title="Høst", due_date=START
    )
    services.open_reporting_round(actor=actor, round=autumn)
    services.report_status(
        actor=actor,
        round=autumn,
        measure=first,
        status=MeasureStatus.ON_TRACK,
        comment=PUBLIC,
        comment_public=True,
    )
    services.report_status(
        actor=actor,
        round=autumn,
        measure=second,
        status=MeasureStatus.DELAYED,
        comment=INTERNAL,
    )
    services.close_reporting_round(actor=actor, round=autumn)
    spring = services.create_reporting_round(
        actor=actor, version=version, title="Vår", due_date=START + dt.timedelta(days=180)
    )
    services.open_reporting_round(actor=actor, round=spring)
    services.report_status(
        actor=actor,
        round=spring,
        measure=first,
        status=MeasureStatus.DONE,
        comment=LATER,
        comment_public=True,
    )
    services.close_reporting_round(actor=actor, round=spring)
    still_open = services.create_reporting_round(
        actor=actor, version=version, title="Neste høst", due_date=START + dt.timedelta(days=360)
    )
    services.open_reporting_round(actor=actor, round=still_open)
    services.report_status(
        actor=actor,
        round=still_open,
        measure=third,
        status=MeasureStatus.DROPPED,
        comment="Utkast som ikke er sjekket.",
        comment_public=True,
    )
    return version, goal, (first, second, third)


def public_page(client, version):
    response = client.get(reverse("plans:public_plan", args=[version.plan_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_page_shows_each_measures_latest_published_status(client, reported):
    version, _goal, (first, second, third) = reported
    page = public_page(client, version)
    assert 'data-testid="public-progress"' in page
    today = timezone.localdate()
    from django.utils.formats import date_format

    assert f"Siste statusrapport: Vår, publisert {date_format(today, 'DATE_FORMAT')}." in page
    rows = page.split('data-testid="public-measure"')[1:]
    by_title = {
        m.title: next(r for r in rows if f"{m.number}. {m.title}<" in r)
        for m in (first, second, third)
    }
    assert "Gjennomført" in by_title[first.title] and LATER in by_title[first.title]
    assert "Forsinket" in by_title[second.title]
    # The open round is not published yet.
    assert "Ikke rapportert ennå" in by_title[third.title]


def test_nothing_internal_reaches_the_public_page(client, reported, alice):
    version, _goal, _measures = reported
    page = public_page(client, version)
    assert INTERNAL not in page
    assert "Utkast som ikke er sjekket." not in page
    assert PUBLIC not in page  # superseded by the later report on the same measure
    for name in (alice.username, alice.get_full_name(), alice.email):
        assert name not in page


def test_the_goals_latest_value_stands_between_baseline_and_target(client, reported):
    version, goal, _measures = reported
    page = public_page(client, version)
    tables = [t.split("</table>")[0] for t in page.split('data-testid="public-goals"')[1:]]
    row = next(r for t in tables for r in t.split("<tr>") if goal.text in r)
    from django.utils.formats import date_format

    measured = timezone.localdate() - dt.timedelta(days=30)
    assert row.index("20 %") < row.index("45") < row.index("80 %")
    assert date_format(measured, "SHORT_DATE_FORMAT") in row


def test_before_any_round_is_closed_the_page_says_so(client, alice, bergen):
    version = adopted(alice, new_plan(alice, [bergen]), measures=1)
    page = public_page(client, version)
    assert "Ingen statusrapport er publisert ennå." in page


def test_the_status_form_asks_whether_the_comment_may_be_published():
    form = StatusReportForm()
    assert str(form["comment_public"].label) == capfirst(
        StatusReport._meta.get_field("comment_public").verbose_name
    )
    assert 'type="checkbox"' in str(form["comment_public"])


def test_a_published_flag_without_a_comment_is_not_kept(alice, reported):
    version, _goal, (_first, second, _third) = reported
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Ekstra", due_date=START
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    report = services.report_status(
        actor=as_actor(alice),
        round=round_,
        measure=second,
        status=MeasureStatus.ON_TRACK,
        comment="  ",
        comment_public=True,
    )
    assert report.comment_public is False


def test_public_page_queries_do_not_grow_with_the_measures(
    client, reported, alice, django_assert_max_num_queries
):
    version, _goal, _measures = reported
    url = reverse("plans:public_plan", args=[version.plan_id])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    round_ = version.reporting_rounds.get(title="Vår")
    extra = Measure.objects.bulk_create(
        Measure(version=version, number=20 + i, title=f"Ekstra {i}", level="help")
        for i in range(20)
    )
    StatusReport.objects.bulk_create(
        StatusReport(round=round_, measure=m, status=MeasureStatus.DONE, reported_by=alice)
        for m in extra
    )
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.content.decode().count('data-testid="public-measure"') == 23
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)
