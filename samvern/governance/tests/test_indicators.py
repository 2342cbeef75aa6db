"""The partnership's indicators and annual report against hand-computed figures, on a
fixed day (1 March 2028, so the year 2027 is complete and figures are taken on
31 December 2027)."""

import datetime as dt
import io
import json
import uuid

import pytest
import time_machine
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.accounts.models import OrganisationKind, Role
from samvern.accounts.testing import login, make_member
from samvern.accounts.tests import personas
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.governance import annual_report, indicators
from samvern.governance.models import (
    Attendance,
    Body,
    BodyKind,
    BodyMember,
    Commitment,
    Meeting,
)
from samvern.partnerships.tests.factories import PartnershipFactory, PartnershipMemberFactory

TODAY = dt.date(2028, 3, 1)
YEAR = 2027


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(dt.datetime(2028, 3, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def orgs(db):
    return {
        "police": OrganisationFactory(name="A Politi", kind=OrganisationKind.POLICE),
        "shelter": OrganisationFactory(name="B Krisesenter", kind=OrganisationKind.CRISIS_CENTRE),
        "ward": OrganisationFactory(name="C Legevakt", kind=OrganisationKind.HEALTH),
    }


@pytest.fixture
def hanne(orgs):
    return personas.make_persona(personas.HANNE, orgs["police"])


@pytest.fixture
def nina(orgs):
    return personas.make_persona(personas.NINA, orgs["shelter"])


@pytest.fixture
def otto(db):
    return personas.make_persona(personas.OTTO, OrganisationFactory(name="Utenfor"))


@pytest.fixture
def partnership(orgs):
    partnership = PartnershipFactory(name="Risikokonferanse", coordinator=orgs["police"])
    for org in orgs.values():
        PartnershipMemberFactory(
            partnership=partnership, organisation=org, joined_on=dt.date(2026, 1, 1)
        )
    return partnership


def meeting(body, day, status="held"):
    return Meeting.objects.create(
        body=body, date=day, starts_at=dt.time(9), status=status, created_by=body.created_by
    )


def attend(meeting_, org, user, status="present"):
    Attendance.objects.create(
        meeting=meeting_,
        organisation=org,
        user=user,
        status=status,
        substitute_for="Eva" if status == "substitute" else "",
    )


@pytest.fixture
def world(partnership, orgs, hanne):
    police, shelter, ward = orgs["police"], orgs["shelter"], orgs["ward"]
    people = {name: make_member(org, Role.PLAN_READER) for name, org in orgs.items()}
    plenary = Body.objects.create(
        partnership=partnership,
        kind=BodyKind.PLENARY,
        name="Samarbeidsrådet",
        short_code="SR",
        started_on=dt.date(2026, 1, 1),
        created_by=hanne,
    )
    group = Body.objects.create(
        partnership=partnership,
        kind=BodyKind.OPERATIONAL,
        name="Operativ gruppe",
        short_code="OG",
        started_on=dt.date(2026, 1, 1),
        created_by=hanne,
    )
    # A working group that ended before the year: not counted.
    Body.objects.create(
        partnership=partnership,
        kind=BodyKind.WORKING_GROUP,
        name="Gammel gruppe",
        short_code="GG",
        started_on=dt.date(2025, 1, 1),
        is_temporary=True,
        ends_on=dt.date(2026, 6, 1),
        created_by=hanne,
    )
    for org in (police, shelter):
        BodyMember.objects.create(body=plenary, organisation=org, joined_on=dt.date(2026, 1, 1))
        BodyMember.objects.create(body=group, organisation=org, joined_on=dt.date(2026, 1, 1))
    BodyMember.objects.create(body=plenary, organisation=ward, joined_on=dt.date(2027, 6, 1))
    # Plenary: three held (Feb, May, Sep), one cancelled, one planned; one held in 2026.
    feb, may, sep = (meeting(plenary, dt.date(2027, m, 10)) for m in (2, 5, 9))
    meeting(plenary, dt.date(2027, 11, 10), "cancelled")
    meeting(plenary, dt.date(2027, 12, 20), "planned")
    meeting(plenary, dt.date(2026, 11, 10))
    for m in (feb, may, sep):
        attend(m, police, people["police"])
    attend(feb, shelter, people["shelter"])
    attend(may, shelter, people["shelter"], "apologies")
    attend(sep, shelter, people["shelter"])
    attend(sep, ward, people["ward"], "substitute")
    # The operational group: two held; the crisis centre at neither.
    for month in (3, 10):
        held = meeting(group, dt.date(2027, month, 1))
        attend(held, police, people["police"])
    # Commitments: five due in 2027, one in 2026 and one in 2028 (not counted).
    due = [
        (dt.date(2027, 3, 1), "done", dt.date(2027, 2, 20), ""),
        (dt.date(2027, 4, 1), "done", dt.date(2027, 4, 1), ""),
        (dt.date(2027, 5, 1), "done", dt.date(2027, 6, 1), ""),
        (dt.date(2027, 6, 1), "not_possible", dt.date(2027, 6, 2), "Ingen midler"),
        (dt.date(2027, 12, 1), "open", None, ""),
        (dt.date(2026, 12, 1), "done", dt.date(2026, 11, 1), ""),
        (dt.date(2028, 1, 15), "open", None, ""),
    ]
    for due_on, status, status_on, reason in due:
        Commitment.objects.create(
            body=plenary,
            meeting=feb,
            organisation=police,
            description="Gjøre noe",
            due_on=due_on,
            status=status,
            status_on=status_on,
            status_reason=reason,
            created_by=hanne,
        )
    return partnership


def test_indicators_against_hand_computed_figures(world, orgs):
    figures = indicators.indicators(world, year=YEAR, today=TODAY)
    assert figures.on == dt.date(2027, 12, 31)
    assert [(m.body.name, m.held, m.planned, m.cancelled) for m in figures.meetings] == [
        ("Samarbeidsrådet", 3, 1, 1),
        ("Operativ gruppe", 2, 0, 0),
    ]
    attendance = {a.organisation.name: (a.expected, a.attended) for a in figures.attendance}
    # Police 5 of 5; the crisis centre 2 of 5 (an apology is not attendance); the ward
    # joined the plenary in June: 1 of 1, by a substitute.
    assert attendance == {"A Politi": (5, 5), "B Krisesenter": (5, 2), "C Legevakt": (1, 1)}
    assert figures.attendance[1].share == pytest.approx(0.4)
    c = figures.commitments
    assert (c.due, c.done_in_time, c.done_late, c.not_possible, c.still_open) == (5, 2, 1, 1, 1)
    assert c.share == pytest.approx(0.4)
    assert figures.absent == []
    assert figures.agreements.documents == 0
    assert figures.directory.active == 0 and figures.directory.share is None


def test_a_running_year_is_taken_on_today(world):
    figures = indicators.indicators(world, year=2028, today=TODAY)
    assert figures.on == TODAY
    # The commitment due 15 January 2028 is open and counted; nothing done.
    assert (figures.commitments.due, figures.commitments.still_open) == (1, 1)


def test_a_section_whose_app_is_not_there_says_so(world, monkeypatch):
    monkeypatch.setitem(
        indicators.SOURCES, "directory", ("directory", "samvern.directory.not_there")
    )
    monkeypatch.setitem(indicators.SOURCES, "training", ("nowhere", "samvern.nowhere.selectors"))
    figures = indicators.indicators(world, year=YEAR, today=TODAY)
    assert figures.absent == ["directory", "training"]
    assert figures.directory is None and figures.training is None
    assert indicators.as_json(figures)["directory"] is None
    assert ("directory", "", "absent", "1") in indicators.as_rows(figures)


def test_other_apps_contribute_report_sections_through_the_hook(world, hanne, monkeypatch):
    seen = {}

    def report_sections(actor, partnership, *, year, today):
        seen["args"] = (partnership, year, today)
        return [
            annual_report.ReportSection(
                "Saker i risikokonferansen",
                tables=[annual_report.ReportTable("Saker", ["Kvartal", "Saker"], [["1", "<5"]])],
            )
        ]

    monkeypatch.setattr(annual_report, "_providers", lambda: (report_sections,))
    figures = indicators.indicators(world, year=YEAR, today=TODAY)
    report = annual_report.annual_report(Actor.load(hanne), figures, today=TODAY)
    assert seen["args"] == (world, YEAR, TODAY)
    assert report.all_sections[-1].title == "Saker i risikokonferansen"


def test_the_annual_report_as_pdf_and_docx(world, hanne):
    from docx import Document

    figures = indicators.indicators(world, year=YEAR, today=TODAY)
    report = annual_report.annual_report(Actor.load(hanne), figures, today=TODAY)
    assert annual_report.report_pdf(report).startswith(b"%PDF")
    document = Document(io.BytesIO(annual_report.report_docx(report)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "2027" in text and "Samarbeidsrådet" in cells and "B Krisesenter" in cells


ROUTES = [
    "indicators",
    "indicators_csv",
    "indicators_json",
    "annual_report_pdf",
    "annual_report_docx",
]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("who", ["hanne", "nina", "otto", "anonymous"])
def test_access_matrix(request, client, world, route, who):
    if who != "anonymous":
        login(client, request.getfixturevalue(who))
    response = client.get(reverse(f"governance:{route}", args=[world.pk]), {"year": YEAR})
    if who == "anonymous":
        assert response.status_code == 302
    elif who == "otto":
        assert response.status_code == 404
    else:
        assert response.status_code == 200


def test_an_outsider_gets_the_same_404_as_for_nothing(client, world, otto):
    login(client, otto)
    real = client.get(reverse("governance:indicators", args=[world.pk]))
    missing = client.get(reverse("governance:indicators", args=[uuid.uuid4()]))
    assert real.status_code == missing.status_code == 404 and real.content == missing.content


def test_the_page_csv_and_json_show_the_figures(client, world, nina):
    login(client, nina)
    page = client.get(reverse("governance:indicators", args=[world.pk]), {"year": YEAR})
    html = page.content.decode()
    assert "Samarbeidsrådet" in html and "40 %" in html
    body = json.loads(
        client.get(reverse("governance:indicators_json", args=[world.pk]), {"year": YEAR}).content
    )
    assert body["commitments"]["done_in_time"] == 2 and body["year"] == YEAR
    csv_text = client.get(
        reverse("governance:indicators_csv", args=[world.pk]), {"year": YEAR}
    ).content.decode("utf-8-sig")
    assert "2027,commitments,,share_percent,40" in csv_text.replace("\r", "")


def test_a_year_that_is_not_a_number_is_not_found(client, world, nina):
    login(client, nina)
    url = reverse("governance:indicators", args=[world.pk])
    assert client.get(url, {"year": "abc"}).status_code == 404
    assert client.get(url, {"year": "2099"}).status_code == 404


def _api(world_id: object) -> str:
    return f"/api/v1/governance/partnerships/{world_id}/indicators/"


def test_the_api_gives_members_the_figures_of_the_page(client, world, hanne, nina):
    login(client, hanne)
    page = json.loads(
        client.get(reverse("governance:indicators_json", args=[world.pk]), {"year": YEAR}).content
    )
    api = client.get(_api(world.pk), {"year": YEAR})
    assert api.status_code == 200
    assert api.json() == page
    # A member organisation's reader (no governance role) reads them too.
    login(client, nina)
    body = client.get(_api(world.pk), {"year": YEAR}).json()
    assert body["commitments"]["done_in_time"] == 2 and body["commitments"]["share"] == 0.4
    assert [m["body"] for m in body["meetings"]] == ["Samarbeidsrådet", "Operativ gruppe"]
    assert {a["organisation"]: a["attended"] for a in body["attendance"]} == {
        "A Politi": 5,
        "B Krisesenter": 2,
        "C Legevakt": 1,
    }
    assert body["figures_on"] == "2027-12-31" and body["absent"] == []


def test_the_api_refuses_outsiders_like_nothing_and_takes_no_writes(client, world, nina, otto):
    login(client, otto)
    real = client.get(_api(world.pk), {"year": YEAR})
    missing = client.get(_api(uuid.uuid4()), {"year": YEAR})
    assert real.status_code == missing.status_code == 404 and real.content == missing.content
    login(client, nina)
    assert client.get(_api(world.pk), {"year": "abc"}).status_code == 404
    assert client.get(_api(world.pk), {"year": "2029"}).status_code == 404
    before = (Meeting.objects.count(), Commitment.objects.count())
    assert client.post(_api(world.pk), {"year": YEAR}).status_code == 405
    assert (Meeting.objects.count(), Commitment.objects.count()) == before
    client.logout()
    assert client.get(_api(world.pk)).status_code in (401, 403)
