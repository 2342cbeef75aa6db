"""Labels of the audit codes that the surveys app writes."""

from django.utils.translation import gettext_lazy as _

from samvern.audit.kinds import ActionKind

ACTIONS = [
    ("surveys.round.opened", _("Opened a partner survey round"), ActionKind.PARTNERSHIPS),
    ("surveys.round.closed", _("Closed a partner survey round"), ActionKind.PARTNERSHIPS),
    ("surveys.response.submitted", _("Answered a partner survey"), ActionKind.PARTNERSHIPS),
]
