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
* `indicators` — measurements of the goals' indicators over time.
"""

from samvern.plans.services.common import CONTENT_LOCKED, version_settings
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
    save_area_choices,
    save_goal,
    save_mandate,
    save_mapping,
    save_measure,
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
    "CONTENT_LOCKED",
    "ImportResult",
    "MissingStep",
    "add_consultation_response",
    "add_milestone",
    "add_working_group_member",
    "answer_invitation",
    "can_report_on",
    "close_reporting_round",
    "create_plan",
    "create_reporting_round",
    "delete_goal",
    "delete_measure",
    "delete_measurement",
    "import_measures",
    "invite_co_owner",
    "missing_step",
    "open_reporting_round",
    "record_adoption",
    "record_warning_reason",
    "remove_working_group_member",
    "report_status",
    "revise_version",
    "save_area_choices",
    "save_consultation",
    "save_evaluation",
    "save_goal",
    "save_mandate",
    "save_mapping",
    "save_measure",
    "save_measurement",
    "transition_version",
    "update_version_plan_settings",
    "version_settings",
    "weigh_response",
]
