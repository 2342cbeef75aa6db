"""Registering and correcting plans made elsewhere: who may, what is stored, the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.audit.models import AuditEvent
from samvern.plans.models import (
    Adoption,
    Evaluation,
    Plan,
    PlanOrigin,
    ReportingRound,
    RoundStatus,
    VersionStatus,
)
from samvern.plans.registry import (
    AdoptionFacts,
    PlanFacts,
    RegistryError,
    correct_plan,
    register_plan,
)

REGISTER = reverse("plans:registry:register")
D = dt.date


@pytest.fixture
def analyst(reference_data):
    return make_member(
        OrganisationFactory(name="RVTS Vest", kind="resource_centre"),
        Role.NATIONAL_ANALYST,
        username="analyst",
    )


def form_data(**overrides):
    data = {
        "title": "Handlingsplan mot vold i nære relasjoner",
        "structure": "2024",
        "municipality_codes": "4601",
        "period_start": "2023-01-01",
        "period_end": "2026-12-31",
        "reported_on": "2024-03-01",
        "evaluated_on": "",
        "adoption-TOTAL_FORMS": "3",
        "adoption-INITIAL_FORMS": "0",
        "adoption-MIN_NUM_FORMS": "0",
        "adoption-MAX_NUM_FORMS": "30",
        "adoption-0-municipality_code": "4601",
        "adoption-0-body": "Bystyret",
        "adoption-0-decided_on": "2022-12-14",
        "adoption-0-case_number": "2022/123",
        "adoption-0-decision_url": "https://www.bergen.kommune.no/vedtak/123",
    }
    data.update(overrides)
    return data


def test_plan_editor_registers_own_municipalitys_plan_with_decision_document(client, alice):
    client.force_login(alice)
    data = form_data()
    data["adoption-0-decision_document"] = SimpleUploadedFile(
        "vedtak.pdf", b"%PDF-1.4 test", content_type="application/pdf"
    )
    response = client.post(REGISTER, data)
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.origin == PlanOrigin.REGISTERED
    version = plan.versions.get()
    assert version.status == VersionStatus.ADOPTED
    adoption = Adoption.objects.get(version=version)
    assert (adoption.body, adoption.decided_on, adoption.case_number) == (
        "Bystyret",
        D(2022, 12, 14),
        "2022/123",
    )
    assert adoption.decision_document.name.endswith(".pdf")
    assert (adoption.period_start, adoption.period_end) == (D(2023, 1, 1), D(2026, 12, 31))
    assert ReportingRound.objects.get(version=version).status == RoundStatus.CLOSED
    event = AuditEvent.objects.get(action="plans.registry.registered")
    assert event.actor_label == "alice"
    assert event.target_id == str(plan.pk)


def test_reader_and_outsider_cannot_register_for_bergen(client, bob, charlie):
    client.force_login(bob)
    assert client.get(REGISTER).status_code == 404
    assert client.post(REGISTER, form_data()).status_code == 404
    client.force_login(charlie)  # plan editor in Stavanger
    response = client.post(REGISTER, form_data())
    assert response.status_code == 200
    assert not Plan.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="plans.registry").exists()


def test_bad_input_is_explained_and_changes_nothing(client, alice):
    client.force_login(alice)
    response = client.post(
        REGISTER,
        form_data(
            period_start="2026-12-31",
            period_end="2023-01-01",
            **{"adoption-0-decided_on": "2027-01-05"},
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Planperioden slutter" in html
    assert not Plan.objects.exists()
    response = client.post(REGISTER, form_data(municipality_codes="4601, 9999"))
    assert "Ukjente kommunenumre" in response.content.decode()
    response = client.post(REGISTER, form_data(**{"adoption-0-municipality_code": "4627"}))
    assert "Legg denne kommunen til" in response.content.decode()
    assert not Plan.objects.exists()


def test_editor_of_2024_municipality_may_register_a_plan_of_its_2019_predecessor(client, alice):
    client.force_login(alice)
    response = client.post(
        REGISTER,
        form_data(
            structure="2019",
            municipality_codes="1201",
            period_start="2015-01-01",
            period_end="2018-12-31",
            reported_on="",
            **{"adoption-0-municipality_code": "1201", "adoption-0-decided_on": "2014-11-20"},
        ),
    )
    assert response.status_code == 302
    assert Plan.objects.get().municipalities.get().year == 2019


def test_analyst_corrects_a_registered_plan_and_the_audit_keeps_the_old_facts(
    client, analyst, bergen, askoy
):
    plan = register_plan(
        actor=Actor.load(analyst),
        facts=PlanFacts(
            title="Plan",
            municipalities=[bergen],
            period_start=D(2023, 1, 1),
            period_end=D(2026, 12, 31),
            adoptions=[
                AdoptionFacts(municipality=bergen, body="Bystyret", decided_on=D(2022, 12, 1))
            ],
        ),
    )
    client.force_login(analyst)
    url = reverse("plans:registry:correct", kwargs={"plan_id": plan.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        form_data(
            title="Felles plan",
            municipality_codes="4601, 4627",
            evaluated_on="2024-06-01",
            **{
                "adoption-1-municipality_code": "4627",
                "adoption-1-body": "Kommunestyret",
                "adoption-1-decided_on": "2022-12-15",
            },
        ),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Felles plan"
    assert plan.municipalities.count() == 2
    assert Adoption.objects.filter(version__plan=plan).count() == 2
    assert Evaluation.objects.get(version__plan=plan).completed_on == D(2024, 6, 1)
    assert plan.versions.get().status == VersionStatus.EVALUATED
    event = AuditEvent.objects.get(action="plans.registry.corrected")
    assert event.detail["before"]["title"] == "Plan"
    assert event.detail["after"]["title"] == "Felles plan"
    assert "adoptions" in event.detail["changed"]


def test_only_owners_editors_and_analysts_may_correct(client, analyst, bergen, bob, charlie, alice):
    plan = register_plan(
        actor=Actor.load(analyst),
        facts=PlanFacts(
            title="Plan",
            municipalities=[bergen],
            period_start=D(2023, 1, 1),
            period_end=D(2026, 12, 31),
        ),
    )
    url = reverse("plans:registry:correct", kwargs={"plan_id": plan.pk})
    for user, status in ((alice, 200), (bob, 404), (charlie, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(charlie)
    assert client.post(url, form_data()).status_code == 404
    with pytest.raises(RegistryError):
        correct_plan(
            actor=Actor.load(charlie),
            plan=plan,
            facts=PlanFacts(
                title="X",
                municipalities=[bergen],
                period_start=D(2023, 1, 1),
                period_end=D(2026, 12, 31),
            ),
        )
    assert not AuditEvent.objects.filter(action="plans.registry.corrected").exists()


def test_a_plan_without_adoptions_is_registered_as_being_drafted(analyst, askoy):
    plan = register_plan(
        actor=Actor.load(analyst),
        facts=PlanFacts(
            title="Under arbeid",
            municipalities=[askoy],
            period_start=D(2027, 1, 1),
            period_end=D(2030, 12, 31),
        ),
    )
    assert plan.versions.get().status == VersionStatus.DRAFTING


def test_registry_index_lists_what_the_user_may_correct(client, analyst, alice, bob, bergen, askoy):
    for municipality in (bergen, askoy):
        register_plan(
            actor=Actor.load(analyst),
            facts=PlanFacts(
                title=f"Plan {municipality.name}",
                municipalities=[municipality],
                period_start=D(2023, 1, 1),
                period_end=D(2026, 12, 31),
            ),
        )
    url = reverse("plans:registry:index")
    client.force_login(alice)
    html = client.get(url).content.decode()
    assert "Plan Bergen" in html and "Plan Askøy" not in html
    client.force_login(analyst)
    html = client.get(url).content.decode()
    assert "Plan Bergen" in html and "Plan Askøy" in html
    client.force_login(bob)
    assert client.get(url).status_code == 404
