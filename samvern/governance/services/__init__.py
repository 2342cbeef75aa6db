"""Governance writes: keyword-only, atomic, taking the actor and recording their audit
event in the same transaction."""

from samvern.governance.services.bodies import (
    BodyData,
    add_member,
    add_representative,
    add_required_role,
    create_body,
    end_member,
    fill_role,
    remove_representative,
    update_body,
)
from samvern.governance.services.commitments import (
    CommitmentData,
    create_commitment,
    record_decision,
    sync_follow_ups,
    update_status,
)
from samvern.governance.services.common import GovernanceRuleError
from samvern.governance.services.meetings import (
    MeetingData,
    SeriesData,
    add_item,
    approve_minutes,
    cancel_meeting,
    create_series,
    hold_meeting,
    record_attendance,
    record_minutes,
    schedule_meeting,
    upload_paper,
)
from samvern.governance.services.profile import (
    FundingData,
    ProfileData,
    add_funding,
    remove_funding,
    save_profile,
)

__all__ = [
    "BodyData",
    "CommitmentData",
    "FundingData",
    "GovernanceRuleError",
    "MeetingData",
    "ProfileData",
    "SeriesData",
    "add_funding",
    "add_item",
    "add_member",
    "add_representative",
    "add_required_role",
    "approve_minutes",
    "cancel_meeting",
    "create_body",
    "create_commitment",
    "create_series",
    "end_member",
    "fill_role",
    "hold_meeting",
    "record_attendance",
    "record_decision",
    "record_minutes",
    "remove_funding",
    "remove_representative",
    "save_profile",
    "schedule_meeting",
    "sync_follow_ups",
    "update_body",
    "update_status",
    "upload_paper",
]
