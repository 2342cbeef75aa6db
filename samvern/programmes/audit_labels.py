"""Labels of the programme referrals' audit codes (merged by samvern.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from samvern.audit.kinds import ActionKind

ACTIONS = [
    ("programmes.referral.made", _("Referred a person to a programme"), ActionKind.CASE_CHANGES),
    ("programmes.intake.recorded", _("Recorded a programme intake"), ActionKind.CASE_CHANGES),
    ("programmes.session.recorded", _("Recorded a programme session"), ActionKind.CASE_CHANGES),
    (
        "programmes.referral.ended",
        _("Recorded a programme's completion or drop-out"),
        ActionKind.CASE_CHANGES,
    ),
    ("programmes.referral.viewed", _("Viewed a programme referral"), ActionKind.CASE_READS),
    ("programmes.case.viewed", _("Viewed a case's programme referrals"), ActionKind.CASE_READS),
    (
        "programmes.list.viewed",
        _("Viewed the organisation's programme referrals"),
        ActionKind.CASE_READS,
    ),
]
