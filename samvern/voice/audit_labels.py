"""Labels of the victim's voice's audit codes (merged by samvern.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from samvern.audit.kinds import ActionKind

ACTIONS = [
    (
        "voice.wishes.recorded",
        _("Recorded the wishes of a person exposed"),
        ActionKind.CASE_CHANGES,
    ),
    ("voice.advocate.appointed", _("Named an advocate"), ActionKind.CASE_CHANGES),
    ("voice.advocate.ended", _("Ended an advocate's task"), ActionKind.CASE_CHANGES),
    ("voice.case.viewed", _("Viewed the wishes and advocate in a case"), ActionKind.CASE_READS),
]
