"""Governance's bokmål is what its pages show. Django merges every app's catalogue and the
first app in INSTALLED_APPS wins a msgid, so a governance text that an earlier app
translates otherwise ("Commitment": the safety plans' "Tiltak") is shown in the earlier
app's wording. Such texts carry the context "governance"; these tests keep it so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.governance.tests.world import World, commit, make_world

DAY = dt.date(2027, 3, 10)
ROOT = Path(settings.BASE_DIR)


def _catalogue(path: Path) -> dict[tuple[str | None, str], str]:
    if not path.exists():
        return {}
    return {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0, "")
        for entry in polib.pofile(str(path))
        if entry.translated() and "fuzzy" not in entry.flags and not entry.obsolete
    }


def test_no_governance_text_is_shadowed_by_an_earlier_app() -> None:
    earlier: dict[tuple[str | None, str], tuple[str, str]] = {}
    sources = [
        (str(path), Path(path) / "nb/LC_MESSAGES/django.po") for path in settings.LOCALE_PATHS
    ]
    for app in settings.INSTALLED_APPS:
        if app == "samvern.governance":
            break
        if app.startswith("samvern."):
            sources.append((app, ROOT / app.replace(".", "/") / "locale/nb/LC_MESSAGES/django.po"))
    for source, path in sources:
        for key, text in _catalogue(path).items():
            earlier.setdefault(key, (source, text))
    ours = _catalogue(ROOT / "samvern/governance/locale/nb/LC_MESSAGES/django.po")
    shadowed = {
        key[1]: (text, earlier[key])
        for key, text in ours.items()
        if key in earlier and earlier[key][1] != text
    }
    assert shadowed == {}


@pytest.mark.django_db
def test_the_pages_say_commitment_decision_and_organisation_as_governance_does() -> None:
    world: World = make_world(day=DAY)
    commit(world, world.meetings[0])
    client = login(Client(), world.people["coordinator"])
    assert world.body is not None
    body = client.get(reverse("governance:body", args=[world.body.pk])).content.decode()
    assert '<th scope="col">Forpliktelse</th>' in body
    assert "Tiltak" not in body
    assert '<h2 class="ds-heading" data-size="md">Vedtak</h2>' in body
    assert "Beslutninger" not in body
    assert '<th scope="col">Virksomhet</th>' in body
    meeting = client.get(reverse("governance:meeting", args=[world.meetings[0].pk]))
    page = meeting.content.decode()
    assert "Vara for" in page and "Stedfortreder for" not in page
