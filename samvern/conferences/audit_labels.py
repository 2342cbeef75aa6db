"""Labels of the conference codes added with the victim's voice at the meeting and the
outcome follow-up (the earlier conference codes are labelled in samvern/audit/labels.py)."""

from django.utils.translation import gettext_lazy as _

from samvern.audit.kinds import ActionKind

ACTIONS = [
    (
        "conference.voice.viewed",
        _("Viewed the wishes and advocate of an agenda case"),
        ActionKind.CASE_READS,
    ),
    (
        "conference.voice.wishes_heard_saved",
        _("Recorded whether her wishes were heard"),
        ActionKind.CASE_CHANGES,
    ),
    ("conference.followup.recorded", _("Recorded an outcome follow-up"), ActionKind.CASE_CHANGES),
    ("conference.followup.viewed", _("Viewed a case's outcome follow-up"), ActionKind.CASE_READS),
    (
        "conference.followup.due_listed",
        _("Viewed the outcome follow-ups due"),
        ActionKind.CASE_READS,
    ),
    (
        "conference.followup.settings_changed",
        _("Changed the partnership's follow-up months"),
        ActionKind.PARTNERSHIPS,
    ),
]
