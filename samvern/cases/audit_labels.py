"""Labels of the case layer's referral and feedback events (the older case-layer codes are
labelled in `samvern/audit/labels.py`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from samvern.audit.kinds import ActionKind

ACTIONS = [
    ("cases.referral.accepted", _("Accepted a referral to a case"), ActionKind.CASE_CHANGES),
    ("cases.referral.declined", _("Declined a referral to a case"), ActionKind.CASE_CHANGES),
    ("cases.referral.withdrawn", _("Withdrew a referral to a case"), ActionKind.CASE_CHANGES),
    (
        "cases.referral.feedback_recorded",
        _("Recorded an update for the referrer"),
        ActionKind.CASE_CHANGES,
    ),
    (
        "cases.referral.feedback_emailed",
        _("E-mailed an update to the referrer"),
        ActionKind.CASE_CHANGES,
    ),
    (
        "cases.referral_settings.updated",
        _("Changed the deadline for answering referrals"),
        ActionKind.PARTNERSHIPS,
    ),
    ("cases.referral.viewed", _("Viewed a referral"), ActionKind.CASE_READS),
    (
        "cases.referrals.to_us_viewed",
        _("Viewed the referrals to the organisation"),
        ActionKind.CASE_READS,
    ),
    (
        "cases.referrals.mine_viewed",
        _("Viewed the organisation's referrals"),
        ActionKind.CASE_READS,
    ),
]
