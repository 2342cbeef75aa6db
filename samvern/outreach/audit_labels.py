"""What the outreach queue's audit action codes mean (merged into the audit registry)."""

from django.utils.translation import gettext_lazy as _

from samvern.audit.kinds import ActionKind

ACTIONS = [
    (
        "outreach.settings.changed",
        _("Changed a partnership's outreach settings"),
        ActionKind.PARTNERSHIPS,
    ),
    ("outreach.notice.registered", _("Registered an incident notice"), ActionKind.CASE_CHANGES),
    ("outreach.notice.viewed", _("Viewed an incident notice"), ActionKind.CASE_READS),
    ("outreach.queue.viewed", _("Viewed the outreach queue"), ActionKind.CASE_READS),
    (
        "outreach.notices.listed",
        _("Viewed the incident notices the organisation registered"),
        ActionKind.CASE_READS,
    ),
    (
        "outreach.attempt.recorded",
        _("Recorded a contact attempt after an incident notice"),
        ActionKind.CASE_CHANGES,
    ),
    (
        "outreach.notice.referred",
        _("Turned an incident notice into a case referral"),
        ActionKind.CASE_CHANGES,
    ),
]
