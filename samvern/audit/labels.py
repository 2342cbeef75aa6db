"""What every audit action code means, in words a data protection officer reads.

One registry: code → translated label and the kind of action it is (the groups the audit
page filters on). `samvern/audit/tests/test_labels.py` reads every action code in the
source and fails when one has no label here or in its app's `audit_labels.py`, so a new
event cannot reach the trail unexplained. Codes written by the Django admin
(`<app>.<model>.admin_<verb>`) are labelled from the model's own name, so every
admin-registered model is covered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samvern.audit.kinds import ActionKind
from samvern.core.layers import LAYERS


@dataclass(frozen=True)
class ActionInfo:
    label: str
    kind: ActionKind


K = ActionKind
ACTIONS: dict[str, ActionInfo] = {
    code: ActionInfo(label, kind)  # type: ignore[arg-type]
    for code, label, kind in [
        # Signing in and account security
        ("accounts.user.logged_in", _("Logged in"), K.SIGN_IN),
        ("accounts.user.logged_out", _("Logged out"), K.SIGN_IN),
        ("accounts.user.logged_out_everywhere", _("Logged out on all devices"), K.SIGN_IN),
        ("accounts.session.expired", _("Session expired"), K.SIGN_IN),
        ("accounts.login.locked_out", _("Locked out after failed logins"), K.SIGN_IN),
        ("accounts.password.changed", _("Changed password"), K.SIGN_IN),
        ("accounts.password.reset", _("Reset password"), K.SIGN_IN),
        ("accounts.second_factor.enrolled", _("Set up two-factor authentication"), K.SIGN_IN),
        ("accounts.second_factor.verified", _("Verified the second factor"), K.SIGN_IN),
        ("accounts.second_factor.failed", _("Entered a wrong second-factor code"), K.SIGN_IN),
        ("accounts.second_factor.removed", _("Removed two-factor authentication"), K.SIGN_IN),
        (
            "accounts.second_factor.backup_codes_generated",
            _("Generated new backup codes"),
            K.SIGN_IN,
        ),
        ("accounts.second_factor.backup_code_used", _("Used a backup code"), K.SIGN_IN),
        ("accounts.api_token.issued", _("Issued an API token"), K.SIGN_IN),
        ("accounts.api_token.revoked", _("Revoked an API token"), K.SIGN_IN),
        ("accounts.organisation.switched", _("Switched acting organisation"), K.SIGN_IN),
        # Users and memberships
        ("accounts.user.invited", _("Invited a user"), K.USERS),
        ("accounts.user.invitation_resent", _("Sent an invitation again"), K.USERS),
        ("accounts.invitation.accepted", _("Accepted an invitation"), K.USERS),
        ("accounts.user.updated", _("Changed a user's details"), K.USERS),
        ("accounts.membership.created", _("Gave a person a role"), K.USERS),
        ("accounts.membership.updated", _("Changed a membership"), K.USERS),
        ("accounts.membership.role_changed", _("Changed a person's role"), K.USERS),
        ("accounts.membership.deactivated", _("Ended a membership"), K.USERS),
        ("accounts.membership.reactivated", _("Reactivated a membership"), K.USERS),
        ("accounts.organisation.viewed", _("Viewed an organisation's members"), K.USERS),
        # Case reads
        ("cases.case_list.viewed", _("Viewed the case list"), K.CASE_READS),
        ("cases.case.viewed", _("Viewed a case"), K.CASE_READS),
        ("cases.case.summary_viewed", _("Viewed a case's conference summary"), K.CASE_READS),
        ("cases.case.exported", _("Exported a case"), K.CASE_READS),
        ("cases.access_log.viewed", _("Viewed who has seen a case"), K.CASE_READS),
        ("cases.person.viewed", _("Viewed a person in a case"), K.CASE_READS),
        (
            "cases.person.match_candidates_viewed",
            _("Viewed possible matches for a person"),
            K.CASE_READS,
        ),
        ("cases.address.revealed", _("Revealed a protected address"), K.CASE_READS),
        ("cases.item.viewed", _("Viewed an information item"), K.CASE_READS),
        ("cases.items.listed", _("Listed a case's information items"), K.CASE_READS),
        ("cases.document.downloaded", _("Downloaded a document"), K.CASE_READS),
        ("cases.assessment.viewed", _("Viewed a risk assessment"), K.CASE_READS),
        ("cases.assessments.listed", _("Listed a case's risk assessments"), K.CASE_READS),
        ("cases.consents.viewed", _("Viewed a case's consents"), K.CASE_READS),
        # Case changes
        ("cases.case.referred", _("Referred a case"), K.CASE_CHANGES),
        ("cases.case.state_changed", _("Changed a case's state"), K.CASE_CHANGES),
        ("cases.case.flagged_repeat", _("Flagged a repeat referral"), K.CASE_CHANGES),
        ("cases.participant.added", _("Added an organisation to a case"), K.CASE_CHANGES),
        ("cases.participant.removed", _("Removed an organisation from a case"), K.CASE_CHANGES),
        ("cases.person.added", _("Added a person to a case"), K.CASE_CHANGES),
        ("cases.person.updated", _("Corrected a person's facts"), K.CASE_CHANGES),
        (
            "cases.person.protection_changed",
            _("Changed a person's address protection"),
            K.CASE_CHANGES,
        ),
        ("cases.person.matched", _("Confirmed a person match"), K.CASE_CHANGES),
        ("cases.item.created", _("Wrote an information item"), K.CASE_CHANGES),
        ("cases.document.uploaded", _("Uploaded a document"), K.CASE_CHANGES),
        ("cases.share.created", _("Shared an information item"), K.CASE_CHANGES),
        ("cases.share.stopped", _("Stopped sharing an information item"), K.CASE_CHANGES),
        ("cases.assessment.recorded", _("Recorded a risk assessment"), K.CASE_CHANGES),
        ("cases.consent.recorded", _("Recorded a consent"), K.CASE_CHANGES),
        ("cases.consent.withdrawn", _("Withdrew a consent"), K.CASE_CHANGES),
        # Safety plans
        ("safetyplans.plan.viewed", _("Viewed a safety plan"), K.CASE_READS),
        ("safetyplans.plan.edit_viewed", _("Opened a safety plan for a change"), K.CASE_READS),
        ("safetyplans.version.viewed", _("Viewed a version of a safety plan"), K.CASE_READS),
        ("safetyplans.versions.listed", _("Listed a safety plan's versions"), K.CASE_READS),
        (
            "safetyplans.versions.compared",
            _("Compared two versions of a safety plan"),
            K.CASE_READS,
        ),
        ("safetyplans.plan.printed", _("Downloaded a safety plan as PDF"), K.CASE_READS),
        ("safetyplans.plan.created", _("Made a safety plan"), K.CASE_CHANGES),
        ("safetyplans.plan.revised", _("Saved a new version of a safety plan"), K.CASE_CHANGES),
        # Agency duty checklists
        ("checklists.checklist.viewed", _("Viewed an agency duty checklist"), K.CASE_READS),
        ("checklists.history.viewed", _("Viewed earlier duty checklists"), K.CASE_READS),
        ("checklists.open_items.listed", _("Listed open checklist duties"), K.CASE_READS),
        ("checklists.checklist.created", _("Made an agency duty checklist"), K.CASE_CHANGES),
        ("checklists.item.ticked", _("Ticked a checklist duty as done"), K.CASE_CHANGES),
        (
            "checklists.item.not_applicable",
            _("Marked a checklist duty as not applicable"),
            K.CASE_CHANGES,
        ),
        ("checklists.item.reopened", _("Reopened a checklist duty"), K.CASE_CHANGES),
        # Partnerships
        ("partnerships.partnership.created", _("Created a partnership"), K.PARTNERSHIPS),
        ("partnerships.partnership.updated", _("Changed a partnership"), K.PARTNERSHIPS),
        ("partnerships.member.joined", _("Organisation joined a partnership"), K.PARTNERSHIPS),
        ("partnerships.member.left", _("Organisation left a partnership"), K.PARTNERSHIPS),
        ("partnerships.relay.changed", _("Changed a partnership contact"), K.PARTNERSHIPS),
        (
            "partnerships.relay.absence_changed",
            _("Changed a contact's absence"),
            K.PARTNERSHIPS,
        ),
        ("partnerships.deputy.changed", _("Changed a deputy contact"), K.PARTNERSHIPS),
        ("partnerships.handover.updated", _("Changed the handover routine"), K.PARTNERSHIPS),
        # Action points after the conference, reminders and calendar addresses
        ("conference.actions.listed", _("Viewed the organisation's action points"), K.CASE_READS),
        ("conference.actions.point_viewed", _("Viewed an action point"), K.CASE_READS),
        (
            "conference.actions.outcome_recorded",
            _("Recorded an action point's outcome"),
            K.CASE_CHANGES,
        ),
        (
            "conference.actions.reminder_sent",
            _("Sent an action-point reminder by e-mail"),
            K.CASE_CHANGES,
        ),
        ("conference.actions.calendar_created", _("Made a calendar address"), K.SIGN_IN),
        ("conference.actions.calendar_replaced", _("Made a new calendar address"), K.SIGN_IN),
        ("conference.actions.calendar_revoked", _("Stopped a calendar address"), K.SIGN_IN),
        ("conference.actions.calendar_fetched", _("Calendar address fetched"), K.CASE_READS),
        # Partnership statistics (figures only, no case or person in them)
        ("conference.statistics.viewed", _("Viewed partnership statistics"), K.PARTNERSHIPS),
        ("conference.statistics.exported", _("Exported partnership statistics"), K.PARTNERSHIPS),
        # One agenda case at a conference: research, minutes, action points agreed
        ("conference.meeting.item_viewed", _("Viewed a case on a conference agenda"), K.CASE_READS),
        ("conference.meeting.research_viewed", _("Viewed conference research"), K.CASE_READS),
        (
            "conference.meeting.minutes_viewed",
            _("Viewed a case's conference minutes"),
            K.CASE_READS,
        ),
        (
            "conference.meeting.action_points_viewed",
            _("Viewed a case's conference action points"),
            K.CASE_READS,
        ),
        (
            "conference.meeting.minutes_exported",
            _("Downloaded a case's conference minutes as PDF"),
            K.CASE_READS,
        ),
        (
            "conference.meeting.conflict_excluded",
            _("Kept from a conference case after declaring a conflict"),
            K.CASE_READS,
        ),
        ("conference.meeting.research_saved", _("Wrote conference research"), K.CASE_CHANGES),
        (
            "conference.meeting.minutes_saved",
            _("Wrote a case's conference minutes"),
            K.CASE_CHANGES,
        ),
        (
            "conference.meeting.action_point_added",
            _("Agreed an action point at a conference"),
            K.CASE_CHANGES,
        ),
        # Conference schedule, agenda, attendance and confidentiality
        ("conference.schedule.series_created", _("Started a conference series"), K.PARTNERSHIPS),
        ("conference.schedule.generated", _("Planned a series' conferences"), K.PARTNERSHIPS),
        (
            "conference.schedule.series_end_changed",
            _("Changed the end of a conference series"),
            K.PARTNERSHIPS,
        ),
        ("conference.schedule.extra_created", _("Planned an extra conference"), K.PARTNERSHIPS),
        ("conference.schedule.cancelled", _("Cancelled a conference"), K.PARTNERSHIPS),
        ("conference.schedule.held", _("Marked a conference as held"), K.CASE_CHANGES),
        ("conference.schedule.viewed", _("Viewed a conference and its agenda"), K.CASE_READS),
        (
            "conference.schedule.case_brought_back",
            _("Brought a case back to a conference"),
            K.CASE_CHANGES,
        ),
        ("conference.agenda.built", _("Built a conference agenda"), K.CASE_CHANGES),
        ("conference.agenda.item_added", _("Added a case to a conference agenda"), K.CASE_CHANGES),
        (
            "conference.agenda.item_removed",
            _("Took a case off a conference agenda"),
            K.CASE_CHANGES,
        ),
        ("conference.agenda.item_moved", _("Moved a case on a conference agenda"), K.CASE_CHANGES),
        (
            "conference.agenda.item_urgency_changed",
            _("Changed whether an agenda case is urgent"),
            K.CASE_CHANGES,
        ),
        ("conference.attendance.added", _("Put a person on an attendance list"), K.PARTNERSHIPS),
        ("conference.attendance.changed", _("Changed a person's attendance"), K.PARTNERSHIPS),
        (
            "conference.attendance.confirmed",
            _("Confirmed a conference's confidentiality statement"),
            K.SECURITY,
        ),
        (
            "conference.statement.written",
            _("Wrote a new confidentiality statement"),
            K.PARTNERSHIPS,
        ),
        ("conference.conflict.declared", _("Declared a conflict of interest"), K.SECURITY),
        (
            "conference.conflict.excluded",
            _("Withheld a case after a declared conflict of interest"),
            K.SECURITY,
        ),
        # Plans and the plan registry
        ("plans.plan.created", _("Created a plan"), K.PLANS),
        ("plans.version.status_changed", _("Changed a plan version's status"), K.PLANS),
        ("plans.version.settings_updated", _("Changed a plan version's settings"), K.PLANS),
        ("plans.version.adopted", _("Adopted a plan version"), K.PLANS),
        ("plans.version.revised", _("Started a revision of a plan"), K.PLANS),
        ("plans.mandate.created", _("Wrote a plan mandate"), K.PLANS),
        ("plans.mandate.updated", _("Changed a plan mandate"), K.PLANS),
        ("plans.working_group.member_added", _("Added a working group member"), K.PLANS),
        ("plans.working_group.member_removed", _("Removed a working group member"), K.PLANS),
        ("plans.milestone.added", _("Added a milestone"), K.PLANS),
        ("plans.mapping.updated", _("Changed the plan's mapping"), K.PLANS),
        ("plans.areas.updated", _("Changed the plan's areas"), K.PLANS),
        ("plans.goal.created", _("Added a goal"), K.PLANS),
        ("plans.goal.updated", _("Changed a goal"), K.PLANS),
        ("plans.goal.deleted", _("Deleted a goal"), K.PLANS),
        ("plans.indicator_measurement.recorded", _("Recorded an indicator value"), K.PLANS),
        ("plans.indicator_measurement.updated", _("Changed an indicator value"), K.PLANS),
        ("plans.indicator_measurement.deleted", _("Deleted an indicator value"), K.PLANS),
        ("plans.measure.created", _("Added a measure"), K.PLANS),
        ("plans.measure.updated", _("Changed a measure"), K.PLANS),
        ("plans.measure.deleted", _("Deleted a measure"), K.PLANS),
        ("plans.measure.imported", _("Imported measures"), K.PLANS),
        ("plans.measure.renumbered", _("Renumbered the measures"), K.PLANS),
        ("plans.consultation.created", _("Opened a consultation"), K.PLANS),
        ("plans.consultation.updated", _("Changed a consultation"), K.PLANS),
        ("plans.consultation.response_added", _("Added a consultation response"), K.PLANS),
        ("plans.consultation.response_weighed", _("Weighed a consultation response"), K.PLANS),
        ("plans.quality.warning_accepted", _("Accepted a quality warning"), K.PLANS),
        ("plans.adoption.recorded", _("Recorded an adoption"), K.PLANS),
        ("plans.round.created", _("Created a reporting round"), K.PLANS),
        ("plans.round.opened", _("Opened a reporting round"), K.PLANS),
        ("plans.round.closed", _("Closed a reporting round"), K.PLANS),
        ("plans.status_report.created", _("Wrote a status report"), K.PLANS),
        ("plans.status_report.updated", _("Changed a status report"), K.PLANS),
        ("plans.evaluation.completed", _("Completed an evaluation"), K.PLANS),
        ("plans.evaluation.updated", _("Changed an evaluation"), K.PLANS),
        ("plans.registry.registered", _("Registered a plan in the registry"), K.PLANS),
        ("plans.registry.corrected", _("Corrected a registry entry"), K.PLANS),
        ("plans.registry.imported", _("Imported plans into the registry"), K.PLANS),
        ("plans.plan.co_owner_invited", _("Invited a municipality to co-own a plan"), K.PLANS),
        ("plans.plan.co_owner_accepted", _("Accepted co-ownership of a plan"), K.PLANS),
        ("plans.plan.co_owner_declined", _("Declined co-ownership of a plan"), K.PLANS),
        # Following a public plan by e-mail: the events name the follower row, never the address.
        ("plans.follower.signed_up", _("Signed up to follow a plan by e-mail"), K.PLANS),
        (
            "plans.follower.signup_repeated",
            _("Asked again to follow a plan already followed"),
            K.PLANS,
        ),
        (
            "plans.follower.signup_limited",
            _("Sign-up to follow a plan held back (e-mail sent within the hour)"),
            K.PLANS,
        ),
        ("plans.follower.confirmed", _("Confirmed following a plan by e-mail"), K.PLANS),
        ("plans.follower.unsubscribed", _("Stopped following a plan by e-mail"), K.PLANS),
        (
            "plans.follower.pending_deleted",
            _("Deleted sign-ups to follow plans that were never confirmed"),
            K.PLANS,
        ),
        # Reads of the audit trail
        ("audit.events.searched", _("Searched the audit trail"), K.AUDIT),
        ("audit.events.exported", _("Exported the audit trail"), K.AUDIT),
        # Security events
        ("security.case.refused", _("Refused access to a case"), K.SECURITY),
        (
            "security.case.own_organisation_added",
            _("Added their own organisation to a case"),
            K.SECURITY,
        ),
        (
            "security.consent.withdrawn_for_other_organisation",
            _("Withdrew a consent another organisation recorded"),
            K.SECURITY,
        ),
    ]
}
del K


def _register_app_labels() -> None:
    """Merge the labels that apps declare in their own `audit_labels.py`: a list `ACTIONS`
    of (code, label, kind) tuples, the kind from `samvern.audit.kinds`. The audit writer
    sits low in the layers, so it finds those modules by name instead of importing them."""
    for app in LAYERS:
        try:
            module = import_module(f"samvern.{app}.audit_labels")
        except ModuleNotFoundError as error:
            if error.name != f"samvern.{app}.audit_labels":
                raise
            continue
        for code, label, kind in module.ACTIONS:
            assert code not in ACTIONS, f"{code} is labelled twice"
            ACTIONS[code] = ActionInfo(label, ActionKind(kind))


_register_app_labels()

ADMIN_CODE = re.compile(
    r"^(?P<app>[a-z_]+)\.(?P<model>[a-z_]+)\.admin_(?P<verb>created|changed|deleted)$"
)
ADMIN_VERBS = {
    "created": pgettext_lazy("django admin", "Created in the Django admin: %(object)s"),
    "changed": pgettext_lazy("django admin", "Changed in the Django admin: %(object)s"),
    "deleted": pgettext_lazy("django admin", "Deleted in the Django admin: %(object)s"),
}


def _model_name(app_label: str, model_name: str) -> str:
    try:
        return str(apps.get_model(app_label, model_name)._meta.verbose_name)
    except LookupError:
        return f"{app_label}.{model_name}"


def _admin_label(app_label: str, model_name: str, verb: str) -> str:
    return str(ADMIN_VERBS[verb]) % {"object": _model_name(app_label, model_name)}


_admin_label_lazy = lazy(_admin_label, str)


def action_info(code: str) -> ActionInfo | None:
    """The label and kind of an action code; None for a code nobody has labelled."""
    info = ACTIONS.get(code)
    if info is not None:
        return info
    match = ADMIN_CODE.match(code)
    if match:
        return ActionInfo(_admin_label_lazy(*match.group("app", "model", "verb")), ActionKind.ADMIN)
    return None


def action_label(code: str) -> str:
    """What the action was, in the reader's language; an unknown code is shown as it is
    rather than hidden, so nothing recorded disappears from the page."""
    info = action_info(code)
    return str(info.label) if info is not None else code


def action_kind(code: str) -> ActionKind | None:
    info = action_info(code)
    return info.kind if info is not None else None


def kind_q(kind: ActionKind | str) -> Q:
    """A filter on AuditEvent.action for one kind of action."""
    kind = ActionKind(kind)
    codes = [code for code, info in ACTIONS.items() if info.kind == kind]
    query = Q(action__in=codes)
    if kind == ActionKind.ADMIN:
        query |= Q(action__regex=r"^[a-z_]+\.[a-z_]+\.admin_(created|changed|deleted)$")
    return query


def target_type_label(target_type: str) -> str:
    """The name of the kind of object an event is about ("Person", "Measure")."""
    if "." not in target_type:
        return target_type
    app_label, model_name = target_type.split(".", 1)
    name = _model_name(app_label, model_name)
    return name[:1].upper() + name[1:]
