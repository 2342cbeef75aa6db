"""Referral pages in a real browser at 1280 and 390 px: "referrals to us", the accept form,
the case page with a pending referral and "my referrals"; screenshots into
/tmp/shots/referrals/ (or SAMVERN_REFERRAL_SHOTS)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client

from samvern.accounts.testing import login
from samvern.cases.tests.conftest import make_world

SHOTS = Path(os.environ.get("SAMVERN_REFERRAL_SHOTS", "/tmp/shots/referrals"))


def _as(page, base, settings, user) -> None:
    client = login(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_referral_pages_fit_the_screen(browser_page, settings, tmp_path, width):
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path)
    page, base = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    world = make_world()
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = [
        (world.pending_worker, "/cases/referrals/", "to-us"),
        (world.pending_worker, f"/cases/referrals/{world.pending_referral.pk}/accept/", "accept"),
        (world.participant, f"/cases/{world.case.pk}/", "case-page"),
        (world.referrer, "/cases/referrals/mine/", "mine"),
    ]
    for user, path, name in pages:
        _as(page, base, settings, user)
        page.goto(f"{base}{path}")
        assert page.locator("h1").is_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{name} at {width} px scrolls sideways by {overflow} px"
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
