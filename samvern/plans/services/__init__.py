"""Writes for the plan lifecycle: keyword-only, typed, atomic, audited.

Every service takes the actor, checks the lifecycle rule it enforces, raises
ValidationError with a translated message when the rule is broken (the transaction then
changes nothing) and writes one audit event per change. The services live in one module
per job; this package names them all, so callers import from `samvern.plans.services`:

* `versions` — plans, co-ownership, transitions, the plan period, accepted quality
  warnings, adoption by each council, revision;
* `content` — mandate and working group, mapping, focus areas, goals, measures, import;
* `consultation` — the consultation period, responses and their weighing;
* `implementation` — reporting rounds, status reports, evaluations;
* `indicators` — measurements of the goals' indicators over time;
* `councils` — each owning municipality's mandate, freezing the text for adoption,
  adopting an amended text again, supersession for one municipality at a time.
"""

from samvern.plans.services.common import (
    CLOSED_STATUSES,
    CONTENT_LOCKED,
    content_is_open,
    version_settings,
)
from samvern.plans.services.consultation import (
    add_consultation_response,
    save_consultation,
    weigh_response,
)
from samvern.plans.services.content import (
    ImportResult,
    add_milestone,
    add_working_group_member,
    delete_goal,
    delete_measure,
    import_measures,
    remove_working_group_member,
    renumber_measures,
    save_area_choices,
    save_goal,
    save_mandate,
    save_mapping,
    save_measure,
)
from samvern.plans.services.council_report import save_round_narrative
from samvern.plans.services.councils import (
    freeze_version,
    save_council_mandate,
    unfreeze_version,
)
from samvern.plans.services.implementation import (
    can_report_on,
    close_reporting_round,
    create_reporting_round,
    open_reporting_round,
    report_status,
    save_evaluation,
)
from samvern.plans.services.indicators import delete_measurement, save_measurement
from samvern.plans.services.versions import (
    ALLOWED_TRANSITIONS,
    MissingStep,
    answer_invitation,
    create_plan,
    invite_co_owner,
    missing_step,
    record_adoption,
    record_warning_reason,
    revise_version,
    transition_version,
    update_version_plan_settings,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "CLOSED_STATUSES",
    "CONTENT_LOCKED",
    "ImportResult",
    "MissingStep",
    "add_consultation_response",
    "add_milestone",
    "add_working_group_member",
    "answer_invitation",
    "can_report_on",
    "close_reporting_round",
    "content_is_open",
    "create_plan",
    "create_reporting_round",
    "delete_goal",
    "delete_measure",
    "delete_measurement",
    "freeze_version",
    "import_measures",
    "invite_co_owner",
    "missing_step",
    "open_reporting_round",
    "record_adoption",
    "record_warning_reason",
    "remove_working_group_member",
    "renumber_measures",
    "report_status",
    "revise_version",
    "save_area_choices",
    "save_consultation",
    "save_council_mandate",
    "save_evaluation",
    "save_goal",
    "save_mandate",
    "save_mapping",
    "save_measure",
    "save_measurement",
    "save_round_narrative",
    "transition_version",
    "unfreeze_version",
    "update_version_plan_settings",
    "version_settings",
    "weigh_response",
]
