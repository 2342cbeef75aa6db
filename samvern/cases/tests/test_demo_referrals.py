"""The demo's referrals: lars.politi's accepted, declined and pending referrals with their
updates, and an overdue one; loaded from the apps up to the case layer."""

from __future__ import annotations

import pytest
from django.utils import timezone

from samvern.cases.models import CaseParticipant, FeedbackKind, ReferralFeedback, ReferralStatus


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    from samvern.accounts import demo as accounts_demo
    from samvern.cases import demo as cases_demo
    from samvern.partnerships import demo as partnerships_demo

    settings.DEMO_MODE = True
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path / "case-files")
    today = timezone.localdate()
    for module in (accounts_demo, partnerships_demo, cases_demo):
        module.load(today=today)
    return today


def test_the_demo_has_every_kind_of_referral_for_lars(demo):
    from_lars = CaseParticipant.objects.filter(added_by__username="lars.politi").exclude(
        organisation__name="Vest politidistrikt"
    )
    statuses = set(from_lars.values_list("status", flat=True))
    assert {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.PENDING} <= statuses
    kinds = set(
        ReferralFeedback.objects.filter(referral__added_by__username="lars.politi").values_list(
            "kind", flat=True
        )
    )
    assert {FeedbackKind.ACCEPTED, FeedbackKind.DECLINED} <= kinds
    overdue = [r for r in CaseParticipant.objects.filter(status="pending") if r.is_overdue(demo)]
    assert len(overdue) == 1
