"""The registry of action plans made elsewhere: their facts, not their content.

A municipality that drafts its plan outside Samvern registers what the national overview
needs: the owning municipalities, the title and period, each council's adoption (body,
date, case number, link or uploaded decision), and whether the plan has been reported on
and evaluated. Plans made in Samvern are in the same tables and need no registration.

Who may write here (`access`): plan editors of an organisation serving one of the owning
municipalities (a 2024 municipality's editors may also register the historical plans of
its 2019 predecessors), and national analysts, who register on behalf of anyone (for
example from a survey). Every write (`services`, `imports`) is audited:
`plans.registry.registered`, `plans.registry.corrected`, `plans.registry.imported`.

Modules: `facts` (the typed facts of one plan and the rules they must meet), `access`
(who may register, and fetching one registered plan), `selectors` (reads: the plans a
user may correct, stored facts, overlapping adoptions), `services` (register and correct
one plan), `imports` (bulk import from a sheet read by `samvern.core.spreadsheets`: every
row is validated first and nothing is loaded unless every row is valid).
"""

from samvern.plans.registry.access import (
    access_registered_plan,
    can_use_registry,
    is_national_analyst,
    registrable_municipality_ids,
)
from samvern.plans.registry.facts import (
    AdoptionFacts,
    Overlap,
    OverlapNeedsReason,
    PlanFacts,
    RegistryError,
    lifetime_problem,
    validate_facts,
)
from samvern.plans.registry.imports import (
    COLUMN_HELP,
    COLUMNS,
    MAX_IMPORT_ROWS,
    REQUIRED_COLUMNS,
    ImportReport,
    RowProblem,
    check_import,
    import_plans,
    template_csv,
)
from samvern.plans.registry.selectors import facts_of, find_overlaps, registered_plans
from samvern.plans.registry.services import (
    REGISTERED_ROUND_TITLE,
    correct_plan,
    register_plan,
    registering_organisation,
)

__all__ = [
    "COLUMNS",
    "COLUMN_HELP",
    "MAX_IMPORT_ROWS",
    "REGISTERED_ROUND_TITLE",
    "REQUIRED_COLUMNS",
    "AdoptionFacts",
    "ImportReport",
    "Overlap",
    "OverlapNeedsReason",
    "PlanFacts",
    "RegistryError",
    "RowProblem",
    "access_registered_plan",
    "can_use_registry",
    "check_import",
    "correct_plan",
    "facts_of",
    "find_overlaps",
    "import_plans",
    "is_national_analyst",
    "lifetime_problem",
    "register_plan",
    "registered_plans",
    "registering_organisation",
    "registrable_municipality_ids",
    "template_csv",
    "validate_facts",
]
