"""The status report in a reporting round: numbers as people type them, blank as unknown,
a deliberate status, bounded comments; only those who may report can."""

from decimal import Decimal

import pytest
from django.urls import reverse

from samvern.core import limits
from samvern.core.testing import choose_language
from samvern.plans import services
from samvern.plans.forms import StatusReportForm
from samvern.plans.models import MeasureStatus, StatusReport
from samvern.plans.tests.helpers import START, adopted, as_actor, new_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round(alice, bergen):
    version = adopted(alice, new_plan(alice, [bergen]), measures=2)
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Vår", due_date=START
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    measure = version.measures.order_by("number").first()
    url = reverse("plans:round", args=[version.plan_id, version.pk, round_.pk])
    return round_, measure, url


def report_url(round_, measure):
    """Where a measure's status form is sent (the round page is `url`)."""
    version = round_.version
    return reverse("plans:round_report", args=[version.plan_id, version.pk, round_.pk, measure.pk])


def report(measure, **fields):
    data = {"measure": str(measure.pk)}
    data.update({f"{measure.pk}-{name}": value for name, value in fields.items()})
    return data


@pytest.mark.parametrize(
    ("typed", "hours", "amount"),
    [
        ("12,5", Decimal("12.5"), None),
        ("1 200", Decimal("1200"), Decimal("1200")),
        ("1\u00a0200", Decimal("1200"), Decimal("1200")),
        ("1\u202f200,50", Decimal("1200.50"), None),
        ("12.5", Decimal("12.5"), None),
        ("", None, None),
    ],
)
def test_the_form_reads_norwegian_numbers_and_keeps_blank_as_unknown(typed, hours, amount):
    form = StatusReportForm({"status": MeasureStatus.ON_TRACK, "spent_hours": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["spent_hours"] == hours
    if amount is not None or typed == "":
        money = StatusReportForm({"status": MeasureStatus.ON_TRACK, "spent_nok": typed})
        assert money.is_valid(), money.errors
        assert money.cleaned_data["spent_nok"] == amount


@pytest.mark.parametrize("typed", ["abc", "12 5", "1.2.3", "12,5,0"])
def test_the_form_refuses_what_is_not_a_number(typed):
    form = StatusReportForm({"status": MeasureStatus.ON_TRACK, "spent_hours": typed})
    assert not form.is_valid()
    assert form.errors["spent_hours"] == ["Oppgi et tall, for eksempel 1 200 eller 12,5."]


def test_a_unit_reports_hours_with_a_decimal_comma_and_an_amount_with_spaces(
    client, alice, open_round, login_as
):
    round_, measure, url = open_round
    login_as(alice)
    response = client.post(
        report_url(round_, measure),
        report(
            measure, status=MeasureStatus.ON_TRACK, spent_hours="12,5", spent_nok="kr 1\u00a0200"
        ),
    )
    assert response.status_code == 302
    saved = StatusReport.objects.get(round=round_, measure=measure)
    assert saved.spent_hours == Decimal("12.5")
    assert saved.spent_nok == Decimal("1200")
    page = client.get(url).content.decode()
    assert "kr\u00a01\u00a0200" in page
    assert "12,5 timer" in page


def test_a_blank_amount_is_saved_and_shown_as_unknown_not_zero(client, alice, open_round, login_as):
    round_, measure, url = open_round
    login_as(alice)
    client.post(
        report_url(round_, measure), report(measure, status=MeasureStatus.ON_TRACK, spent_hours="3")
    )
    saved = StatusReport.objects.get(round=round_, measure=measure)
    assert saved.spent_nok is None
    page = client.get(url).content.decode()
    assert "brukt –, 3 timer" in page
    assert "0 NOK" not in page and "kr\u00a00" not in page


def test_the_council_report_shows_unknown_money_as_a_dash(client, alice, open_round, login_as):
    round_, measure, _url = open_round
    services.report_status(
        actor=as_actor(alice),
        round=round_,
        measure=measure,
        status=MeasureStatus.DONE,
        spent_hours=2,
    )
    login_as(alice)
    version = round_.version
    page = client.get(
        reverse("plans:council_report", args=[version.plan_id, version.pk, round_.pk])
    ).content.decode()
    assert "<td>–</td><td>2</td>" in page


def test_garbage_in_a_number_field_is_refused_with_a_message_and_saves_nothing(
    client, alice, open_round, login_as
):
    round_, measure, _url = open_round
    login_as(alice)
    response = client.post(
        report_url(round_, measure),
        report(measure, status=MeasureStatus.ON_TRACK, spent_hours="abc", spent_nok=""),
    )
    assert response.status_code == 400
    assert "Oppgi et tall, for eksempel 1 200 eller 12,5." in response.content.decode()
    assert not StatusReport.objects.filter(round=round_).exists()


def test_an_empty_form_saves_no_report_until_a_status_is_chosen(
    client, alice, open_round, login_as
):
    round_, measure, url = open_round
    login_as(alice)
    form_page = client.get(url).content.decode()
    assert '<option value="" selected>Velg status</option>' in form_page
    response = client.post(
        report_url(round_, measure), report(measure, status="", comment="", spent_hours="")
    )
    assert response.status_code == 400
    assert "Velg status for tiltaket." in response.content.decode()
    assert not StatusReport.objects.filter(round=round_).exists()


def test_an_overlong_comment_is_refused_and_nothing_is_saved(client, alice, open_round, login_as):
    round_, measure, _url = open_round
    login_as(alice)
    choose_language(client, "en")
    response = client.post(
        report_url(round_, measure),
        report(measure, status=MeasureStatus.DELAYED, comment="x" * (limits.COMMENT + 1)),
    )
    assert response.status_code == 400
    assert "at most 5000 characters" in response.content.decode()
    assert not StatusReport.objects.filter(round=round_).exists()


def test_a_reader_of_the_plan_cannot_report_and_nothing_changes(
    client, alice, bob, open_round, login_as
):
    round_, measure, url = open_round
    services.report_status(
        actor=as_actor(alice),
        round=round_,
        measure=measure,
        status=MeasureStatus.ON_TRACK,
        comment="Ok",
    )
    login_as(bob)
    assert client.get(url).status_code == 200  # bob reads the round
    response = client.post(
        report_url(round_, measure), report(measure, status=MeasureStatus.DROPPED, comment="Nei")
    )
    assert response.status_code == 404
    saved = StatusReport.objects.get(round=round_, measure=measure)
    assert (saved.status, saved.comment) == (MeasureStatus.ON_TRACK, "Ok")


def test_an_outsider_sees_no_round_and_cannot_report(client, charlie, open_round, login_as):
    round_, measure, url = open_round
    login_as(charlie)
    assert client.get(url).status_code == 404
    response = client.post(report_url(round_, measure), report(measure, status=MeasureStatus.DONE))
    assert response.status_code == 404
    assert not StatusReport.objects.filter(round=round_).exists()


def test_the_api_refuses_an_overlong_comment_and_garbage_hours(alice, open_round):
    from rest_framework.test import APIClient

    round_, measure, _url = open_round
    api = APIClient()
    api.force_authenticate(alice)
    url = reverse("plans-api-status-report-list", args=[round_.pk])
    response = api.post(
        url,
        {"measure": str(measure.pk), "status": MeasureStatus.DELAYED, "comment": "x" * 200_000},
        format="json",
    )
    assert response.status_code == 400
    assert "comment" in response.json()
    response = api.post(
        url,
        {"measure": str(measure.pk), "status": MeasureStatus.DONE, "spent_hours": "abc"},
        format="json",
    )
    assert response.status_code == 400
    assert not StatusReport.objects.filter(round=round_).exists()
    response = api.post(
        url,
        {"measure": str(measure.pk), "status": MeasureStatus.DONE, "spent_hours": "12.5"},
        format="json",
    )
    assert response.status_code == 201
    assert StatusReport.objects.get(round=round_).spent_hours == Decimal("12.5")
