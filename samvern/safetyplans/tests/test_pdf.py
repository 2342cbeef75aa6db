"""The PDF, read back by its text (pypdf): no protected address, no contact details of a
person with a protected address, and the recipient and the date on every page."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from pypdf import PdfReader

from samvern.accounts.actor import Actor
from samvern.cases.access import Need
from samvern.cases.models import Person
from samvern.safetyplans import documents, services
from samvern.safetyplans.access import access_plan
from samvern.safetyplans.content import AgenciesSection, Commitment, OrganisationRef
from samvern.safetyplans.models import SafetyPlanVersion
from samvern.safetyplans.tests.conftest import (
    PROTECTED_POSTCODE,
    PROTECTED_STREET,
    client_for,
    second_content,
)

pytestmark = pytest.mark.django_db


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _long_plan(world) -> SafetyPlanVersion:
    """A plan long enough for several pages."""
    content = second_content(world)
    commitments = tuple(
        Commitment(
            OrganisationRef(str(world.police.pk), world.police.name),
            f"Tiltak {n}: " + "Følger opp og ringer tilbake samme dag. " * 8,
        )
        for n in range(25)
    )
    content = replace(content, agencies=AgenciesSection(commitments=commitments))
    actor = Actor.load(world.referrer, organisation=world.police)
    return services.save_version(
        actor=actor,
        access=access_plan(actor, world.exposed.pk, Need.EDIT),
        data=services.VersionData(content=content, note="Lang plan"),
    )


def test_the_downloaded_pdf_has_no_protected_address_and_the_recipient_on_every_page(planned):
    Person.objects.filter(pk=planned.exposed.pk).update(phone="+47 999 88 777")
    _long_plan(planned)
    client = client_for(planned.participant)
    response = client.get(reverse("safetyplans:pdf", args=[planned.exposed.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    pages = _pages(response.content)
    assert len(pages) >= 2
    text = "\n".join(pages)
    assert PROTECTED_STREET not in text
    assert PROTECTED_POSTCODE not in text
    assert "Laksevåg" not in text
    assert "999 88 777" not in text  # no phone for a person with a protected address
    assert "Tiril Fjellstad" in text
    name = planned.participant.get_full_name() or planned.participant.username
    recipient = f"{planned.crisis.name} — {name}"
    for page in pages:
        assert recipient in page
        assert date_format(dt.date.today()) in page


def test_a_protected_address_written_into_an_old_version_is_left_out_of_the_pdf(planned):
    # Written before the rule (or straight into the database): the PDF still hides it.
    version = SafetyPlanVersion.objects.get(number=2)
    version.content["contact"]["how"] = f"Hun bor i {PROTECTED_STREET}, {PROTECTED_POSTCODE}."
    version.save()
    actor = Actor.load(planned.referrer, organisation=planned.police)
    access, version = services.read_for_print(actor, planned.exposed.pk)
    text = "\n".join(
        _pages(documents.plan_pdf(actor=actor, access=access, version=version, day=dt.date.today()))
    )
    assert PROTECTED_STREET not in text and PROTECTED_POSTCODE not in text
    assert "Hun bor i" in text


def test_a_person_without_protection_has_the_phone_on_paper(planned):
    Person.objects.filter(pk=planned.exposed.pk).update(
        protected_address=False, phone="+47 999 88 777"
    )
    client = client_for(planned.referrer)
    response = client.get(reverse("safetyplans:version_pdf", args=[planned.exposed.pk, 1]))
    text = "\n".join(_pages(response.content))
    assert "999 88 777" in text
    assert PROTECTED_STREET not in text  # addresses are never printed
    assert f"{planned.police.name} — " in text
