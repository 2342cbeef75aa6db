"""Editing a person after creation: who may, what the audit trail keeps (field names,
never values), and that switching on the address protection masks the address in every
output for those who may not reveal it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases import services
from samvern.cases.models import Person, PersonRole
from samvern.cases.services import AssessmentRecord, PersonData
from samvern.cases.tests.conftest import PROTECTED_STREET
from samvern.cases.tests.test_access_matrix import _fill, _ids, case_layer_routes
from samvern.cases.tests.test_protected_address import _text

NEW_STREET = "Hemmeligveien 3"
NEW_POSTCODE = "5177"


def _form(**overrides):
    data = {
        "first_name": "Mia",
        "last_name": "Hansen",
        "birth_date": "",
        "birth_year": "1985",
        "gender": "female",
        "language": "norsk",
        "phone": "40000000",
        "email": "",
        "safe_contact": "",
        "no_case_content_in_messages": "on",
        "street_address": NEW_STREET,
        "postal_code": NEW_POSTCODE,
        "postal_place": "Bergen",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def open_person(world):
    """A person without a protected address, added by the referring police."""
    return services.add_person(
        actor=Actor.load(world.referrer, organisation=world.police),
        case=world.case,
        data=PersonData(
            role=PersonRole.CHILD,
            first_name="Mia",
            last_name="Hansen",
            birth_year=1985,
            gender="female",
            language="norsk",
            phone="40000000",
            street_address=NEW_STREET,
            postal_code=NEW_POSTCODE,
            postal_place="Bergen",
        ),
    )


@pytest.mark.django_db
def test_participating_case_worker_edits_facts_and_audit_names_fields_only(world, open_person):
    client = login(Client(), world.participant)
    url = f"/cases/persons/{open_person.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _form(
            phone="41111111",
            safe_contact="Bare SMS etter kl. 16",
            language="arabisk",
            needs_interpreter="on",
        ),
    )
    assert response.status_code == 302
    open_person.refresh_from_db()
    assert open_person.phone == "41111111"
    assert open_person.needs_interpreter is True
    event = AuditEvent.objects.get(action="cases.person.updated")
    assert event.actor_label == "participant"
    assert event.target_id == str(open_person.pk)
    assert sorted(event.detail["fields"]) == [
        "language",
        "needs_interpreter",
        "phone",
        "safe_contact",
    ]
    assert "41111111" not in str(event.detail)
    assert "Bare SMS" not in str(event.detail)
    assert not AuditEvent.objects.filter(action="cases.person.protection_changed").exists()


@pytest.mark.django_db
def test_the_person_page_links_to_the_edit_page(world, open_person):
    client = login(Client(), world.participant)
    page = client.get(f"/cases/persons/{open_person.pk}/").content.decode()
    assert f"/cases/persons/{open_person.pk}/edit/" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["member", "outsider", "coordinator", "dpo", "org_admin", "superuser", "analyst"]
)
def test_others_get_404_and_change_nothing(world, open_person, persona):
    client = login(Client(), world.personas()[persona])
    url = f"/cases/persons/{open_person.pk}/edit/"
    assert client.get(url).status_code == 404
    assert client.post(url, _form(first_name="Endret")).status_code == 404
    open_person.refresh_from_db()
    assert open_person.first_name == "Mia"
    assert not AuditEvent.objects.filter(action__startswith="cases.person.updated").exists()


@pytest.mark.django_db
def test_bad_input_gives_a_translated_message_and_changes_nothing(world, open_person):
    client = login(Client(), world.participant)
    url = f"/cases/persons/{open_person.pk}/edit/"
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    response = client.post(url, _form(first_name="", birth_date=future, postal_code="12"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fødselsdatoen kan ikke være fram i tid." in page
    assert "Et postnummer har fire sifre." in page
    open_person.refresh_from_db()
    assert open_person.first_name == "Mia" and open_person.postal_code == NEW_POSTCODE
    assert not AuditEvent.objects.filter(action="cases.person.updated").exists()


@pytest.mark.django_db
def test_saving_without_changes_writes_no_event(world, open_person):
    client = login(Client(), world.participant)
    response = client.post(f"/cases/persons/{open_person.pk}/edit/", _form())
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(
        action__in=["cases.person.updated", "cases.person.protection_changed"]
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["participant", "coordinator", "dpo"])
def test_turning_protection_on_masks_the_address_everywhere(world, open_person, viewer):
    editor = login(Client(), world.participant)
    before = editor.get(f"/cases/persons/{open_person.pk}/").content.decode()
    assert NEW_STREET in before  # not protected yet: the search below means something
    response = editor.post(f"/cases/persons/{open_person.pk}/edit/", _form(protected_address="on"))
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="cases.person.protection_changed")
    assert event.detail["protected_address"] is True
    assert NEW_STREET not in str(event.detail) and NEW_POSTCODE not in str(event.detail)
    assert not AuditEvent.objects.filter(action="cases.person.updated").exists()
    open_person.refresh_from_db()
    assert open_person.protected_address and open_person.street_address == NEW_STREET

    # Every page and API route, with this person as the person, for a viewer without
    # reveal rights.
    from django.core.files.uploadedfile import SimpleUploadedFile

    world.document = services.upload_document(
        actor=Actor.load(world.referrer, organisation=world.police),
        case=world.case,
        title="Anmeldelse",
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    world.assessment = services.record_assessment(
        actor=Actor.load(world.referrer, organisation=world.police),
        case=world.case,
        record=AssessmentRecord(
            person=open_person,
            instrument_key="samvern-screening-exposed",
            instrument_version="1.0",
            answers={},
            score=0,
            band="standard",
        ),
    )
    ids = {**_ids(world), "person_id": str(open_person.pk)}
    client = login(Client(), world.personas()[viewer])
    seen = 0
    for route in case_layer_routes():
        response = client.get(_fill(route, ids), follow=True)
        text = _text(response)
        assert NEW_STREET not in text, f"{route} shows the now protected address"
        assert NEW_POSTCODE not in text, f"{route} shows the now protected postal code"
        seen += response.status_code == 200
    assert seen >= 2


@pytest.mark.django_db
def test_protection_off_needs_reveal_rights(world):
    exposed: Person = world.exposed
    url = f"/cases/persons/{exposed.pk}/edit/"
    form = _form(
        first_name="Tiril",
        last_name="Fjellstad",
        street_address=None,
        postal_code=None,
        postal_place=None,
    )
    participant = login(Client(), world.participant)
    page = participant.get(url).content.decode()
    assert PROTECTED_STREET not in page and 'name="street_address"' not in page
    refused = participant.post(url, form)
    assert refused.status_code == 200
    assert "Bare den som kan vise adressen, kan fjerne skjermingen." in refused.content.decode()
    exposed.refresh_from_db()
    assert exposed.protected_address is True
    assert not AuditEvent.objects.filter(action="cases.person.protection_changed").exists()

    referrer = login(Client(), world.referrer)
    assert referrer.post(url, form).status_code == 302
    exposed.refresh_from_db()
    assert exposed.protected_address is False
    assert exposed.street_address == PROTECTED_STREET  # the hidden address was kept
    event = AuditEvent.objects.get(action="cases.person.protection_changed")
    assert event.detail["protected_address"] is False
    assert event.actor_label == "referrer"
