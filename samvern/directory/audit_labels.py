"""Labels of the directory's audit codes, merged into the audit catalogue."""

from django.utils.translation import gettext_lazy as _

from samvern.audit.kinds import ActionKind

ACTIONS = [
    ("directory.service.created", _("Added a service to the directory"), ActionKind.PARTNERSHIPS),
    ("directory.service.updated", _("Changed a directory entry"), ActionKind.PARTNERSHIPS),
    ("directory.service.checked", _("Confirmed a directory entry"), ActionKind.PARTNERSHIPS),
    (
        "directory.service.capacity_updated",
        _("Updated a service's free capacity"),
        ActionKind.PARTNERSHIPS,
    ),
    ("directory.settings.published", _("Published the service directory"), ActionKind.PARTNERSHIPS),
    (
        "directory.settings.unpublished",
        _("Withdrew the published service directory"),
        ActionKind.PARTNERSHIPS,
    ),
    ("directory.measure.linked", _("Linked a service to a plan measure"), ActionKind.PARTNERSHIPS),
    (
        "directory.measure.unlinked",
        _("Unlinked a service from a plan measure"),
        ActionKind.PARTNERSHIPS,
    ),
    ("directory.list.exported", _("Exported the service directory"), ActionKind.PARTNERSHIPS),
]
