"""The protection demo, loaded the way `make run` loads it: what lars.politi (police) and
nina.krisesenter (crisis centre) find on their lists, and that an outsider finds nothing."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from samvern.accounts.models import User
from samvern.accounts.testing import login
from samvern.protection.models import CustodyRelease, MeasureKind, ProtectiveMeasure, Reassessment


@pytest.fixture(scope="module")
def demo(shared_db, django_db_blocker, tmp_path_factory) -> Iterator[str]:
    out = io.StringIO()
    files = str(tmp_path_factory.mktemp("files"))
    with override_settings(DEMO_MODE=True, SAMVERN_CASE_FILES_DIR=files), shared_db():
        call_command("load_demo", stdout=out)
        yield out.getvalue()


def _page(username: str, path: str) -> str:
    client = login(Client(), User.objects.get(username=username))
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_demo_has_measures_ending_soon_an_ended_stay_and_a_release(demo):
    today = timezone.localdate()
    alarm = ProtectiveMeasure.objects.get(kind=MeasureKind.PERSONAL_ALARM)
    order = ProtectiveMeasure.objects.get(kind=MeasureKind.RESTRAINING_ORDER)
    stay = ProtectiveMeasure.objects.get(kind=MeasureKind.SHELTER_STAY)
    assert alarm.person.first_name == order.person.first_name == "Ingvild"
    assert 0 < (alarm.ends_on - today).days <= 14
    assert 0 < (order.ends_on - today).days <= 14
    assert stay.ended_on == today - dt.timedelta(days=5)
    release = CustodyRelease.objects.get()
    assert release.person.first_name == "Stian" and release.release_on > today
    assert Reassessment.objects.filter(due_on__lt=today).exists()


@pytest.mark.django_db
def test_the_police_see_their_measures_and_the_overdue_reassessment_in_bokmal(demo):
    page = _page("lars.politi", "/protection/")
    assert "Ingvild Sæterbakken" in page
    assert "Utløper om 9 dager" in page and "Utløper om 12 dager" in page
    # The crisis centre's shelter stay is not the police's to follow.
    assert "Maja Lindtveit" not in page
    due = _page("lars.politi", "/protection/reassessments/")
    assert "4 dager over fristen" in due


@pytest.mark.django_db
def test_the_crisis_centre_sees_the_ended_shelter_stay(demo):
    page = _page("nina.krisesenter", "/protection/")
    assert "Maja Lindtveit" in page
    assert "Avsluttet" in page
    assert "Roar Kvamsdal" not in page


@pytest.mark.django_db
def test_a_planner_without_case_roles_finds_no_measure(demo):
    client = login(Client(), User.objects.get(username="kari.planlegger"))
    measure = ProtectiveMeasure.objects.get(kind=MeasureKind.PERSONAL_ALARM)
    response = client.get(f"/protection/measure/{measure.pk}/")
    assert response.status_code == 404
    assert "Ingvild" not in response.content.decode()
