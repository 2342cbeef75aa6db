"""The demo has notices in every state, and each persona sees what the demo promises."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.db import transaction
from django.test import Client

from samvern.accounts.models import User
from samvern.accounts.testing import login
from samvern.outreach.models import EntryStatus, Notice, QueueEntry


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    settings.DEMO_MODE = True
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path)
    # The demos this one builds on, in the order of samvern.core.demo.DEMO_APPS (the
    # others add nothing outreach reads).
    with transaction.atomic():
        for app in ("accounts", "partnerships", "directory", "cases", "outreach"):
            import_module(f"samvern.{app}.demo").load(today=dt.date.today())


def test_demo_notices_in_every_state(demo):
    """One test: loading the whole demo is slow."""
    crisis = QueueEntry.objects.filter(organisation__name="Bergen krisesenter")
    statuses = sorted(crisis.values_list("status", flat=True))
    assert set(statuses) == {s.value for s in EntryStatus}
    assert statuses.count(EntryStatus.OPEN) == 2
    followed = crisis.get(status=EntryStatus.ALREADY_FOLLOWED)
    assert followed.notice.persons.get().first_name == "Maja"
    referral = crisis.get(status=EntryStatus.REFERRAL_MADE)
    assert referral.case is not None
    assert referral.case.referred_by.username == "lars.politi"

    nina = login(Client(), User.objects.get(username="nina.krisesenter"))
    queue = nina.get("/outreach/").content.decode()
    assert queue.count('data-status="overdue"') == 1
    assert 'data-status="already_followed"' in queue
    assert "Silje Brekkhus" in queue and "Jonas" not in queue
    done = nina.get("/outreach/?tab=done").content.decode()
    for status in ("reached", "declined", "not_reached", "referred_on", "referral_made"):
        assert f'data-status="{status}"' in done

    lars = login(Client(), User.objects.get(username="lars.politi"))
    assert lars.get("/outreach/notices/").content.decode().count("/outreach/notices/") >= 8
    hanne = login(Client(), User.objects.get(username="hanne.koordinator"))
    home = hanne.get("/").content.decode()
    assert "har passert fristen for første kontakt" in home
    anders = login(Client(), User.objects.get(username="anders.barnevern"))
    child_queue = anders.get("/outreach/").content.decode()
    assert "Jonas Brekkhus" in child_queue and "Silje" not in child_queue
    notice = Notice.objects.get(persons__first_name="Rita")
    assert anders.get(f"/outreach/notices/{notice.pk}/").status_code == 404
