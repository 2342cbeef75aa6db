"""Smoke test in a real browser: log in through the form, switch language in the header,
and look at the account pages (screenshots land in var/screenshots/)."""

import pytest

from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory


@pytest.mark.browser
def test_a_plan_editor_logs_in_and_switches_to_english(browser_page, screenshot, bergen_org):
    page, base = browser_page
    make_member(
        bergen_org, Role.PLAN_EDITOR, username="kari", first_name="Kari", last_name="Nilsen"
    )
    page.goto(base + "/accounts/login/")
    assert page.locator("h1").inner_text() == "Logg inn"
    screenshot(page, "login-nb")

    page.get_by_label("Brukernavn").fill("kari")
    page.get_by_label("Passord").fill("wrong password")
    page.locator("main").get_by_role("button", name="Logg inn").click()
    assert page.locator(".ds-error-summary").is_visible()
    # The error summary takes the focus so that screen readers announce it.
    assert page.evaluate("document.activeElement.classList.contains('ds-error-summary')")
    screenshot(page, "login-error-nb")

    page.get_by_label("Passord").fill(DEFAULT_PASSWORD)
    page.locator("main").get_by_role("button", name="Logg inn").click()
    page.wait_for_url(base + "/")
    assert "Velkommen, Kari" in page.locator("h1").inner_text()
    assert page.get_by_test_id("active-organisation").inner_text() == "Bergen kommune"
    screenshot(page, "start-nb")

    page.locator("header").get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Welcome, Kari" in page.locator("h1").inner_text()
    screenshot(page, "start-en")

    page.goto(base + "/accounts/me/")
    assert page.locator("h1").inner_text() == "My account"
    screenshot(page, "account-en")


@pytest.mark.browser
def test_an_administrator_adds_a_member_in_the_browser(browser_page, screenshot, bergen_org):
    page, base = browser_page
    admin = make_member(
        bergen_org, Role.ORG_ADMIN, username="ingrid", first_name="Ingrid", last_name="Solberg"
    )
    other = UserFactory(username="ole", first_name="Ole", last_name="Hansen")
    MembershipFactory(
        user=other, organisation=bergen_org, role=Role.PLAN_READER, title="Head of health services"
    )
    page.goto(base + "/accounts/login/")
    page.get_by_label("Brukernavn").fill(admin.username)
    page.get_by_label("Passord").fill(DEFAULT_PASSWORD)
    page.locator("main").get_by_role("button", name="Logg inn").click()
    page.wait_for_url(base + "/")
    page.locator("header").get_by_role("link", name="Medlemmer").click()
    assert "Medlemmer i Bergen kommune" in page.locator("h1").inner_text()
    screenshot(page, "members-nb")
    page.get_by_role("link", name="Legg til medlem").click()
    page.get_by_label("E-postadresse").fill("ny.kollega@example.org")
    page.get_by_label("Rolle").select_option("plan_editor")
    page.get_by_label("Fornavn").fill("Nora")
    page.get_by_label("Etternavn").fill("Kollega")
    screenshot(page, "member-add-nb")
    page.get_by_role("button", name="Legg til medlem").click()
    assert "ny.kollega@example.org" in page.locator("table").inner_text()
    screenshot(page, "members-after-add-nb")


@pytest.mark.browser
def test_a_case_worker_sees_enrolment_in_the_browser(browser_page, screenshot, bergen_org):
    page, base = browser_page
    worker = UserFactory(username="nina", first_name="Nina", last_name="Larsen")
    MembershipFactory(user=worker, organisation=bergen_org, role=Role.CASE_WORKER)
    page.goto(base + "/accounts/login/")
    page.get_by_label("Brukernavn").fill("nina")
    page.get_by_label("Passord").fill(DEFAULT_PASSWORD)
    page.locator("main").get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/accounts/two-factor/**")
    assert page.locator("svg.qr-code").is_visible()
    screenshot(page, "two-factor-enrol-nb")


@pytest.mark.browser
def test_a_data_protection_officer_verifies_and_searches_the_trail(
    browser_page, screenshot, bergen_org, alice
):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from samvern.audit.services import audit_log

    page, base = browser_page
    dpo = make_member(
        bergen_org,
        Role.DATA_PROTECTION_OFFICER,
        username="guro",
        first_name="Guro",
        last_name="Haugen",
    )
    for action in ("plans.measure.updated", "plans.version.adopted", "accounts.user.logged_in"):
        audit_log(
            actor=alice,
            organisation=bergen_org,
            action=action,
            target_type="plans.measure",
            target_id="7f0c",
            detail={"field": "status"},
        )
    page.goto(base + "/audit/")
    page.get_by_label("Brukernavn").fill("guro")
    page.get_by_label("Passord").fill(DEFAULT_PASSWORD)
    page.locator("main").get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/accounts/two-factor/**")
    screenshot(page, "two-factor-verify-nb")
    device = TOTPDevice.objects.get(user=dpo)
    page.get_by_label("Kode").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Bekreft", exact=True).click()
    page.wait_for_url(base + "/audit/")
    assert page.locator("h1").inner_text() == "Revisjonsspor"
    page.get_by_label("Type handling").select_option(label="Planer og planregisteret")
    page.locator("main").get_by_role("button", name="Søk", exact=True).click()
    assert "2 hendelser" in page.locator("#results-heading").inner_text()
    screenshot(page, "audit-nb")


@pytest.mark.browser
def test_the_lock_out_page_in_the_browser(browser_page, screenshot, bergen_org, settings):
    page, base = browser_page
    make_member(bergen_org, Role.PLAN_EDITOR, username="per")
    page.goto(base + "/accounts/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Brukernavn").fill("per")
        page.get_by_label("Passord").fill("not the password")
        page.locator("main").get_by_role("button", name="Logg inn").click()
    assert page.locator("h1").inner_text() == "Innlogging sperret"
    assert "Prøv igjen om 30 minutter" in page.get_by_test_id("locked-duration").inner_text()
    screenshot(page, "locked-out-nb")
