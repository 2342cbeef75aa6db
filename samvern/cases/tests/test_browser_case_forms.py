"""The risk assessment and the share form in a real browser, used with the mouse only, at
desktop and phone width: every visible option can be clicked, the click selects it, no
question is drawn over the next, nothing is wider than the screen, and what was chosen is
saved."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

from samvern.accounts.testing import login
from samvern.cases.models import Assessment, Share
from samvern.cases.tests.conftest import make_world
from samvern.risk import catalogue

KEY = "samvern-screening-exposed"
WIDTHS = (1280, 390)


def _sign_in(page, base, settings, user) -> None:
    client = login(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def _click_option(page, name: str, value: str) -> None:
    """Click the visible label of one option, as a person would, and check it took."""
    option = page.locator(f'input[name="{name}"][value="{value}"]')
    label = page.locator(f'label[for="{option.get_attribute("id")}"]')
    assert label.is_visible(), (name, value)
    label.click()
    assert option.is_checked(), f"clicking the label of {name}={value} selected nothing"


def _assert_fits_and_nothing_overlaps(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width}px wide at {width}px"
    # Each choice group ends above the next one starts, and each option's label sits
    # inside its own group.
    groups = page.locator("fieldset.choice-group")
    boxes = [groups.nth(index).bounding_box() for index in range(groups.count())]
    assert boxes
    for above, below in itertools.pairwise(boxes):
        assert above["y"] + above["height"] <= below["y"] + 0.5, (above, below)
    for index in range(groups.count()):
        group = groups.nth(index)
        box = boxes[index]
        labels = group.locator(".choice-group__options label")
        for label_index in range(labels.count()):
            label = labels.nth(label_index).bounding_box()
            assert box["y"] <= label["y"] and label["y"] + label["height"] <= (
                box["y"] + box["height"] + 0.5
            ), (index, label_index)
            assert label["x"] + label["width"] <= width


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_a_case_worker_completes_a_risk_assessment_with_the_mouse(
    browser_page, screenshot, settings, tmp_path, width
):
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path)
    page, base = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    world = make_world()
    _sign_in(page, base, settings, world.referrer)
    instrument = catalogue.get_instrument(KEY)

    page.goto(f"{base}/cases/{world.case.pk}/")
    page.get_by_role("link", name="Risikovurdering").click()
    page.get_by_role("link", name=instrument.title["nb"], exact=False).click()
    page.wait_for_url(f"**/assessments/add/?instrument={KEY}")
    # The person the instrument is about is chosen already (the case has one).
    assert page.locator("#id_person").input_value() == str(world.exposed.pk)

    for item in instrument.items:
        answer = "yes" if item.key in ("threats_to_kill", "escalation") else "no"
        if item.key == "isolation":
            answer = "unknown"
        _click_option(page, item.key, answer)
    _click_option(page, "share-visibility", "named")
    _click_option(page, "share-recipients", str(world.crisis.pk))
    page.locator("#id_share-legal_basis").select_option("avert_crime")
    page.locator("#id_share-purpose").click()
    page.locator("#id_share-purpose").fill("Forberede risikokonferanse")
    _assert_fits_and_nothing_overlaps(page, width)
    screenshot(page, f"a-assessment-form-{width}")

    page.get_by_role("button", name="Lagre vurderingen").click()
    page.wait_for_url("**/cases/items/**")
    assessment = Assessment.objects.get(case=world.case)
    assert assessment.person_id == world.exposed.pk
    assert assessment.answers["threats_to_kill"] == "yes"
    assert assessment.answers["isolation"] == "unknown"
    assert assessment.band == "standard" and assessment.qualifies_for_conference
    assert assessment.qualification_reasons == ["critical_item"]
    share = Share.objects.get(item=assessment.item)
    assert list(share.recipients.all()) == [world.crisis]
    body = page.content()
    assert instrument.item("threats_to_kill").text["nb"] in body
    assert "threats_to_kill" not in body
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width
    screenshot(page, f"a-assessment-result-{width}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_a_case_worker_shares_a_note_with_the_mouse(
    browser_page, screenshot, settings, tmp_path, width
):
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path)
    page, base = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    world = make_world()
    _sign_in(page, base, settings, world.referrer)
    item = world.note_private
    assert not Share.objects.filter(item=item).exists()

    page.goto(f"{base}/cases/items/{item.pk}/")
    page.get_by_role("link", name="Del").click()
    page.wait_for_url(f"**/cases/items/{item.pk}/share/")
    _click_option(page, "visibility", "all")
    _click_option(page, "visibility", "named")
    _click_option(page, "recipients", str(world.crisis.pk))
    page.locator("#id_legal_basis").select_option("avert_crime")
    page.locator("#id_purpose").click()
    page.locator("#id_purpose").fill("Sikkerhetsplan sammen med krisesenteret")
    _assert_fits_and_nothing_overlaps(page, width)
    screenshot(page, f"a-share-form-{width}")

    page.get_by_role("button", name="Del").click()
    page.wait_for_url(f"**/cases/items/{item.pk}/")
    share = Share.objects.get(item=item)
    assert share.scope == "named" and share.legal_basis == "avert_crime"
    assert list(share.recipients.all()) == [world.crisis]
    assert "Testkrisesenteret" in page.locator("#shares-heading + ul").inner_text()
    screenshot(page, f"a-share-result-{width}")
