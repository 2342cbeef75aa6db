import datetime as dt

import pytest
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.partnerships import services
from samvern.partnerships.tests.factories import PartnershipMemberFactory

pytestmark = pytest.mark.django_db


def url(partnership):
    return reverse("partnerships:detail", args=[partnership.pk])


@pytest.fixture
def with_contacts(hanne, shelter_member, police_member, nina, sofie, police):
    nina.phone = "+47 400 00 001"
    nina.save()
    officer = make_member(police, Role.CASE_WORKER, username="lars")
    services.set_contacts(
        actor=Actor.load(hanne), member=police_member, relay=officer, deputy=hanne
    )
    services.set_contacts(
        actor=Actor.load(hanne),
        member=police_member,
        relay=officer,
        deputy=hanne,
        handover_notes="Police notes only for police.",
    )
    services.set_contacts(
        actor=Actor.load(hanne),
        member=shelter_member,
        relay=nina,
        deputy=sofie,
        handover_notes="Shelter notes.",
    )
    return officer


def test_coordinator_sees_members_contacts_and_management_links(
    login_as, hanne, partnership, with_contacts, nina, shelter_member
):
    response = login_as(hanne).get(url(partnership))
    assert response.status_code == 200
    text = response.text
    assert "Bergen krisesenter" in text
    assert nina.email in text and "+47 400 00 001" in text
    assert "Shelter notes." in text and "Police notes only for police." in text
    assert reverse("partnerships:member_add", args=[partnership.pk]) in text
    assert reverse("partnerships:member_leave", args=[partnership.pk, shelter_member.pk]) in text
    # The former member is in the history, not among today's members.
    assert "RVTS Vest" not in text


def test_case_worker_of_a_member_reads_without_management(
    login_as, nina, partnership, with_contacts, shelter_member
):
    response = login_as(nina).get(url(partnership))
    assert response.status_code == 200
    text = response.text
    assert nina.email in text
    assert reverse("partnerships:member_add", args=[partnership.pk]) not in text
    assert reverse("partnerships:edit", args=[partnership.pk]) not in text
    assert "/contacts/" not in text and "/leave/" not in text
    # Her own organisation's hand-over notes, not another member's.
    assert "Shelter notes." in text
    assert "Police notes only for police." not in text


def test_member_org_admin_may_change_only_their_own_contacts(
    login_as, siv, partnership, shelter_member, police_member
):
    text = login_as(siv).get(url(partnership)).text
    assert reverse("partnerships:member_contacts", args=[partnership.pk, shelter_member.pk]) in text
    assert (
        reverse("partnerships:member_contacts", args=[partnership.pk, police_member.pk]) not in text
    )


def test_outsider_gets_not_found(login_as, otto, partnership):
    assert login_as(otto).get(url(partnership)).status_code == 404


def test_former_member_gets_not_found(login_as, rolf, partnership):
    assert login_as(rolf).get(url(partnership)).status_code == 404


def test_unknown_partnership_is_not_found_like_a_forbidden_one(login_as, hanne):
    response = login_as(hanne).get("/partnerships/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client, partnership):
    assert client.get(url(partnership)).status_code == 302


def test_deputy_is_shown_as_contact_while_the_contact_person_is_away(
    login_as, hanne, partnership, with_contacts, shelter_member, sofie, today
):
    services.set_relay_absence(
        actor=Actor.load(hanne), member=shelter_member, away_until=today + dt.timedelta(days=3)
    )
    response = login_as(hanne).get(url(partnership))
    row = response.context["rows"]
    shelter_row = next(r for r in row if r.member.pk == shelter_member.pk)
    assert shelter_row.contact_now == sofie
    assert shelter_row.relay_away


def test_detail_query_count_does_not_grow_with_members(
    login_as, hanne, partnership, with_contacts, django_assert_max_num_queries
):
    for number in range(12):
        organisation = OrganisationFactory(name=f"Etat {number:02d}")
        member = PartnershipMemberFactory(partnership=partnership, organisation=organisation)
        relay = make_member(organisation, Role.CASE_WORKER)
        deputy = make_member(organisation, Role.CASE_WORKER)
        member.relay, member.deputy = relay, deputy
        member.save()
    client = login_as(hanne)
    with django_assert_max_num_queries(14):
        response = client.get(url(partnership))
    assert response.status_code == 200
    assert "Etat 11" in response.text


def test_the_page_leads_a_member_to_the_partnership_s_other_pages(login_as, nina, partnership):
    """Governance, agreements, the directory, training, the survey and the indicators are
    one click from the partnership's page, and a member opens each of them."""
    client = login_as(nina)
    text = client.get(url(partnership)).text
    pk = partnership.pk
    for name in (
        "governance:partnership",
        "agreements:list",
        "directory:list",
        "training:overview",
        "surveys:list",
        "governance:indicators",
    ):
        target = reverse(name, args=[pk])
        assert f'href="{target}"' in text, name
        assert client.get(target).status_code == 200, name
