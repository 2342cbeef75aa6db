"""Labels of the training app's audit codes, merged into the audit catalogue."""

from django.utils.translation import gettext_lazy as _

from samvern.audit.kinds import ActionKind

ACTIONS = [
    ("training.event.created", _("Registered a training event"), ActionKind.PARTNERSHIPS),
    ("training.event.updated", _("Corrected a training event"), ActionKind.PARTNERSHIPS),
    ("training.event.deleted", _("Removed a training event"), ActionKind.PARTNERSHIPS),
    ("training.participant.added", _("Registered a course participant"), ActionKind.PARTNERSHIPS),
    ("training.record.added", _("Registered a completed course"), ActionKind.PARTNERSHIPS),
    ("training.role.saved", _("Saved a target role for training"), ActionKind.PARTNERSHIPS),
    (
        "training.staff.added",
        _("Added a staff member to the training records"),
        ActionKind.PARTNERSHIPS,
    ),
    ("training.staff.left", _("Marked a staff member as gone"), ActionKind.PARTNERSHIPS),
    ("training.staff.returned", _("Marked a staff member as back"), ActionKind.PARTNERSHIPS),
    ("training.plan.saved", _("Saved a training plan"), ActionKind.PARTNERSHIPS),
    ("training.plan.course_added", _("Added a course to a training plan"), ActionKind.PARTNERSHIPS),
]
