"""In a real browser: an organisation administrator gives a leaving colleague an end date,
and a user lists and revokes an API token (screenshots land in var/screenshots/)."""

import datetime as dt

import pytest
from django.utils import timezone

from samvern.accounts.models import ApiToken, Membership, Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory


def _log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(DEFAULT_PASSWORD)
    page.locator("main").get_by_role("button", name="Logg inn").click()
    page.wait_for_url(base + "/")


@pytest.mark.browser
def test_an_administrator_ends_a_colleagues_role_on_a_date(browser_page, screenshot, bergen_org):
    page, base = browser_page
    make_member(bergen_org, Role.ORG_ADMIN, username="ingrid", first_name="Ingrid")
    ole = UserFactory(username="ole", first_name="Ole", last_name="Hansen")
    MembershipFactory(user=ole, organisation=bergen_org, role=Role.PLAN_READER)
    # The live server runs on the real clock, so the end date is chosen from it too.
    ends_on = timezone.localdate() + dt.timedelta(days=14)

    _log_in(page, base, "ingrid")
    page.locator("header").get_by_role("link", name="Medlemmer").click()
    page.get_by_role("link", name="Endre Ole Hansen · Planleser").click()
    page.get_by_label("Tilgangen opphører").fill(ends_on.isoformat())
    screenshot(page, "membership-end-date-nb")
    page.get_by_role("button", name="Lagre").click()
    assert "Medlemmer i Bergen kommune" in page.locator("h1").inner_text()
    assert page.get_by_test_id("membership-ends").is_visible()
    screenshot(page, "members-with-end-date-nb")
    assert Membership.objects.get(user=ole).ends_on == ends_on


@pytest.mark.browser
def test_a_user_creates_lists_and_revokes_an_api_token(browser_page, screenshot, bergen_org):
    page, base = browser_page
    make_member(bergen_org, Role.PLAN_EDITOR, username="kari", first_name="Kari")
    _log_in(page, base, "kari")
    page.goto(base + "/accounts/me/")
    page.get_by_label("Navn på nøkkelen").fill("Rapportskript")
    page.get_by_role("button", name="Lag API-nøkkel").click()
    assert page.get_by_test_id("api-token").is_visible()
    assert page.get_by_test_id("api-token-row").count() == 1
    screenshot(page, "account-api-tokens-nb")
    page.get_by_role("button", name="Trekk tilbake Rapportskript").click()
    assert page.get_by_test_id("api-token-row").count() == 0
    assert not ApiToken.objects.filter(user__username="kari").exists()


@pytest.mark.browser
def test_a_system_administrator_sees_organisations_without_an_administrator(
    browser_page, screenshot, bergen_org
):
    from samvern.accounts.tests.factories import OrganisationFactory

    page, base = browser_page
    UserFactory(username="root", is_staff=True, is_superuser=True)
    OrganisationFactory(name="Askøy kommune")
    _log_in(page, base, "root")
    panel = page.get_by_role("heading", name="Organisasjoner uten administrator")
    assert panel.is_visible()
    screenshot(page, "start-superuser-without-administrator-nb")
    page.get_by_role("link", name="Askøy kommune").click()
    page.wait_for_url("**/admin/accounts/organisation/**/change/")
