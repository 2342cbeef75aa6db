"""Writes in the case layer, and the audited reads, by job:

- `referral`: refer a case, participation, the case's states;
- `referrals`: referring a case to another organisation, its answer (accept, decline,
  withdraw) and the partnership's deadline;
- `feedback`: the updates the referrer gets of what became of a referral;
- `persons`: persons, identity matching, repeat referrals, revealing an address;
- `sharing`: notes, uploaded documents, sharing an item on a legal basis;
- `consent`: recording and withdrawing consent;
- `assessments`: scoring with the risk engine and storing an assessment;
- `reads`: `read_*` (fetch through `cases.access` and record the read in one step),
  list reads and refusals.

Each write is keyword-only, atomic, takes the `Actor` (the organisation it acts for is
`actor.organisation`), checks its own rules and writes its audit event in the same
transaction. Services whose rules depend on what the actor was granted take the
`CaseAccess` that `cases.access` returned. Callers use `from samvern.cases import
services` and `services.<name>`; everything public is re-exported here.
"""

from samvern.cases.services.assessments import (
    AssessmentData,
    AssessmentRecord,
    AssessmentScore,
    assess,
    record_assessment,
    score_assessment,
)
from samvern.cases.services.common import (
    CONSENT_WITHDRAWN_FOR_OTHER_ACTION,
    OWN_ORGANISATION_ADDED_ACTION,
    REFUSED_ACTION,
    CaseRuleError,
)
from samvern.cases.services.consent import record_consent, withdraw_consent
from samvern.cases.services.persons import (
    ADDRESS_FIELDS,
    PERSON_FACTS,
    REPEAT_WINDOW_DAYS,
    PersonChanges,
    PersonData,
    add_person,
    confirm_match,
    reveal_address,
    update_person,
)
from samvern.cases.services.reads import (
    CaseRead,
    read_access_log,
    read_case,
    read_case_assessments,
    read_case_items,
    read_case_rows,
    read_document,
    read_item,
    read_person,
    record_read,
    record_read_list,
    record_refused,
)
from samvern.cases.services.referral import (
    COORDINATOR_TRANSITIONS,
    TRANSITIONS,
    Referrer,
    add_participant,
    allowed_transitions,
    refer_case,
    remove_participant,
    role_may_refer,
    transition_case,
)
from samvern.cases.services.referrals import (
    accept_referral,
    decline_referral,
    refer_to_organisation,
    set_response_days,
    withdraw_referral,
)
from samvern.cases.services.sharing import (
    UPLOAD_TYPES,
    ShareData,
    add_note,
    case_file_dir,
    check_upload,
    share_item,
    upload_document,
)

__all__ = [
    "ADDRESS_FIELDS",
    "CONSENT_WITHDRAWN_FOR_OTHER_ACTION",
    "COORDINATOR_TRANSITIONS",
    "OWN_ORGANISATION_ADDED_ACTION",
    "PERSON_FACTS",
    "REFUSED_ACTION",
    "REPEAT_WINDOW_DAYS",
    "TRANSITIONS",
    "UPLOAD_TYPES",
    "AssessmentData",
    "AssessmentRecord",
    "AssessmentScore",
    "CaseRead",
    "CaseRuleError",
    "PersonChanges",
    "PersonData",
    "Referrer",
    "ShareData",
    "accept_referral",
    "add_note",
    "add_participant",
    "add_person",
    "allowed_transitions",
    "assess",
    "case_file_dir",
    "check_upload",
    "confirm_match",
    "decline_referral",
    "read_access_log",
    "read_case",
    "read_case_assessments",
    "read_case_items",
    "read_case_rows",
    "read_document",
    "read_item",
    "read_person",
    "record_assessment",
    "record_consent",
    "record_read",
    "record_read_list",
    "record_refused",
    "refer_case",
    "refer_to_organisation",
    "remove_participant",
    "reveal_address",
    "role_may_refer",
    "score_assessment",
    "set_response_days",
    "share_item",
    "transition_case",
    "update_person",
    "upload_document",
    "withdraw_consent",
    "withdraw_referral",
]
