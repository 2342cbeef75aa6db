"""A browser test's signed-in people: one Playwright page per user (a second user gets
their own browser context, so sessions never mix), and the checks every page gets — axe
(serious and critical violations), nothing wider than the screen and no form field drawn
over another, at 1,280 and 390 px — with full-page screenshots to look at."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.test import Client

from samvern.accounts.models import User
from samvern.accounts.testing import login

if TYPE_CHECKING:
    from playwright.sync_api import Page

WIDTHS = (1280, 390)

# Visible form controls in <main>, with their boxes in page coordinates.
_CONTROL_BOXES = """() => [...document.querySelectorAll(
        'main input:not([type=hidden]), main select, main textarea, main button')]
    .filter(e => e.checkVisibility())
    .map(e => [e.getBoundingClientRect(), e.id || e.name || e.textContent.trim()])
    .filter(([r]) => r.width > 0 && r.height > 0)
    .map(([r, n]) => ({x: r.x, y: r.y + window.scrollY, w: r.width, h: r.height, n}))"""


# A mark on the current document; a new document does not have it.
_MARK = "window.__samvernEarlierDocument = true"
_NEW_DOCUMENT = (
    "() => window.__samvernEarlierDocument === undefined && document.readyState === 'complete'"
)


@contextmanager
def navigates(page: Page, timeout: float | None = None) -> Iterator[None]:
    """Wait, after the block, until a new document has loaded (a form's answer, a link).

    Playwright's `expect_navigation` can miss a navigation that starts while it is being
    set up and then waits forever; marking the current document and waiting until the
    page no longer carries the mark cannot, and it also holds for a redirect back to the
    same address."""
    page.evaluate(_MARK)
    yield
    page.wait_for_function(_NEW_DOCUMENT, timeout=timeout)


class BrowserSession:
    def __init__(
        self, page: Page, base: str, axe: Callable[[Page], list[dict[str, object]]], shots: Path
    ):
        browser = page.context.browser
        assert browser is not None, "the page belongs to a launched browser"
        self.browser = browser
        self.base = base
        self.axe = axe
        self.shots = shots
        self.first = page
        self.pages: dict[object, Page] = {}
        self.problems: list[str] = []
        shots.mkdir(parents=True, exist_ok=True)

    def as_user(self, user: User) -> Page:
        if user.pk not in self.pages:
            if not self.pages:
                page = self.first
            else:
                context = self.browser.new_context(
                    viewport={"width": 1280, "height": 900}, locale="nb-NO", reduced_motion="reduce"
                )
                page = context.new_page()
            cookie = login(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
            page.context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": self.base}]
            )
            self.pages[user.pk] = page
        return self.pages[user.pk]

    def go(self, user: User, path: str) -> Page:
        page = self.as_user(user)
        response = page.goto(self.base + path)
        assert response is not None and response.status == 200, (path, response)
        return page

    def check(self, page: Page, name: str, *, widths: tuple[int, ...] = WIDTHS) -> None:
        """axe-core, the width and overlap checks and a screenshot at each of `widths`."""
        for width in widths:
            page.set_viewport_size({"width": width, "height": 900})
            for found in self.axe(page):
                self.problems.append(f"{name} at {width}: {found['id']} {found['nodes']}")
            self._fits(page, name, width)
            page.screenshot(path=str(self.shots / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    def _fits(self, page: Page, name: str, width: int) -> None:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            self.problems.append(f"{name} at {width} px is {scroll} px wide")
        boxes = page.evaluate(_CONTROL_BOXES)
        for a, b in itertools.combinations(boxes, 2):
            dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if dx > 1 and dy > 1:
                self.problems.append(f"{name} at {width} px: {a['n']!r} over {b['n']!r}")
        for box in boxes:
            if box["x"] + box["w"] > width + 0.5 or box["x"] < -0.5:
                self.problems.append(f"{name} at {width} px: {box['n']!r} is off the screen")
