"""Assessments: the form is rendered from the instrument file, scored by the risk engine,
stored with instrument key and version, shown as a timeline, audited."""

from __future__ import annotations

import pytest
from django.test import Client

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.models import Assessment
from samvern.risk import catalogue

KEY = "samvern-screening-exposed"


def _answers(value: str) -> dict[str, str]:
    instrument = catalogue.get_instrument(KEY)
    return {item.key: value for item in instrument.items}


@pytest.mark.django_db
def test_assessment_form_is_rendered_from_the_instrument(world):
    client = login(Client(), world.referrer)
    choose = client.get(f"/cases/{world.case.pk}/assessments/add/")
    assert KEY in choose.content.decode()
    page = client.get(f"/cases/{world.case.pk}/assessments/add/?instrument={KEY}")
    assert page.status_code == 200
    body = page.content.decode()
    for item in catalogue.get_instrument(KEY).items:
        assert f'name="{item.key}"' in body


@pytest.mark.django_db
def test_saving_an_assessment_scores_it_and_sets_the_case_band(world):
    client = login(Client(), world.referrer)
    response = client.post(
        f"/cases/{world.case.pk}/assessments/add/",
        {
            "instrument": KEY,
            "person": str(world.exposed.pk),
            **_answers("yes"),
            "share-visibility": "all",
            "share-legal_basis": "avert_crime",
            "share-purpose": "Forberede risikokonferanse",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(case=world.case)
    assert assessment.instrument_key == KEY and assessment.instrument_version == "1.1"
    assert assessment.band == "high" and assessment.qualifies_for_conference
    world.case.refresh_from_db()
    assert world.case.risk_band == "high"
    assert AuditEvent.objects.filter(action="cases.assessment.recorded").exists()
    # Shared with all participants: the crisis centre sees it in the timeline.
    other = login(Client(), world.participant)
    assert other.get(f"/cases/assessments/{assessment.pk}/").status_code == 302
    assert other.get(f"/cases/items/{assessment.item_id}/").status_code == 200
    api = other.get(f"/api/v1/cases/{world.case.pk}/assessments/").json()
    assert [a["band"] for a in api] == ["high"]


@pytest.mark.django_db
def test_professional_judgement_without_reason_is_refused(world):
    client = login(Client(), world.referrer)
    response = client.post(
        f"/cases/{world.case.pk}/assessments/add/",
        {
            "instrument": KEY,
            **_answers("no"),
            "override_band": "high",
            "override_reason": "",
            "share-visibility": "author",
        },
    )
    assert response.status_code == 200
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_unshared_assessment_stays_with_the_author(world):
    client = login(Client(), world.referrer)
    client.post(
        f"/cases/{world.case.pk}/assessments/add/",
        {"instrument": KEY, **_answers("no"), "share-visibility": "author"},
    )
    assessment = Assessment.objects.get()
    other = login(Client(), world.participant)
    assert other.get(f"/cases/items/{assessment.item_id}/").status_code == 404
    # The band is a case-level conference fact, visible to the coordinator.
    summary = login(Client(), world.coordinator).get(f"/cases/{world.case.pk}/summary/")
    assert ">Standard<" in summary.content.decode()  # the band label, not its key


@pytest.mark.django_db
def test_unknown_instrument_is_not_found(world):
    client = login(Client(), world.referrer)
    response = client.get(f"/cases/{world.case.pk}/assessments/add/?instrument=nope")
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_single_critical_yes_makes_the_case_qualify_whatever_the_score(world):
    from samvern.core.testing import choose_language

    instrument = catalogue.get_instrument(KEY)
    client = choose_language(login(Client(), world.referrer), "en")
    response = client.post(
        f"/cases/{world.case.pk}/assessments/add/",
        {
            "instrument": KEY,
            "person": str(world.exposed.pk),
            **_answers("no"),
            "neck_pressure": "yes",
            "share-visibility": "author",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(case=world.case)
    assert assessment.score == 1 and assessment.band == "standard"
    assert assessment.qualifies_for_conference
    assert assessment.qualification_reasons == ["critical_item"]
    page = client.get(response["Location"]).content.decode()
    facts = page[page.index("Qualifies for conference") :]
    assert facts.index("Yes") < facts.index("Assessed by")
    assert instrument.rule("critical_item").text["en"] in page
    assert instrument.item("neck_pressure").text["en"] in page
    timeline = client.get(f"/cases/{world.case.pk}/").content.decode()
    assert "<strong>Qualifies for conference</strong>" in timeline
    # The same answers without the critical yes do not qualify.
    client.post(
        f"/cases/{world.case.pk}/assessments/add/",
        {"instrument": KEY, **_answers("no"), "share-visibility": "author"},
    )
    latest = Assessment.objects.filter(case=world.case).latest("assessed_at")
    assert latest.pk != assessment.pk and not latest.qualifies_for_conference
