"""What the browser tests of the partnership's pages check on every page they visit: axe
(no serious or critical violation), nothing wider than the screen and no form field drawn
over another, at 1,280 and 390 px, with a screenshot at each width to look at."""

from __future__ import annotations

import itertools
from pathlib import Path

from django.conf import settings
from django.test import Client

from samvern.accounts.models import User
from samvern.accounts.testing import login

WIDTHS = (1280, 390)
FIELDS = "main input:not([type=hidden]), main select, main textarea, main button"


def sign_in(page, base: str, user: User) -> None:
    """A session for `user` in the browser, with the second factor verified (as after the
    TOTP step)."""
    page.context.clear_cookies()
    cookie = login(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


class PageCheck:
    def __init__(self, axe, shots: Path) -> None:
        self.axe = axe
        self.shots = shots
        self.problems: list[str] = []
        shots.mkdir(parents=True, exist_ok=True)

    def __call__(self, page, name: str) -> None:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for found in self.axe(page):
                self.problems.append(f"{name} at {width}: {found['id']} {found['nodes']}")
            self._fits(page, name, width)
            page.screenshot(path=str(self.shots / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    def _fits(self, page, name: str, width: int) -> None:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            self.problems.append(f"{name} at {width} px is {scroll} px wide")
        boxes = page.evaluate(
            """(fields) => [...document.querySelectorAll(fields)]
                .filter(e => e.checkVisibility())
                .map(e => [e.getBoundingClientRect(), e.id || e.name || e.textContent.trim()])
                .filter(([r]) => r.width > 0 && r.height > 0)
                .map(([r, n]) => ({x: r.x, y: r.y + scrollY, w: r.width, h: r.height, n}))""",
            FIELDS,
        )
        for a, b in itertools.combinations(boxes, 2):
            dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if dx > 1 and dy > 1:
                self.problems.append(f"{name} at {width} px: {a['n']!r} over {b['n']!r}")
        for box in boxes:
            if box["x"] + box["w"] > width + 0.5 or box["x"] < -0.5:
                self.problems.append(f"{name} at {width} px: {box['n']!r} is off the screen")
