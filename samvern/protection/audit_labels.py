"""What the protection app's audit action codes mean (merged into the audit registry)."""

from django.utils.translation import gettext_lazy as _

from samvern.audit.kinds import ActionKind

ACTIONS = [
    ("protection.measure.added", _("Recorded a protective measure"), ActionKind.CASE_CHANGES),
    ("protection.measure.changed", _("Changed a protective measure"), ActionKind.CASE_CHANGES),
    (
        "protection.measure.ended",
        _("Marked a protective measure as ended"),
        ActionKind.CASE_CHANGES,
    ),
    ("protection.measure.viewed", _("Viewed a protective measure"), ActionKind.CASE_READS),
    (
        "protection.measures.viewed",
        _("Viewed a case's protective measures and release dates"),
        ActionKind.CASE_READS,
    ),
    (
        "protection.measures.listed",
        _("Viewed the protective measures the organisation is responsible for"),
        ActionKind.CASE_READS,
    ),
    ("protection.release.added", _("Recorded an expected release date"), ActionKind.CASE_CHANGES),
    ("protection.release.changed", _("Changed an expected release date"), ActionKind.CASE_CHANGES),
    ("protection.release.viewed", _("Viewed an expected release date"), ActionKind.CASE_READS),
    (
        "protection.releases.listed",
        _("Viewed the release dates the organisation is responsible for"),
        ActionKind.CASE_READS,
    ),
    (
        "protection.reassessment.scheduled",
        _("Proposed a reassessment date from the instrument's default"),
        ActionKind.CASE_CHANGES,
    ),
    ("protection.reassessment.date_set", _("Set a reassessment date"), ActionKind.CASE_CHANGES),
    ("protection.reassessment.viewed", _("Viewed a reassessment date"), ActionKind.CASE_READS),
    (
        "protection.reassessments.listed",
        _("Viewed the reassessments due in the organisation"),
        ActionKind.CASE_READS,
    ),
    (
        "protection.reassessment.prompted",
        _("A new incident or a repeat referral prompted a reassessment"),
        ActionKind.CASE_CHANGES,
    ),
    (
        "protection.case_panel.viewed",
        _("Viewed the protection panel on a case page"),
        ActionKind.CASE_READS,
    ),
    (
        "protection.reminder.sent",
        _("Sent a reminder about a protective measure, release date or reassessment"),
        ActionKind.CASE_CHANGES,
    ),
]
