"""Acceptance 4: bad input gets a clear, translated message and changes nothing."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from samvern.core.testing import choose_language
from samvern.plans import catalogues
from samvern.plans.models import Adoption, Measure, VersionStatus
from samvern.plans.services.data import AdoptionData
from samvern.plans.tests.helpers import (
    END,
    START,
    as_actor,
    new_plan,
    quality_checked,
    ready_for_consultation,
)

pytestmark = pytest.mark.django_db

GOOD_FRAMEWORK = """
schema: samvern.focus-area-framework
schema_version: 1
key: test-plan
version: 1
title: {nb: "Test", en: "Test"}
period: {start: 2025, end: 2028}
areas:
  - key: one
    title: {nb: "En", en: "One"}
    description: {nb: "a", en: "a"}
"""


def test_shipped_frameworks_load_with_their_areas():
    frameworks = catalogues.load_frameworks()
    assert len(frameworks["et-liv-uten-vold"].areas) == 5
    assert len(frameworks["frihet-fra-vold"].areas) == 6
    assert len(catalogues.duties()) >= 5
    assert {"sami", "lgbtq", "child-witnesses", "perpetrators"} <= {
        t.key for t in catalogues.target_groups()
    }


@pytest.mark.parametrize(
    ("change", "path", "problem_en", "problem_nb"),
    [
        (
            lambda t: t.replace('title: {nb: "En", en: "One"}', 'title: {nb: "En"}'),
            "areas[0].title",
            "“en” is missing",
            "«en» mangler",
        ),
        (
            lambda t: t.replace("key: one", "key: One Area"),
            "areas[0].key",
            "not a valid key",
            "ikke en gyldig nøkkel",
        ),
        (
            lambda t: t.replace("end: 2028", "end: 2020"),
            "period.end",
            "ends before it starts",
            "slutter før den begynner",
        ),
        (
            lambda t: (
                t + "  - key: one\n    title: {nb: x, en: x}\n    description: {nb: x, en: x}\n"
            ),
            "areas[1].key",
            "duplicate key",
            "samme nøkkel",
        ),
        (
            lambda t: t.replace("schema_version: 1", "schema_version: 2"),
            "schema_version",
            "must be 1",
            "må være 1",
        ),
        (lambda t: t + "extra: yes\n", "", "unknown field", "ukjent felt"),
        (lambda t: t + "areas: [\n", "", "not valid YAML", "ikke gyldig YAML"),
    ],
)
def test_an_invalid_framework_file_is_refused_with_file_path_and_problem(
    tmp_path, change, path, problem_en, problem_nb
):
    (tmp_path / "broken.yaml").write_text(change(GOOD_FRAMEWORK), encoding="utf-8")
    for language, problem in (("en", problem_en), ("nb", problem_nb)):
        with translation.override(language), pytest.raises(catalogues.CatalogueError) as caught:
            catalogues.load_frameworks(tmp_path)
        message = str(caught.value)
        assert message.startswith("broken.yaml: ")
        assert path in message
        assert problem in message, (language, message)


def test_a_good_framework_file_is_added_by_dropping_it_in(tmp_path):
    (tmp_path / "new.yaml").write_text(GOOD_FRAMEWORK, encoding="utf-8")
    assert catalogues.load_frameworks(tmp_path)["test-plan"].areas[0].title_text["en"] == "One"


def csv_upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("tiltak.csv", text.encode("utf-8"), content_type="text/csv")


def test_an_import_sheet_with_bad_rows_reports_each_and_loads_nothing(
    client, alice, bergen, login_as
):
    version = ready_for_consultation(alice, new_plan(alice, [bergen]), measures=1)
    before = Measure.objects.count()
    sheet = (
        "title;level;area;responsible_title;responsible_unit;starts_on;deadline;budget_nok;staff_hours\n"
        "Kurs for barnehager;competence;forebygging;Leder;Barnehage;2025-01-01;2025-06-01;1000;10\n"
        ";knowledge;;;;;;;\n"
        "Rutine;magic;forebygging;Leder;NAV;2025-06-01;2025-01-01;abc;\n"
        "Kampanje;knowledge;Ukjent område;;;01.02.2025;;;\n"
    )
    login_as(alice)
    choose_language(client, "en")
    with translation.override("en"):
        response = client.post(
            reverse("plans:measure_import", args=[version.plan_id, version.pk]),
            {"sheet": csv_upload(sheet)},
        )
    assert response.status_code == 400
    errors = response.context["errors"]
    assert [e.split(":")[0] for e in errors] == ["Row 3", "Row 4", "Row 5"]
    assert "the title is missing" in errors[0]
    assert (
        "unknown level" in errors[1]
        and "the deadline is before the start" in errors[1]
        and "not a number" in errors[1]
    )
    assert "not a focus area chosen for this plan" in errors[2]
    assert Measure.objects.count() == before


def test_a_clean_xlsx_sheet_is_imported(client, alice, bergen, login_as):
    from openpyxl import Workbook

    version = ready_for_consultation(alice, new_plan(alice, [bergen]), measures=1)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Tiltak",
            "Nivå",
            "Innsatsområde",
            "Ansvarlig",
            "Enhet",
            "Start",
            "Frist",
            "Kroner",
            "Timer",
            "Målgrupper",
            "Plikter",
        ]
    )
    sheet.append(
        [
            "Kurs",
            "kompetanse",
            "Forebygging og tidlig innsats",
            "Leder",
            "Skole",
            dt.date(2025, 1, 1),
            dt.date(2025, 6, 1),
            5000,
            20,
            "children, elderly",
            "strl-196",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    login_as(alice)
    response = client.post(
        reverse("plans:measure_import", args=[version.plan_id, version.pk]),
        {"sheet": SimpleUploadedFile("tiltak.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 302
    imported = version.measures.get(title="Kurs")
    assert imported.area_key == "forebygging"
    assert imported.target_groups == ["children", "elderly"]
    assert imported.number == 2


def test_a_deadline_before_the_start_is_refused_in_norwegian(client, alice, bergen, login_as):
    version = ready_for_consultation(alice, new_plan(alice, [bergen]), measures=1)
    before = Measure.objects.count()
    login_as(alice)
    response = client.post(
        reverse("plans:measures", args=[version.plan_id, version.pk]),
        {
            "title": "Kurs",
            "level": "competence",
            "starts_on": "2025-05-01",
            "deadline": "2025-04-01",
        },
    )
    assert response.status_code == 400
    assert "Fristen kan ikke være før start" in response.content.decode()
    assert Measure.objects.count() == before


def test_api_refuses_a_deadline_before_the_start(api, alice, bergen):
    version = new_plan(alice, [bergen]).versions.get()
    api.force_authenticate(alice)
    response = api.post(
        reverse("plans-api-measure-list", args=[version.pk]),
        {
            "title": "Kurs",
            "level": "competence",
            "starts_on": "2025-05-01",
            "deadline": "2025-04-01",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "deadline" in response.json()
    assert not version.measures.exists()


@pytest.mark.parametrize(
    "decided_on",
    [END + dt.timedelta(days=1), START - dt.timedelta(days=500)],
)
def test_an_adoption_date_outside_the_period_is_refused(
    client, alice, bergen, login_as, decided_on
):
    version = quality_checked(alice, new_plan(alice, [bergen]))
    login_as(alice)
    response = client.post(
        reverse("plans:adoptions", args=[version.plan_id, version.pk]),
        {
            "municipality": bergen.pk,
            "body": "Bystyret",
            "decided_on": decided_on.isoformat(),
            "period_start": START.isoformat(),
            "period_end": END.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Vedtaksdatoen må ligge i planperioden eller året før" in response.content.decode()
    assert not Adoption.objects.exists()
    version.refresh_from_db()
    assert version.status == VersionStatus.QUALITY_CHECKED


def test_adoption_is_blocked_while_the_quality_check_fails(alice, bergen):
    from django.core.exceptions import ValidationError

    from samvern.plans import services

    version = ready_for_consultation(alice, new_plan(alice, [bergen]))
    services.transition_version(
        actor=as_actor(alice), version=version, to=VersionStatus.CONSULTATION
    )
    services.add_consultation_response(
        actor=as_actor(alice), version=version, respondent="NAV", text="Uenig"
    )
    with pytest.raises(ValidationError):
        services.transition_version(
            actor=as_actor(alice), version=version, to=VersionStatus.QUALITY_CHECKED
        )
    with pytest.raises(ValidationError):
        services.record_adoption(
            actor=as_actor(alice),
            version=version,
            data=AdoptionData(
                municipality=bergen,
                body="Bystyret",
                decided_on=START,
                period_start=START,
                period_end=END,
            ),
        )
    assert not Adoption.objects.exists()


def test_consultation_needs_at_least_one_measure(alice, bergen):
    from django.core.exceptions import ValidationError

    from samvern.plans import services

    version = ready_for_consultation(alice, new_plan(alice, [bergen]), measures=0)
    with pytest.raises(ValidationError, match=r"at least one measure|minst ett tiltak"):
        services.transition_version(
            actor=as_actor(alice), version=version, to=VersionStatus.CONSULTATION
        )
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFTING
