"""The demo: Ingvild Sæterbakken's safety plan in its second version (police, then the
crisis centre), readable by the agencies in the case, with no address on paper."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import transaction
from django.test import Client
from pypdf import PdfReader

from samvern.accounts.models import User
from samvern.accounts.testing import login
from samvern.core.demo import demo_modules
from samvern.safetyplans.models import SafetyPlan


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    """The demo up to and including the safety plans (the apps after it build on it)."""
    settings.DEMO_MODE = True
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path)
    with transaction.atomic():
        for module in demo_modules():
            module.load(today=dt.date.today())
            if module.__name__ == "samvern.safetyplans.demo":
                break


@pytest.mark.django_db
def test_the_demo_plan_is_in_its_second_version(demo):
    plan = SafetyPlan.objects.select_related("person").get(person__first_name="Ingvild")
    assert plan.person.protected_address
    v1, v2 = plan.versions.order_by("number").select_related("organisation")
    assert v1.organisation.name == "Vest politidistrikt"
    assert v2.organisation.name == "Bergen krisesenter"
    assert v1.plan_content.alarms.personal_alarm == "applied"
    assert v2.plan_content.alarms.personal_alarm == "issued"
    assert {c.organisation.name for c in v2.plan_content.agencies.commitments} == {
        "Vest politidistrikt",
        "Barneverntjenesten i Bergen",
        "Legevakten i Bergen",
        "Bergen krisesenter",
    }
    assert v2.note

    nina = login(Client(), User.objects.get(username="nina.krisesenter"))
    page = nina.get(f"/safety-plans/persons/{plan.person_id}/")
    assert page.status_code == 200
    assert "Fiktivveien" not in page.content.decode()
    compare = nina.get(f"/safety-plans/persons/{plan.person_id}/compare/")
    assert compare.status_code == 200 and "Legevakten i Bergen" in compare.content.decode()
    pdf = nina.get(f"/safety-plans/persons/{plan.person_id}/safety-plan.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Fiktivveien" not in text and "5089" not in text
    assert "Bergen krisesenter —" in text

    # The emergency clinic (it joined the case for the plan) reads it; NAV, a member of
    # the partnership not taking part in the case, does not.
    eva = login(Client(), User.objects.get(username="eva.legevakt"))
    assert eva.get(f"/safety-plans/persons/{plan.person_id}/").status_code == 200
    jon = login(Client(), User.objects.get(username="jon.nav"))
    assert jon.get(f"/safety-plans/persons/{plan.person_id}/").status_code == 404
