"""Labels of the audit codes that the agreements app writes."""

from django.utils.translation import gettext_lazy as _

from samvern.audit.kinds import ActionKind

ACTIONS = [
    ("agreements.document.created", _("Added an agreement document"), ActionKind.PARTNERSHIPS),
    ("agreements.document.updated", _("Changed an agreement document"), ActionKind.PARTNERSHIPS),
    (
        "agreements.draft.saved",
        _("Wrote a draft of an agreement document"),
        ActionKind.PARTNERSHIPS,
    ),
    (
        "agreements.version.put_in_force",
        _("Put a version of an agreement document in force"),
        ActionKind.PARTNERSHIPS,
    ),
    ("agreements.signoff.recorded", _("Signed an agreement document"), ActionKind.PARTNERSHIPS),
    (
        "agreements.measures.linked",
        _("Linked an agreement document to plan measures"),
        ActionKind.PARTNERSHIPS,
    ),
]
