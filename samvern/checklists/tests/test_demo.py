"""The demo: in the police's case of Ingvild Sæterbakken each agency taking part has its
checklist, with some duties ticked and one marked not applicable with a reason; each
agency's case worker sees their own and no other."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.test import Client

from samvern.accounts.models import User
from samvern.accounts.testing import login
from samvern.checklists.demo import _case
from samvern.checklists.models import Checklist, ItemStatus


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    settings.DEMO_MODE = True
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path)
    today = dt.date.today()
    # The apps this demo builds on, in the order of samvern.core.demo.DEMO_APPS.
    for app in ("accounts", "partnerships", "cases", "checklists"):
        import_module(f"samvern.{app}.demo").load(today=today)


@pytest.mark.django_db
def test_each_agency_in_the_first_demo_case_has_its_checklist(demo):
    case = _case()
    assert case is not None
    checklists = Checklist.objects.filter(case=case).select_related("organisation")
    by_organisation = {c.organisation.name: c for c in checklists}
    taking_part = set(
        case.participants.filter(removed_on__isnull=True).values_list(
            "organisation__name", flat=True
        )
    )
    assert set(by_organisation) == taking_part
    assert {"Vest politidistrikt", "Bergen krisesenter", "Barneverntjenesten i Bergen"} <= (
        taking_part
    )
    assert by_organisation["Vest politidistrikt"].template_key == "samvern-duties-police"
    for checklist in checklists:
        statuses = list(checklist.items.values_list("status", flat=True))
        assert statuses.count(ItemStatus.DONE) == 3
        assert statuses.count(ItemStatus.NOT_APPLICABLE) == 1
        assert ItemStatus.OPEN in statuses
        skipped = checklist.items.get(status=ItemStatus.NOT_APPLICABLE)
        assert skipped.reason
        assert checklist.facts["children"] is True
        assert checklist.facts["custody_release"] is True
    police = by_organisation["Vest politidistrikt"]
    assert police.items.filter(item_key="custody_release_notice").exists()
    assert (
        not by_organisation["Bergen krisesenter"]
        .items.filter(item_key="custody_release_notice")
        .exists()
    )

    # Loading again changes nothing.
    import_module("samvern.checklists.demo").load(today=dt.date.today())
    assert Checklist.objects.filter(case=case).count() == len(taking_part)

    # Each agency's case worker sees their own checklist only.
    lars = login(Client(), User.objects.get(username="lars.politi"))
    page = lars.get(f"/checklists/cases/{case.pk}/").content.decode()
    assert police.items.first().text["nb"] in page
    nina = login(Client(), User.objects.get(username="nina.krisesenter"))
    assert nina.get(f"/checklists/{police.pk}/").status_code == 404
    assert nina.get(f"/checklists/cases/{case.pk}/").status_code == 200
