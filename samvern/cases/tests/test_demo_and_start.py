"""The demo loads a partnership with several members and cases at different states, one
with a protected address; the menu shows the case layer only to case roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from samvern.accounts.models import User
from samvern.accounts.testing import login
from samvern.cases.models import Case, Consent, Person, Share
from samvern.core.demo import load_demo


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    settings.DEMO_MODE = True
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path)
    load_demo(today=dt.date.today())


@pytest.mark.django_db
def test_demo_cases_and_who_sees_them(demo):
    """One test: loading the whole demo is slow, so it is loaded once."""
    cases = Case.objects.filter(partnership__name="Risikokonferanse Bergen og Askøy")
    assert cases.count() >= 5
    assert cases.values("state").distinct().count() >= 4
    assert cases.filter(is_repeat=True).exists()
    assert Person.objects.filter(protected_address=True).exists()
    assert Consent.objects.filter(withdrawn_at__isnull=False).exists()
    assert Share.objects.values("legal_basis").distinct().count() >= 3
    assert cases.first().partnership.members.count() >= 4

    # The coordinator sees the crisis centre's case summary, not its content.
    case = Case.objects.get(referring_organisation__name="Bergen krisesenter")
    client = login(Client(), User.objects.get(username="hanne.koordinator"))
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/cases/{case.pk}/summary/").status_code == 200

    # The menu shows the case layer only to case roles.
    worker = login(Client(), User.objects.get(username="lars.politi"))
    assert 'href="/cases/"' in worker.get("/").content.decode()
    admin = login(Client(), User.objects.get(username="ingrid.admin"))
    assert 'href="/cases/"' not in admin.get("/").content.decode()
    analyst = login(Client(), User.objects.get(username="silje.analytiker"))
    assert 'href="/cases/"' not in analyst.get("/").content.decode()
