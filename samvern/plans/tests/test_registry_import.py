"""Bulk registration from CSV/XLSX: every bad row reported (nb and en), nothing loaded."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.audit.models import AuditEvent
from samvern.plans.models import Adoption, Plan

URL = reverse("plans:registry:import")
HEADER = (
    "plan;title;municipality;structure_year;period_start;period_end;body;decided_on;case_number\n"
)
GOOD = (
    HEADER
    + "A;Handlingsplan Bergen;4601;2024;2023-01-01;2026-12-31;Bystyret;2022-12-14;2022/1\n"
    + "B;Felles plan;4627;2024;01.01.2022;31.12.2025;Kommunestyret;09.12.2021;21/5\n"
    + "B;Felles plan;4626;2024;2022-01-01;2025-12-31;Kommunestyret;2021-12-16;21/7\n"
    + "C;Gammel plan Flora;1401;2019;2016-01-01;2019-12-31;Kommunestyret;2015-11-20;\n"
)
BAD = (
    HEADER
    + "A;Handlingsplan Bergen;4601;2024;2023-01-01;2026-12-31;Bystyret;2022-12-14;2022/1\n"
    + "B;Ukjent;9999;2024;2023-01-01;2026-12-31;Kommunestyret;2022-12-01;\n"
    + "C;Baklengs;4627;2024;2026-12-31;2023-01-01;Kommunestyret;2022-12-01;\n"
    + "D;For sent;1103;2024;2020-01-01;2023-12-31;Bystyret;2024-03-01;\n"
    + "E;Handlingsplan Bergen igjen;4601;2024;2023-01-01;2026-12-31;Bystyret;2022-12-20;\n"
)


@pytest.fixture
def analyst(reference_data):
    return make_member(
        OrganisationFactory(name="RVTS Vest", kind="resource_centre"),
        Role.NATIONAL_ANALYST,
        username="analyst",
    )


def upload(text: str, name: str = "survey.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def problems_by_row(html: str) -> dict[int, str]:
    import re

    rows = re.findall(r'<tr><th scope="row">(\d+)</th><td>(.*?)</td></tr>', html, re.S)
    return {int(number): text for number, text in rows}


def test_a_good_sheet_registers_every_plan_and_is_audited(client, analyst):
    client.force_login(analyst)
    response = client.post(URL, {"sheet": upload(GOOD)})
    assert response.status_code == 302
    assert Plan.objects.filter(origin="registered").count() == 3
    shared = Plan.objects.get(title="Felles plan")
    assert sorted(shared.municipalities.values_list("code", flat=True)) == ["4626", "4627"]
    assert Adoption.objects.filter(version__plan=shared).count() == 2
    event = AuditEvent.objects.get(action="plans.registry.imported")
    assert event.actor_label == "analyst"
    assert event.detail["rows"] == 4
    assert len(event.detail["plans"]) == 3


def test_bad_rows_are_each_reported_in_norwegian_and_nothing_is_loaded(client, analyst):
    client.force_login(analyst)
    response = client.post(URL, {"sheet": upload(BAD)})

    assert response.status_code == 400
    html = response.content.decode()
    problems = problems_by_row(html)
    assert set(problems) == {3, 4, 5, 6}
    assert "Ukjent kommunenummer «9999» i 2024-strukturen" in problems[3]
    assert (
        "Planperioden slutter (1. januar 2023) før den begynner (31. desember 2026)" in problems[4]
    )
    assert "ligger utenfor planperioden" in problems[5]
    assert "Duplikat" in problems[6]
    assert "Ingenting ble importert" in html
    assert not Plan.objects.exists()
    assert not AuditEvent.objects.filter(action="plans.registry.imported").exists()


def test_bad_rows_are_reported_in_english_for_english_users(client, analyst):
    client.force_login(analyst)
    client.cookies["samvern_language"] = "en"
    response = client.post(URL, {"sheet": upload(BAD)})
    problems = problems_by_row(response.content.decode())
    assert "Unknown municipality number “9999” in the 2024 structure" in problems[3]
    assert "ends (1 January 2023) before it starts (31 December 2026)" in problems[4]
    assert "lies outside the plan period" in problems[5]
    assert "Duplicate" in problems[6]
    assert not Plan.objects.exists()


def test_a_duplicate_of_an_already_registered_plan_is_refused(client, analyst):
    client.force_login(analyst)
    assert client.post(URL, {"sheet": upload(GOOD)}).status_code == 302
    response = client.post(URL, {"sheet": upload(GOOD)})
    problems = problems_by_row(response.content.decode())
    assert set(problems) == {2, 3, 4, 5}
    assert all("allerede registrert" in text for text in problems.values())
    assert Plan.objects.count() == 3


def test_xlsx_sheets_are_read_with_real_dates(client, analyst):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["title", "municipality", "period_start", "period_end", "body", "decided_on"])
    import datetime as dt

    sheet.append(
        [
            "Plan Askøy",
            4627,
            dt.datetime(2023, 1, 1),
            dt.datetime(2026, 12, 31),
            "Kommunestyret",
            dt.datetime(2022, 12, 1),
        ]
    )
    sheet.append(
        ["Plan uten kommune", None, dt.datetime(2023, 1, 1), dt.datetime(2026, 12, 31), "", None]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(analyst)
    response = client.post(URL, {"sheet": SimpleUploadedFile("survey.xlsx", buffer.getvalue())})
    problems = problems_by_row(response.content.decode())
    assert set(problems) == {3}
    assert "kommunenummer mangler" in problems[3].lower()
    assert not Plan.objects.exists()


def test_unreadable_or_incomplete_files_are_refused(client, analyst):
    client.force_login(analyst)
    response = client.post(URL, {"sheet": upload("title;period_start\nX;2020-01-01\n")})
    assert "Filen mangler disse kolonnene" in response.content.decode()
    response = client.post(URL, {"sheet": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert "Excel" in response.content.decode()
    assert not Plan.objects.exists()


def test_a_plan_editor_may_import_only_for_own_municipalities(client, alice, reference_data):
    client.force_login(alice)
    response = client.post(URL, {"sheet": upload(GOOD)})
    problems = problems_by_row(response.content.decode())
    assert set(problems) == {3, 4, 5}  # Askøy, Øygarden and Flora are not Bergen's
    assert not Plan.objects.exists()


def test_readers_and_anonymous_users_cannot_import(client, bob):
    client.force_login(bob)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"sheet": upload(GOOD)}).status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302
    assert not Plan.objects.exists()
