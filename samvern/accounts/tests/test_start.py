"""Start-page panels and menu entries contributed by accounts and audit."""

from samvern.accounts.models import Role
from samvern.accounts.testing import login, make_member


def test_everyone_signed_in_gets_a_my_account_panel(client, bob):
    login(client, bob)
    response = client.get("/")
    titles = [panel.title for panel in response.context["panels"]]
    assert "Min konto" in titles or "My account" in titles
    assert not any("/members/" in link.url for p in response.context["panels"] for link in p.links)


def test_an_organisation_administrator_gets_members_in_panel_and_menu(client, dora, bergen_org):
    login(client, dora)
    response = client.get("/")
    members_url = f"/accounts/organisations/{bergen_org.pk}/members/"
    links = [link.url for panel in response.context["panels"] for link in panel.links]
    assert members_url in links
    assert members_url in [item.url for item in response.context["nav_items"]]


def test_a_data_protection_officer_gets_the_audit_trail(client, bergen_org):
    dpo = make_member(bergen_org, Role.DATA_PROTECTION_OFFICER, username="dpo")
    login(client, dpo)
    response = client.get("/")
    assert "/audit/" in [item.url for item in response.context["nav_items"]]
    assert "/audit/" in [link.url for p in response.context["panels"] for link in p.links]


def test_anonymous_visitors_get_no_account_panels(client, db):
    response = client.get("/")
    assert not any("/accounts/" in link.url for p in response.context["panels"] for link in p.links)


def test_my_account_page_with_menu_and_panels_has_a_query_budget(
    client, dora, django_assert_max_num_queries
):
    login(client, dora)
    client.get("/")
    with django_assert_max_num_queries(12):
        client.get("/accounts/me/")
