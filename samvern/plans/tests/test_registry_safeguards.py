"""The registry protects the national picture: a council can only adopt while its
municipality exists, a second plan for the same municipality and period is registered only
when someone confirms it with a reason, and the public page says who registered a plan."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.audit.models import AuditEvent
from samvern.places.lifetime import REFORM_2020, REFORM_2024, lifetime
from samvern.places.models import Municipality
from samvern.plans.models import Adoption, Plan
from samvern.plans.registry import (
    AdoptionFacts,
    OverlapNeedsReason,
    PlanFacts,
    RegistryError,
    correct_plan,
    register_plan,
)

REGISTER = reverse("plans:registry:register")
IMPORT = reverse("plans:registry:import")
D = dt.date
TODAY = D(2026, 12, 1)
HEADER = "plan;title;municipality;structure_year;period_start;period_end;body;decided_on\n"


@pytest.fixture
def analyst(reference_data):
    return make_member(
        OrganisationFactory(name="RVTS Vest", kind="resource_centre"),
        Role.NATIONAL_ANALYST,
        username="analyst",
    )


def place(year: int, code: str) -> Municipality:
    return Municipality.objects.get(year=year, code=code)


def facts(municipality, start, end, decided, title="Handlingsplan"):
    return PlanFacts(
        title=title,
        municipalities=[municipality],
        period_start=start,
        period_end=end,
        adoptions=[AdoptionFacts(municipality=municipality, body="Bystyret", decided_on=decided)],
    )


def form_data(**overrides):
    data = {
        "title": "Ny handlingsplan for Bergen",
        "structure": "2024",
        "municipality_codes": "4601",
        "period_start": "2025-01-01",
        "period_end": "2028-12-31",
        "adoption-TOTAL_FORMS": "1",
        "adoption-INITIAL_FORMS": "0",
        "adoption-MIN_NUM_FORMS": "0",
        "adoption-MAX_NUM_FORMS": "30",
        "adoption-0-municipality_code": "4601",
        "adoption-0-body": "Bystyret",
        "adoption-0-decided_on": "2024-12-11",
    }
    data.update(overrides)
    return data


def registry_events():
    return AuditEvent.objects.filter(action__startswith="plans.registry")


# --- A municipality's lifetime ------------------------------------------------------------


def test_lifetimes_follow_the_reforms(reference_data):
    assert lifetime(place(2019, "1401")).ends == D(2019, 12, 31)  # Flora, merged into Kinn
    assert lifetime(place(2019, "1850")).ends == D(2019, 12, 31)  # Tysfjord, split
    assert lifetime(place(2019, "1201")).ends is None  # Bergen, only renumbered
    assert lifetime(place(2024, "4602")).starts == REFORM_2020  # Kinn
    assert lifetime(place(2024, "1580")).starts == REFORM_2024  # Haram, back in 2024
    assert lifetime(place(2024, "4601")).starts is None  # Bergen


@pytest.mark.parametrize(
    ("year", "code", "decided", "words"),
    [
        (2019, "1401", D(2022, 3, 1), ["1401 Flora", "2019", "31. desember 2019", "1. mars 2022"]),
        (2024, "4602", D(2019, 11, 14), ["4602 Kinn", "1. januar 2020"]),
        (2024, "1580", D(2022, 6, 1), ["1580 Haram", "1. januar 2024"]),
    ],
)
def test_an_adoption_outside_the_municipalitys_lifetime_is_refused(
    analyst, year, code, decided, words
):
    municipality = place(year, code)
    start = dt.date(decided.year, 1, 1)
    with pytest.raises(RegistryError) as refused:
        register_plan(
            actor=Actor.load(analyst),
            facts=facts(municipality, start, D(decided.year + 3, 12, 31), decided),
            today=TODAY,
        )
    message = " ".join(refused.value.messages)
    for word in words:
        assert word in message
    assert not Plan.objects.exists()
    assert not registry_events().exists()


def test_an_adoption_within_the_lifetime_is_registered(analyst):
    kinn = place(2024, "4602")
    plan = register_plan(
        actor=Actor.load(analyst),
        facts=facts(kinn, D(2020, 1, 1), D(2023, 12, 31), D(2020, 1, 1)),
        today=TODAY,
    )
    flora = place(2019, "1401")
    register_plan(
        actor=Actor.load(analyst),
        facts=facts(flora, D(2016, 1, 1), D(2019, 12, 31), D(2019, 12, 31)),
        today=TODAY,
    )
    assert plan.versions.get().adoptions.get().municipality == kinn


def test_the_form_explains_the_lifetime_in_english_too(client, analyst):
    client.force_login(analyst)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        REGISTER,
        form_data(
            structure="2019",
            municipality_codes="1401",
            period_start="2021-01-01",
            period_end="2024-12-31",
            **{"adoption-0-municipality_code": "1401", "adoption-0-decided_on": "2022-03-01"},
        ),
    )
    html = response.content.decode()
    assert "1401 Flora existed in the 2019 structure only until" in html
    assert "December" in html and "cannot have adopted a plan on" in html
    assert not Plan.objects.exists()


def test_the_import_refuses_a_row_outside_the_lifetime(client, analyst):
    client.force_login(analyst)
    sheet = (
        HEADER
        + "A;Plan Bergen;4601;2024;2023-01-01;2026-12-31;Bystyret;2022-12-14\n"
        + "B;Plan Flora;1401;2019;2021-01-01;2024-12-31;Kommunestyret;2022-03-01\n"
    )
    response = client.post(IMPORT, {"sheet": upload(sheet)})
    assert response.status_code == 400
    assert "1401 Flora" in response.content.decode()
    assert "31. desember 2019" in response.content.decode()
    assert not Plan.objects.exists()


# --- Overlapping plans ----------------------------------------------------------------------


@pytest.fixture
def bergen_plan(analyst, bergen):
    return register_plan(
        actor=Actor.load(analyst),
        facts=facts(bergen, D(2023, 1, 1), D(2026, 12, 31), D(2022, 12, 14), "Plan 2023–2026"),
        today=TODAY,
    )


def test_a_second_plan_for_the_same_period_is_held_back_with_a_warning(client, alice, bergen_plan):
    client.force_login(alice)
    events = registry_events().count()
    response = client.post(REGISTER, form_data())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="overlap-warning"' in html
    assert "Plan 2023–2026" in html
    assert Plan.objects.count() == 1
    assert registry_events().count() == events

    # Ticking the box without a reason is not enough.
    response = client.post(REGISTER, form_data(confirm_overlap="on"))
    assert "Oppgi hvorfor begge planene gjelder." in response.content.decode()
    assert Plan.objects.count() == 1


def test_a_confirmed_overlap_is_registered_with_its_reason_audited(
    client, alice, bergen_plan, bergen_org
):
    client.force_login(alice)
    reason = "Den nye planen erstatter den gamle fra vedtaket."
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        response = client.post(
            REGISTER, form_data(confirm_overlap="on", overlap_reason=f"  {reason} ")
        )
    assert response.status_code == 302
    plan = Plan.objects.exclude(pk=bergen_plan.pk).get()
    assert plan.overlap_reason == reason
    assert plan.registered_by == bergen_org
    assert plan.registered_on == TODAY
    event = registry_events().get(action="plans.registry.registered", target_id=str(plan.pk))
    assert event.detail["overlap_reason"] == reason
    assert event.detail["overlaps"] == [
        {
            "municipality": "2024:4601",
            "plan": str(bergen_plan.pk),
            "period": ["2023-01-01", "2026-12-31"],
        }
    ]


def test_a_plan_without_overlap_needs_no_reason_and_keeps_none(client, alice, bergen_plan):
    client.force_login(alice)
    response = client.post(
        REGISTER,
        form_data(
            period_start="2027-01-01",
            period_end="2030-12-31",
            **{"adoption-0-decided_on": "2026-11-20"},
        ),
    )
    assert response.status_code == 302
    plan = Plan.objects.exclude(pk=bergen_plan.pk).get()
    assert plan.overlap_reason == ""
    assert "overlaps" not in registry_events().get(target_id=str(plan.pk)).detail


def test_reader_and_outsider_cannot_register_an_overlap_even_with_a_reason(
    client, bob, charlie, bergen_plan
):
    data = form_data(confirm_overlap="on", overlap_reason="Fordi.")
    client.force_login(bob)
    assert client.post(REGISTER, data).status_code == 404
    client.force_login(charlie)
    response = client.post(REGISTER, data)
    assert "Du kan ikke registrere planer for disse kommunene." in response.content.decode()
    assert Plan.objects.count() == 1
    assert registry_events().count() == 1  # the fixture's own registration


def test_a_correction_into_an_overlap_needs_a_reason(analyst, bergen, bergen_plan):
    later = register_plan(
        actor=Actor.load(analyst),
        facts=facts(bergen, D(2027, 1, 1), D(2030, 12, 31), D(2026, 11, 20), "Plan 2027–2030"),
        today=TODAY,
    )
    moved = facts(bergen, D(2026, 1, 1), D(2029, 12, 31), D(2025, 11, 20), "Plan 2027–2030")
    with pytest.raises(OverlapNeedsReason) as warned:
        correct_plan(actor=Actor.load(analyst), plan=later, facts=moved, today=TODAY)
    assert [o.plan_id for o in warned.value.overlaps] == [bergen_plan.pk]
    assert later.versions.get().period_start == D(2027, 1, 1)
    assert not registry_events().filter(action="plans.registry.corrected").exists()

    correct_plan(
        actor=Actor.load(analyst),
        plan=later,
        facts=moved,
        today=TODAY,
        overlap_reason="Vedtatt tidligere.",
    )
    later.refresh_from_db()
    assert later.overlap_reason == "Vedtatt tidligere."
    assert later.versions.get().period_start == D(2026, 1, 1)
    event = registry_events().get(action="plans.registry.corrected")
    assert event.detail["overlap_reason"] == "Vedtatt tidligere."


def test_the_correction_form_shows_the_stored_reason(client, analyst, bergen, bergen_plan):
    later = register_plan(
        actor=Actor.load(analyst),
        facts=facts(bergen, D(2026, 1, 1), D(2029, 12, 31), D(2025, 11, 20), "Plan 2026–2029"),
        today=TODAY,
        overlap_reason="Overlapper ett år.",
    )
    client.force_login(analyst)
    response = client.get(reverse("plans:registry:correct", args=[later.pk]))
    assert "Overlapper ett år." in response.content.decode()


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("survey.csv", text.encode("utf-8"), content_type="text/csv")


def test_the_import_holds_back_overlaps_until_confirmed(client, analyst, bergen_plan):
    client.force_login(analyst)
    sheet = (
        HEADER
        + "A;Ny plan Bergen;4601;2024;2025-01-01;2028-12-31;Bystyret;2024-12-11\n"
        + "B;Plan Askøy;4627;2024;2022-01-01;2025-12-31;Kommunestyret;2021-12-09\n"
        + "C;Enda en plan Askøy;4627;2024;2024-01-01;2027-12-31;Kommunestyret;2023-12-09\n"
    )
    response = client.post(IMPORT, {"sheet": upload(sheet)})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="overlap-warning"' in html
    assert "Rad 2:" in html and "Plan 2023–2026" in html
    assert "Rad 4:" in html and "Plan Askøy" in html  # overlaps a row above it
    assert Plan.objects.count() == 1
    assert not registry_events().filter(action="plans.registry.imported").exists()

    response = client.post(
        IMPORT,
        {"sheet": upload(sheet), "confirm_overlap": "on", "overlap_reason": "Revidert plan."},
    )
    assert response.status_code == 302
    assert Plan.objects.count() == 4
    assert set(Plan.objects.exclude(overlap_reason="").values_list("title", flat=True)) == {
        "Ny plan Bergen",
        "Enda en plan Askøy",
    }
    event = registry_events().get(action="plans.registry.imported")
    assert event.detail["overlap_reason"] == "Revidert plan."
    assert len(event.detail["overlaps"]) == 2
    assert Adoption.objects.count() == 4


# --- Who registered it, on the public page --------------------------------------------------


def test_the_public_page_names_the_registering_organisation_not_the_person(
    client, alice, bergen_org
):
    client.force_login(alice)
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        response = client.post(REGISTER, form_data())
    assert response.status_code == 302
    plan = Plan.objects.get()
    client.logout()
    html = client.get(reverse("plans:public_plan", args=[plan.pk])).content.decode()
    assert "Kilde: registrert av Bergen kommune 1. desember 2026." in html
    assert alice.get_full_name() not in html or not alice.get_full_name()
    assert alice.username not in html


def test_an_analysts_registration_names_the_analysts_organisation(client, analyst, bergen_plan):
    html = client.get(reverse("plans:public_plan", args=[bergen_plan.pk])).content.decode()
    assert "RVTS Vest" in html
