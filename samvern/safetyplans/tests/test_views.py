"""Pages: who sees what (forbidden looks like missing), the edit page makes a new version,
refused posts change nothing, every page read is recorded, the plan page's query count
does not grow with its versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samvern.audit.models import AuditEvent
from samvern.cases.tests.conftest import EXPOSED_NAME
from samvern.partnerships.models import PartnershipMember
from samvern.safetyplans.content import ContactSection
from samvern.safetyplans.models import SafetyPlan, SafetyPlanVersion
from samvern.safetyplans.tests.conftest import (
    PROTECTED_POSTCODE,
    PROTECTED_STREET,
    client_for,
    save,
    second_content,
)

pytestmark = pytest.mark.django_db

ROUTES = [
    ("safetyplans:plan", False, "safetyplans.plan.viewed"),
    ("safetyplans:edit", False, "safetyplans.plan.edit_viewed"),
    ("safetyplans:compare", False, "safetyplans.versions.compared"),
    ("safetyplans:pdf", False, "safetyplans.plan.printed"),
    ("safetyplans:version", True, "safetyplans.version.viewed"),
    ("safetyplans:version_pdf", True, "safetyplans.plan.printed"),
]
ALLOWED = ("referrer", "participant")
REFUSED = ("member", "outsider", "coordinator", "dpo", "org_admin", "superuser", "analyst")


def _url(name: str, with_number: bool, person) -> str:
    args = [person.pk, 1] if with_number else [person.pk]
    return reverse(name, args=args)


def _writes() -> tuple[int, int, int]:
    return (
        SafetyPlan.objects.count(),
        SafetyPlanVersion.objects.count(),
        AuditEvent.objects.filter(
            action__in=["safetyplans.plan.created", "safetyplans.plan.revised"]
        ).count(),
    )


@pytest.mark.parametrize(("name", "with_number", "action"), ROUTES)
@pytest.mark.parametrize("persona", ALLOWED)
def test_case_workers_taking_part_read_every_page_and_it_is_recorded(
    planned, persona, name, with_number, action
):
    client = client_for(planned.personas()[persona])
    before = AuditEvent.objects.filter(action=action).count()
    response = client.get(_url(name, with_number, planned.exposed))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action=action).count() == before + 1
    if response["Content-Type"].startswith("text/html"):
        body = response.content.decode()
        assert PROTECTED_STREET not in body and PROTECTED_POSTCODE not in body


@pytest.mark.parametrize(("name", "with_number", "action"), ROUTES)
@pytest.mark.parametrize("persona", REFUSED)
def test_everyone_else_gets_the_not_found_page(planned, persona, name, with_number, action):
    client = client_for(planned.personas()[persona])
    missing = client.get(_url(name, with_number, planned.note_all))  # an id that is no person
    response = client.get(_url(name, with_number, planned.exposed))
    assert response.status_code == 404
    assert response.content == missing.content
    assert EXPOSED_NAME[1] not in response.content.decode()
    assert not AuditEvent.objects.filter(action=action).exists()
    assert AuditEvent.objects.filter(action="security.case.refused").count() == 2


@pytest.mark.parametrize("persona", [*REFUSED, "left"])
def test_refused_posts_change_nothing(planned, persona):
    if persona == "left":
        PartnershipMember.objects.filter(
            partnership=planned.partnership, organisation=planned.crisis
        ).update(left_on=dt.date.today())
        user = planned.participant
    else:
        user = planned.personas()[persona]
    before = _writes()
    response = client_for(user).post(
        reverse("safetyplans:edit", args=[planned.exposed.pk]),
        {"contact-how": "Endret", "change-note": "x", "change-based_on": "2"},
    )
    assert response.status_code == 404
    assert _writes() == before


def test_anonymous_visitors_go_to_the_login_page(planned):
    from django.test import Client

    response = Client().get(reverse("safetyplans:plan", args=[planned.exposed.pk]))
    assert response.status_code == 302


def _post_data(client, person) -> dict[str, str]:
    """What the edit page's form sends back unchanged."""
    response = client.get(reverse("safetyplans:edit", args=[person.pk]))
    form_data: dict[str, str] = {}
    for _spec, form, formsets in response.context["forms"].sections:
        for field in form:
            value = field.value()
            form_data[field.html_name] = "" if value is None else str(value)
        for _row_spec, formset in formsets:
            for key, value in formset.management_form.initial.items():
                form_data[f"{formset.prefix}-{key}"] = str(value)
            for row in formset:
                for field in row:
                    value = field.value()
                    if field.name == "DELETE":
                        continue
                    form_data[field.html_name] = "" if value is None else str(value)
    change = response.context["forms"].change
    form_data[change["based_on"].html_name] = str(change["based_on"].value())
    return form_data


def test_the_edit_page_saves_a_new_version(planned):
    client = client_for(planned.participant)
    data = _post_data(client, planned.exposed)
    data["contact-how"] = "Ring via krisesenteret."
    data["change-note"] = "Ny kontaktmåte"
    # A new commitment in the first empty row of the agencies' list.
    data["agencies-commitments-2-organisation"] = str(planned.crisis.pk)
    data["agencies-commitments-2-action"] = "Følger henne til retten."
    # The first emergency number removed.
    data["alarms-emergency_numbers-0-DELETE"] = "on"
    response = client.post(reverse("safetyplans:edit", args=[planned.exposed.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    version = SafetyPlanVersion.objects.get(number=3)
    content = version.plan_content
    assert content.contact.how == "Ring via krisesenteret."
    assert [n.label for n in content.alarms.emergency_numbers] == ["Krisesenteret"]
    assert len(content.agencies.commitments) == 3
    assert version.created_by == planned.participant and version.note == "Ny kontaktmåte"
    page = client.get(reverse("safetyplans:plan", args=[planned.exposed.pk])).content.decode()
    assert "Følger henne til retten." in page


def test_an_invalid_edit_shows_the_form_again_and_saves_nothing(planned):
    client = client_for(planned.referrer)
    data = _post_data(client, planned.exposed)
    data["contact-how"] = f"Adresse: {PROTECTED_STREET}"
    data["change-note"] = "Adresse"
    before = _writes()
    reads = AuditEvent.objects.filter(action="safetyplans.plan.edit_viewed").count()
    response = client.post(reverse("safetyplans:edit", args=[planned.exposed.pk]), data)
    assert response.status_code == 200
    assert "skjermede adresse" in response.content.decode()
    assert _writes() == before
    assert AuditEvent.objects.filter(action="safetyplans.plan.edit_viewed").count() == reads + 1


def test_a_new_plan_from_the_empty_page(world):
    client = client_for(world.referrer)
    page = client.get(reverse("safetyplans:plan", args=[world.exposed.pk]))
    assert page.status_code == 200 and page.context["version"] is None
    data = _post_data(client, world.exposed)
    data["contact-how"] = "Bare SMS uten innhold."
    response = client.post(reverse("safetyplans:edit", args=[world.exposed.pk]), data)
    assert response.status_code == 302
    assert SafetyPlanVersion.objects.get().number == 1


def test_the_comparison_page_shows_fields_and_commitments(planned):
    client = client_for(planned.referrer)
    response = client.get(
        reverse("safetyplans:compare", args=[planned.exposed.pk]) + "?from=1&to=2"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ikke vurdert ennå" in body
    assert "Følger opp ukentlig." in body  # added commitment
    assert "Prioriterer anrop fra adressen." in body  # changed commitment, before
    assert "Prioriterer anrop fra den utsatte." in body  # and after
    missing = client.get(reverse("safetyplans:compare", args=[planned.exposed.pk]) + "?from=1&to=9")
    assert missing.status_code == 404


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_plan_page_takes_as_many_queries_with_2_and_20_versions(
    planned, django_assert_max_num_queries
):
    client = client_for(planned.participant)
    url = reverse("safetyplans:plan", args=[planned.exposed.pk])
    few = _count(client, url)
    content = second_content(planned)
    for n in range(18):
        content = replace(content, contact=ContactSection(how=f"Endring {n}"))
        save(planned, planned.referrer, planned.police, content, note=f"Endring {n}")
    assert SafetyPlanVersion.objects.count() == 20
    many = _count(client, url)
    assert many == few
    with django_assert_max_num_queries(30):
        client.get(url)
