"""Labels of the governance app's audit action codes (read by samvern.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from samvern.audit.kinds import ActionKind

K = ActionKind.PARTNERSHIPS

ACTIONS = [
    ("governance.profile.updated", _("Updated a partnership's profile"), K),
    ("governance.funding.added", _("Added a funding source of a partnership"), K),
    ("governance.funding.removed", _("Removed a funding source of a partnership"), K),
    ("governance.body.created", _("Set up a steering body"), K),
    ("governance.body.updated", _("Changed a steering body"), K),
    ("governance.body_member.added", _("Added an organisation to a body"), K),
    ("governance.body_member.ended", _("Registered an organisation leaving a body"), K),
    ("governance.representative.added", _("Named a representative on a body"), K),
    ("governance.representative.removed", _("Removed a representative from a body"), K),
    ("governance.required_role.added", _("Declared a role a body must have"), K),
    ("governance.required_role.updated", _("Changed who covers a body's required role"), K),
    ("governance.meeting.scheduled", _("Scheduled a meeting of a body"), K),
    ("governance.series.created", _("Scheduled recurring meetings of a body"), K),
    ("governance.meeting.cancelled", _("Cancelled a meeting of a body"), K),
    ("governance.meeting.held", _("Recorded a meeting of a body as held"), K),
    ("governance.item.added", _("Added an item to a meeting's agenda"), K),
    ("governance.item.minutes_recorded", _("Wrote the minutes of an agenda item"), K),
    ("governance.minutes.approved", _("Approved the minutes of a meeting"), K),
    ("governance.paper.uploaded", _("Uploaded a paper for a meeting"), K),
    ("governance.attendance.recorded", _("Recorded attendance at a meeting"), K),
    ("governance.decision.recorded", _("Recorded a decision of a body"), K),
    ("governance.commitment.created", _("Recorded a commitment"), K),
    ("governance.commitment.status_recorded", _("Recorded the status of a commitment"), K),
    ("governance.calendar.created", _("Made a governance calendar address"), K),
    ("governance.calendar.replaced", _("Replaced a governance calendar address"), K),
    ("governance.calendar.revoked", _("Stopped a governance calendar address"), K),
    ("governance.calendar.fetched", _("A governance calendar was fetched"), K),
    ("governance.reminder.sent", _("Sent a commitment reminder"), K),
]
