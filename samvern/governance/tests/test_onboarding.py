"""The newcomer's onboarding page after a change of contact person: who may open it, what
it shows, and a fixed number of queries. The clock is pinned to 2026-03-01."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.accounts.models import OrganisationKind, Role
from samvern.accounts.testing import login, make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.agreements.models import Document, DocumentKind, DocumentVersion, SignOff
from samvern.directory.models import Service
from samvern.governance.models import (
    Body,
    BodyKind,
    BodyMember,
    Commitment,
    Meeting,
    Representative,
)
from samvern.partnerships import services as partnership_services
from samvern.partnerships.tests.factories import PartnershipFactory, PartnershipMemberFactory
from samvern.training.models import CompetenceRecord, StaffMember, TargetRole

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)
JOINED = dt.date(2020, 1, 1)


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def world(db):
    police = OrganisationFactory(name="Vest politidistrikt", kind=OrganisationKind.POLICE)
    nav = OrganisationFactory(name="NAV Bergenhus", kind=OrganisationKind.SOCIAL_SERVICES)
    other = OrganisationFactory(name="Stavanger kommune")
    partnership = PartnershipFactory(
        name="Bergen–Askøy", coordinator=police, description="Sikrere hjem for barn og voksne."
    )
    PartnershipMemberFactory(partnership=partnership, organisation=police, joined_on=JOINED)
    member = PartnershipMemberFactory(partnership=partnership, organisation=nav, joined_on=JOINED)
    people = {
        "coord": make_member(police, Role.CONFERENCE_COORDINATOR, username="coord"),
        "old": make_member(nav, Role.CASE_WORKER, username="old", first_name="Jon", last_name="Li"),
        "new": make_member(nav, Role.CASE_WORKER, username="new", first_name="Amir", last_name="R"),
        "colleague": make_member(nav, Role.CASE_WORKER, username="colleague"),
        "navadmin": make_member(nav, Role.ORG_ADMIN, username="navadmin"),
        "police": make_member(police, Role.CASE_WORKER, username="policeworker"),
        "outsider": make_member(other, Role.ORG_ADMIN, username="outsider"),
    }
    coordinator = Actor.load(people["coord"])
    partnership_services.set_contacts(
        actor=coordinator, member=member, relay=people["old"], deputy=people["new"]
    )
    partnership_services.set_contacts(
        actor=coordinator,
        member=member,
        relay=people["new"],
        deputy=None,
        handover_notes="Husk botilbudet: NAV har et åpent løfte om nødbolig.",
    )
    body = Body.objects.create(
        partnership=partnership,
        kind=BodyKind.OPERATIONAL,
        name="Operativ gruppe",
        short_code="OG",
        started_on=JOINED,
        created_by=people["coord"],
    )
    seat = BodyMember.objects.create(body=body, organisation=nav, joined_on=JOINED)
    Representative.objects.create(member=seat, user=people["new"])
    meeting = Meeting.objects.create(
        body=body, date=dt.date(2026, 3, 10), starts_at=dt.time(9), created_by=people["coord"]
    )
    Meeting.objects.create(
        body=body, date=dt.date(2026, 2, 10), starts_at=dt.time(9), created_by=people["coord"]
    )
    Commitment.objects.create(
        body=body,
        meeting=meeting,
        organisation=nav,
        description="Skaffe nødbolig innen tre dager",
        due_on=dt.date(2026, 2, 20),
        created_by=people["coord"],
    )
    document = Document.objects.create(
        partnership=partnership,
        kind=DocumentKind.AGREEMENT,
        title="Samarbeidsavtale",
        owner_organisation=police,
        review_on=dt.date(2027, 1, 1),
    )
    version = DocumentVersion.objects.create(
        document=document,
        number=1,
        text="Avtale",
        status="in_force",
        in_force_from=dt.date(2025, 1, 1),
    )
    SignOff.objects.create(
        version=version,
        organisation=nav,
        signed_by=people["navadmin"],
        signed_on=dt.date(2025, 2, 1),
    )
    Service.objects.create(partnership=partnership, name="Krisesenteret", kind="shelter")
    role = TargetRole.objects.create(
        partnership=partnership,
        organisation=nav,
        name="Rådgiver",
        required_topics=["duty-to-avert"],
    )
    staff = StaffMember.objects.create(
        partnership=partnership, organisation=nav, name="Amir R", role=role, user=people["new"]
    )
    CompetenceRecord.objects.create(
        person=staff,
        topic_key="duty-to-avert",
        completed_on=dt.date(2023, 4, 1),
        refresh_due=dt.date(2026, 4, 1),
    )
    return partnership, member, people


def _url(partnership, member):
    return reverse("governance:onboarding", args=[partnership.pk, member.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("new", 200),
        ("navadmin", 200),
        ("coord", 200),
        ("old", 404),
        ("colleague", 404),
        ("police", 404),
        ("outsider", 404),
    ],
)
def test_who_may_open_it(client, world, persona, status):
    partnership, member, people = world
    login(client, people[persona])
    response = client.get(_url(partnership, member))
    assert response.status_code == status
    if status == 404:
        missing = client.get(reverse("governance:onboarding", args=[partnership.pk, uuid.uuid4()]))
        assert response.content == missing.content


def test_anonymous_is_sent_to_sign_in(client, world):
    partnership, member, _people = world
    assert client.get(_url(partnership, member)).status_code == 302


def test_the_page_shows_what_the_newcomer_needs(client, world):
    partnership, member, people = world
    login(client, people["new"])
    body = client.get(_url(partnership, member)).content.decode()
    for text in (
        "Sikrere hjem for barn og voksne.",  # purpose
        "Operativ gruppe",  # body they sit on
        "Husk botilbudet",  # hand-over notes
        "Samarbeidsavtale",  # agreement signed
        "Skaffe nødbolig",  # open commitment, overdue
        "10. mars 2026",  # upcoming meeting
        "/directory/",  # directory link
        "Avvergingsplikten",  # training due
    ):
        assert text in body, text
    assert "10. februar 2026" not in body  # past meeting


def test_my_onboarding_redirects_the_newcomer(client, world):
    partnership, member, people = world
    login(client, people["new"])
    response = client.get(reverse("governance:my_onboarding", args=[partnership.pk]))
    assert response.status_code == 302
    assert response["Location"] == _url(partnership, member)
    login(client, people["colleague"])
    assert client.get(reverse("governance:my_onboarding", args=[partnership.pk])).status_code == 404


def test_query_count_does_not_grow(client, world):
    partnership, member, people = world
    login(client, people["new"])
    url = _url(partnership, member)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    body = Body.objects.get()
    for i in range(10):
        Commitment.objects.create(
            body=body,
            meeting=Meeting.objects.first(),
            organisation=member.organisation,
            description=f"Løfte {i}",
            due_on=dt.date(2026, 5, 1),
            created_by=people["coord"],
        )
        Service.objects.create(partnership=partnership, name=f"Tjeneste {i}", kind="health")
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def _english_texts_of_template() -> list[str]:
    """The English texts the onboarding template asks to be translated, cut at the first
    placeholder, where at least two words are left (a lone word may read the same in
    bokmål)."""
    source = (
        Path(__file__).resolve().parents[1] / "templates/governance/onboarding/page.html"
    ).read_text()
    texts = re.findall(r'{% translate "([^"]+)"', source)
    texts += re.findall(r"{% blocktranslate[^%]*%}(.*?){%", source, flags=re.S)
    cut = [re.split(r"{{", text)[0].strip(" :,.") for text in texts]
    return sorted({text for text in cut if len(text.split()) >= 2})


def test_the_page_is_in_bokmal_in_the_default_language(client, world):
    partnership, member, people = world
    login(client, people["new"])
    body = client.get(_url(partnership, member)).content.decode()
    for text in (
        "Kom i gang i Bergen–Askøy",
        "På denne siden",
        "Hva samarbeidet skal oppnå",
        "Organer NAV Bergenhus sitter i",
        "Du representerer virksomheten",
        "NAV Bergenhus har ingen stedfortreder for kontaktpersonen",
        "Skrevet ved byttet",
        "Avtaler, protokoller og rutiner dere skal følge",
        "Signert 01.02.2025",
        "Hva NAV Bergenhus har lovet",
        '<th scope="col">Forpliktelse</th>',
        "Forfalt",
        "Hvor du kan henvise videre",
        "Samarbeidets tjenestekatalog har 1 tjeneste",
        "Åpne tjenestekatalogen",
        "Kurs du skal ta",
        "Oppfriskning innen 01.04.2026",
        "Virksomhetens opplæring",
    ):
        assert text in body, text
    english = [text for text in _english_texts_of_template() if text in body]
    assert english == []
