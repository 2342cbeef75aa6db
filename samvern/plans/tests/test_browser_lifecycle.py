"""Acceptance 1: a coordinator walks an inter-municipal plan through its whole life in a
real browser, from mandate to the difference view of the revision."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from samvern.accounts.browsing import navigates
from samvern.audit.models import AuditEvent
from samvern.plans.models import Plan, PlanVersion, VersionStatus

TODAY = dt.date.today()
START = dt.date(TODAY.year - 1, 1, 1)
END = dt.date(TODAY.year + 2, 12, 31)


def iso(day: dt.date) -> str:
    return day.isoformat()


def log_in(page, base, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


def submit(page, form_selector: str) -> None:
    with navigates(page):
        page.locator(f"#main {form_selector} button[type=submit]").first.click()


def transition(page, to: str) -> None:
    with navigates(page):
        page.locator(f"#main form:has(input[name=to][value={to}]) button[type=submit]").click()


@pytest.mark.browser
def test_coordinator_takes_an_inter_municipal_plan_from_mandate_to_revision(
    browser_page, screenshot, alice, per, bergen, askoy
):
    page, base = browser_page
    log_in(page, base, alice)

    # Initiative: Bergen's plan, with Askøy invited to co-own it (found with the filter).
    page.goto(base + "/plans/new/")
    page.fill("#id_title", "Handlingsplan mot vold i nære relasjoner – Bergen og Askøy")
    assert page.locator(f"input[name=municipalities][value='{bergen.pk}']").is_checked()
    page.locator("#id_municipalities_filter").fill("Askøy")
    page.locator("#id_municipalities label", has_text="Askøy").click()
    page.select_option("#id_framework", "frihet-fra-vold")
    submit(page, "form[method=post]")
    screenshot(page, "plans-01-initiative")
    plan = Plan.objects.get()
    assert list(plan.municipalities.all()) == [bergen]

    # Askøy's plan editor accepts the invitation from the start page.
    log_in(page, base, per)
    page.goto(base + "/")
    with navigates(page):
        page.locator("#main a", has_text=plan.title).first.click()
    with navigates(page):
        page.locator("#main button[value=accept]").click()
    assert set(plan.municipalities.all()) == {bergen, askoy}
    log_in(page, base, alice)
    version = plan.versions.get()
    vurl = f"{base}/plans/{plan.pk}/v/{version.pk}/"

    # Mandate and working group.
    page.goto(vurl + "mandate/")
    page.fill("#id_m-body", "Bystyret i Bergen og kommunestyret i Askøy")
    page.fill("#id_m-decided_on", iso(START - dt.timedelta(days=300)))
    page.fill("#id_m-case_number", "2023/1412")
    page.fill("#id_m-text", "Rådmannen lager en felles plan mot vold i nære relasjoner.")
    page.fill("#id_m-budget_nok", "150000")
    page.fill("#id_m-staff_hours", "600")
    submit(page, "form[action$='/mandate/save/']")
    page.locator("#main details:has(form[action$='/mandate/members/']) summary").click()
    page.fill("#id_w-name", "Kari Nilsen")
    page.fill("#id_w-position", "Plankoordinator")
    page.fill("#id_w-organisation", "Bergen kommune")
    page.check("#id_w-is_leader")
    submit(page, "form[action$='/mandate/members/']")
    assert page.locator("text=Kari Nilsen").count() >= 1
    screenshot(page, "plans-02-mandate")
    page.goto(vurl)
    transition(page, "mandated")
    transition(page, "drafting")

    # Mapping of the local situation.
    page.goto(vurl + "mapping/")
    assert "Bergen" in page.input_value("#id_text_population")
    page.fill("#id_text_services_exposed", "Bergen krisesenter tar imot fra begge kommunene.")
    page.check("#id_checks_services_exposed_0")
    submit(page, "form[method=post]")
    screenshot(page, "plans-03-mapping")

    # Focus areas: two chosen with reasons.
    page.goto(vurl + "areas/")
    page.check("#id_chosen_forebygging")
    page.fill("#id_rank_forebygging", "1")
    page.fill("#id_reason_forebygging", "Få saker oppdages tidlig.")
    page.check("#id_chosen_beskyttelse")
    page.fill("#id_rank_beskyttelse", "2")
    page.fill("#id_reason_beskyttelse", "Ventetid på bolig etter krisesenter.")
    submit(page, "form[method=post]")
    screenshot(page, "plans-04-areas")

    # Goals: a measurable goal per chosen area.
    page.goto(vurl + "goals/")
    for area, text in (
        ("forebygging", "Alle ansatte i skolen kjenner rutinen"),
        ("beskyttelse", "Ingen venter over 3 måneder på bolig"),
    ):
        page.select_option("#id_area_key", area)
        page.select_option("#id_kind", "organisational")
        page.fill("#id_text", text)
        page.fill("#id_indicator", "Andel / ventetid")
        page.fill("#id_baseline", "30 %")
        page.fill("#id_target", "90 %")
        submit(page, "form[method=post]")
    screenshot(page, "plans-05-goals")

    # Measures: one complete, one without resources (the quality check will catch it).
    page.goto(vurl + "measures/")
    page.fill("#id_title", "Kurs i å spørre om vold for helsesykepleiere")
    page.select_option("#id_level", "competence")
    page.select_option("#id_area_key", "forebygging")
    page.check("#id_goals_0")
    page.fill("#id_responsible_title", "Enhetsleder")
    page.fill("#id_responsible_unit", "Helsestasjon og skolehelsetjeneste")
    page.fill("#id_starts_on", iso(START))
    page.fill("#id_deadline", iso(START + dt.timedelta(days=365)))
    page.fill("#id_budget_nok", "40000")
    page.fill("#id_staff_hours", "120")
    for index in range(5):
        page.check(f"#id_duties_{index}")
    submit(page, "form[method=post]")
    page.fill("#id_title", "Fast avtale om bolig etter krisesenteropphold")
    page.select_option("#id_level", "help")
    page.select_option("#id_area_key", "beskyttelse")
    page.fill("#id_responsible_title", "Avdelingsleder")
    page.fill("#id_responsible_unit", "Boligetaten")
    page.fill("#id_starts_on", iso(START))
    page.fill("#id_deadline", iso(START + dt.timedelta(days=500)))
    submit(page, "form[method=post]")
    screenshot(page, "plans-06-measures")

    # Period, reporting routine and evaluation dates.
    page.goto(vurl + "period/")
    page.fill("#id_period_start", iso(START))
    page.fill("#id_period_end", iso(END))
    page.fill("#id_reports_per_year", "2")
    page.fill("#id_midterm_evaluation_on", iso(START + dt.timedelta(days=600)))
    page.fill("#id_final_evaluation_on", iso(END - dt.timedelta(days=60)))
    page.fill("#id_evaluator", "Kommunalsjef helse og omsorg")
    submit(page, "form[method=post]")

    # Consultation: period, then a response.
    page.goto(vurl + "consultation/")
    page.fill("#id_c-opens_on", iso(START - dt.timedelta(days=150)))
    page.fill("#id_c-closes_on", iso(START - dt.timedelta(days=110)))
    page.fill("#id_c-description", "Krisesenteret, politiet, barnevernet og frivillige.")
    submit(page, "form[action$='/consultation/period/']")
    page.goto(vurl)
    transition(page, "consultation")
    page.goto(vurl + "consultation/")
    page.fill("#id_r-respondent", "Bergen krisesenter")
    page.fill("#id_r-text", "Planen bør også nevne eldre som utsettes for vold.")
    submit(page, "form[action$='/consultation/responses/']")
    screenshot(page, "plans-07-consultation")

    # Quality check, first failing.
    page.goto(vurl + "quality/")
    assert page.locator(".status--fail").count() >= 2
    screenshot(page, "plans-08-quality-failing")
    # The next step leads to the quality check, not to a transition that would be refused.
    page.goto(vurl)
    assert page.locator("#main form:has(input[name=to][value=quality_checked])").count() == 0
    with navigates(page):
        page.get_by_test_id("next-step-quality_checked").click()
    assert page.url.endswith("/quality/")
    version.refresh_from_db()
    assert version.status == VersionStatus.CONSULTATION

    # Fix: resources for the second measure, weigh the response, reason for the warning.
    page.goto(vurl + "measures/")
    measure = version.measures.get(title__startswith="Fast avtale")
    page.goto(vurl + f"measures/{measure.pk}/")
    page.fill("#id_staff_hours", "200")
    submit(page, "form:not(:has(input[name=action]))[method=post]")
    page.goto(vurl + "consultation/")
    page.locator("#main details:has(form[action$='/weigh/']) summary").first.click()
    page.locator("#main select[name$=weighing]").select_option("partly")
    page.locator("#main textarea[name$=reason]").fill(
        "Eldre tas inn i målgruppene; egne tiltak kommer i neste rullering."
    )
    submit(page, "form[action$='/weigh/']")
    page.goto(vurl + "quality/")
    page.fill(
        "#reason-levels", "Kunnskap til alle innbyggere dekkes av fylkets kampanje dette året."
    )
    submit(page, "form:has(input[name=check][value=levels])")
    assert page.locator(".status--fail").count() == 0
    screenshot(page, "plans-09-quality-passing")
    page.goto(vurl)
    transition(page, "quality_checked")

    # Adoption by each council.
    page.goto(vurl + "adoptions/")
    for municipality, body, day in ((bergen, "Bystyret", 40), (askoy, "Kommunestyret", 25)):
        page.select_option("#id_municipality", str(municipality.pk))
        page.fill("#id_body", body)
        page.fill("#id_decided_on", iso(START - dt.timedelta(days=day)))
        page.fill("#id_case_number", f"2024/{day}")
        page.fill("#id_decision_url", "https://example.org/vedtak")
        submit(page, "form[data-testid=adoption-form]")
    screenshot(page, "plans-10-adoptions")
    version.refresh_from_db()
    assert version.status == VersionStatus.ADOPTED
    assert version.adoptions.count() == 2

    # One reporting round: create, open, report both measures.
    page.goto(vurl + "rounds/")
    page.fill("#id_title", "Vårrapportering")
    page.fill("#id_due_date", iso(TODAY + dt.timedelta(days=14)))
    submit(page, "form[method=post]")
    submit(page, "form[action$='/open/']")
    for index, (status, comment) in enumerate(
        (
            ("done", "Alle 34 helsesykepleiere har tatt kurset."),
            ("delayed", "Avtalen venter på ny husleiemodell."),
        )
    ):
        card = page.locator("#main article.measure-card").nth(index)
        card.locator("summary").click()
        card.locator("select[name$=status]").select_option(status)
        card.locator("textarea[name$=comment]").fill(comment)
        card.locator("input[name$=spent_hours]").fill("50")
        with navigates(page):
            card.locator("button[type=submit]").click()
    screenshot(page, "plans-11-reporting-round")

    # The council report, and its PDF.
    page.goto(page.url.split("#")[0] + "report/")
    screenshot(page, "plans-12-council-report")
    pdf_href = page.locator("#main a[href$='report.pdf']").get_attribute("href")
    pdf = page.request.get(base + pdf_href)
    assert pdf.ok and pdf.body()[:4] == b"%PDF" and len(pdf.body()) > 5000

    # Final evaluation, completed with the outcome "revise".
    page.goto(vurl + "evaluations/final/")
    page.locator("#main input[type=checkbox][name^=done_]").first.check()
    page.locator("#main input[name^=why_]").first.fill("Gjennomført som planlagt.")
    page.fill("#id_summary", "Kompetansetiltakene virket; boligtiltaket må løses på nytt.")
    page.select_option("#id_outcome", "revise")
    page.fill("#id_completed_on", iso(TODAY))
    submit(page, "form[method=post]")
    screenshot(page, "plans-13-final-evaluation")
    version.refresh_from_db()
    assert version.status == VersionStatus.EVALUATED

    # Revision and the difference view.
    page.goto(vurl)
    submit(page, "form[action$='revise/']")
    revision = PlanVersion.objects.get(previous=version)
    page.goto(f"{base}/plans/{plan.pk}/v/{revision.pk}/measures/")
    page.fill("#id_title", "Felles rutine for eldre utsatt for vold")
    page.select_option("#id_level", "routines")
    submit(page, "form[method=post]")
    page.goto(f"{base}/plans/{plan.pk}/v/{revision.pk}/diff/")
    assert page.locator(".diff-new").count() >= 1
    assert page.locator(".diff-old").count() >= 1
    screenshot(page, "plans-14-difference")

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "plans.plan.created",
        "plans.mandate.created",
        "plans.version.status_changed",
        "plans.adoption.recorded",
        "plans.status_report.created",
        "plans.evaluation.completed",
        "plans.version.revised",
    } <= actions
