"""Labels of the audit codes that the plans app adds for each council's own terms (the
older plans codes are labelled in `samvern/audit/labels.py`)."""

from django.utils.translation import gettext_lazy as _

from samvern.audit.kinds import ActionKind

ACTIONS = [
    (
        "plans.council_mandate.created",
        _("Recorded a council's mandate for a plan"),
        ActionKind.PLANS,
    ),
    (
        "plans.council_mandate.updated",
        _("Corrected a council's mandate for a plan"),
        ActionKind.PLANS,
    ),
    ("plans.version.frozen", _("Froze a plan's text for adoption"), ActionKind.PLANS),
    ("plans.version.unfrozen", _("Unfroze a plan's text"), ActionKind.PLANS),
    (
        "plans.adoption.amended",
        _("Changed a plan's text after a council adopted it"),
        ActionKind.PLANS,
    ),
    (
        "plans.adoption.readopted",
        _("Recorded a council's new adoption of an amended plan"),
        ActionKind.PLANS,
    ),
    (
        "plans.adoption.superseded",
        _("Replaced a council's adoption by its adoption of a later version"),
        ActionKind.PLANS,
    ),
    (
        "plans.round.narrative_saved",
        _("Wrote the summary and recommendation of a reporting round"),
        ActionKind.PLANS,
    ),
    # The guideline's steps beside the plan text (samvern/plans/services/guideline.py).
    ("plans.initiative.created", _("Recorded a plan's initiative"), ActionKind.PLANS),
    ("plans.initiative.updated", _("Changed a plan's initiative"), ActionKind.PLANS),
    ("plans.steering_group.member_added", _("Added a steering-group member"), ActionKind.PLANS),
    (
        "plans.steering_group.member_updated",
        _("Changed a steering-group member"),
        ActionKind.PLANS,
    ),
    (
        "plans.steering_group.member_removed",
        _("Removed a steering-group member"),
        ActionKind.PLANS,
    ),
    ("plans.involvement.added", _("Recorded who was heard for a plan"), ActionKind.PLANS),
    (
        "plans.involvement.updated",
        _("Changed a record of who was heard for a plan"),
        ActionKind.PLANS,
    ),
    (
        "plans.involvement.deleted",
        _("Removed a record of who was heard for a plan"),
        ActionKind.PLANS,
    ),
    (
        "plans.communication.item_added",
        _("Added an item to a plan's communication plan"),
        ActionKind.PLANS,
    ),
    (
        "plans.communication.item_updated",
        _("Changed an item of a plan's communication plan"),
        ActionKind.PLANS,
    ),
    (
        "plans.communication.item_deleted",
        _("Removed an item of a plan's communication plan"),
        ActionKind.PLANS,
    ),
    (
        "plans.quality_review.recorded",
        _("Recorded a plan's external quality review"),
        ActionKind.PLANS,
    ),
    (
        "plans.quality_review.updated",
        _("Changed a plan's external quality review"),
        ActionKind.PLANS,
    ),
]
