"""Who attends a conference, their confirmation of the partnership's confidentiality
statement for that meeting, their declared conflicts of interest, and the statement's
versions. Each write records its audit event in the same transaction; so does every
page view that withholds a conflicted case from the person who declared the conflict."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import CASE_CONTENT_ROLES, Membership, Organisation, User
from samvern.audit.services import audit_log
from samvern.cases.services import CaseRuleError
from samvern.cases.services.common import audit_case_event
from samvern.conferences.access import AgendaCaseAccess, ConferenceAccess, may_manage_partnership
from samvern.conferences.models import (
    AttendanceStatus,
    Attendee,
    Conference,
    ConferenceStatus,
    ConfidentialityStatement,
    ConflictOfInterest,
)
from samvern.partnerships.models import Partnership, PartnershipMember


class AttendanceError(CaseRuleError):
    """An attendance rule refused the operation; the message is for the user."""


def candidate_memberships(partnership: Partnership, day: dt.date) -> QuerySet[Membership]:
    """Who can be put on the attendance list: people holding a case role (case worker,
    conference coordinator) today in an organisation that is a member of the partnership
    today, or in its coordinating organisation."""
    members = PartnershipMember.objects.active_on(day).filter(partnership=partnership)
    return (
        Membership.objects.current(day)
        .filter(role__in=CASE_CONTENT_ROLES, user__is_active=True)
        .filter(
            organisation__in=[
                *members.values_list("organisation_id", flat=True),
                partnership.coordinator_id,
            ]
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__first_name", "role")
    )


def _require_manage(access: ConferenceAccess) -> Conference:
    if not access.manage:
        raise AttendanceError(_("Only the coordinator can change the attendance list."))
    if access.conference.status == ConferenceStatus.CANCELLED:
        raise AttendanceError(_("The conference is cancelled."))
    return access.conference


def _attendee_detail(attendee: Attendee) -> dict[str, object]:
    return {
        "conference": str(attendee.conference_id),
        "user": str(attendee.user_id),
        "organisation": str(attendee.organisation_id),
        "status": attendee.status,
        "substitute_for": attendee.substitute_for,
    }


def _check_status(status: str, substitute_for: str) -> None:
    if status not in AttendanceStatus.values:
        raise AttendanceError({"status": _("Choose an attendance status.")})
    if status == AttendanceStatus.SUBSTITUTE and not substitute_for.strip():
        raise AttendanceError({"substitute_for": _("Name the person the substitute attends for.")})


@transaction.atomic
def add_attendee(
    *,
    actor: Actor,
    access: ConferenceAccess,
    user: User,
    organisation: Organisation,
    day: dt.date,
    status: str = AttendanceStatus.EXPECTED,
    substitute_for: str = "",
) -> Attendee:
    conference = _require_manage(access)
    _check_status(status, substitute_for)
    if (
        not candidate_memberships(conference.partnership, day)
        .filter(user=user, organisation=organisation)
        .exists()
    ):
        raise AttendanceError(
            {"person": _("Only people with a case role in a member organisation can attend.")}
        )
    try:
        with transaction.atomic():
            attendee = Attendee.objects.create(
                conference=conference,
                user=user,
                organisation=organisation,
                status=status,
                substitute_for=substitute_for.strip()
                if status == AttendanceStatus.SUBSTITUTE
                else "",
            )
    except IntegrityError:
        raise AttendanceError(
            {"person": _("This person is on the attendance list already.")}
        ) from None
    audit_log(
        actor=actor,
        action="conference.attendance.added",
        target=attendee,
        organisation=actor.organisation,
        detail=_attendee_detail(attendee),
    )
    return attendee


@transaction.atomic
def set_attendance(
    *,
    actor: Actor,
    access: ConferenceAccess,
    attendee: Attendee,
    status: str,
    substitute_for: str = "",
) -> Attendee:
    """Present, apologies, or attending as a named substitute."""
    _require_manage(access)
    if attendee.conference_id != access.conference.pk:
        raise AttendanceError(_("This person is not on the attendance list of this conference."))
    _check_status(status, substitute_for)
    previous = attendee.status
    attendee.status = status
    attendee.substitute_for = (
        substitute_for.strip() if status == AttendanceStatus.SUBSTITUTE else ""
    )
    attendee.save(update_fields=["status", "substitute_for", "updated_at"])
    audit_log(
        actor=actor,
        action="conference.attendance.changed",
        target=attendee,
        organisation=actor.organisation,
        detail={**_attendee_detail(attendee), "from": previous},
    )
    return attendee


@transaction.atomic
def confirm_statement(*, actor: Actor, access: ConferenceAccess) -> Attendee:
    """The attendee confirms the confidentiality statement of this meeting. The first
    confirmation fixes the meeting's statement to the version then in force; everyone
    confirms that same version."""
    attendee = access.attendee
    if attendee is None or not attendee.is_attending:
        raise AttendanceError(_("Only people attending the conference confirm its statement."))
    if access.conference.status == ConferenceStatus.CANCELLED:
        raise AttendanceError(_("The conference is cancelled."))
    if attendee.has_confirmed:
        raise AttendanceError(_("You have confirmed the statement for this meeting already."))
    conference = Conference.objects.select_for_update().get(pk=access.conference.pk)
    if conference.statement_id is None:
        statement = current_statement(conference.partnership_id)
        if statement is None:
            raise AttendanceError(
                _("The partnership has no confidentiality statement yet. Ask the coordinator.")
            )
        conference.statement = statement
        conference.save(update_fields=["statement", "updated_at"])
    assert conference.statement is not None
    attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
    attendee.confirmed_statement = conference.statement
    attendee.confirmed_at = timezone.now()
    attendee.save(update_fields=["confirmed_statement", "confirmed_at", "updated_at"])
    audit_log(
        actor=actor,
        action="conference.attendance.confirmed",
        target=attendee,
        organisation=actor.organisation,
        detail={
            "conference": str(conference.pk),
            "statement": str(conference.statement.pk),
            "version": conference.statement.version,
        },
    )
    return attendee


@transaction.atomic
def declare_conflict(*, actor: Actor, item: AgendaCaseAccess, reason: str) -> ConflictOfInterest:
    """An attendee declares a conflict of interest for one agenda case; from then on the
    case's research, discussion and minutes at this conference are withheld from them."""
    attendee = item.conference.attendee
    if attendee is None:
        raise AttendanceError(_("Only people on the attendance list declare a conflict."))
    if not reason.strip():
        raise AttendanceError({"reason": _("Give the reason for the conflict of interest.")})
    if item.conflicted:
        raise AttendanceError(_("You have declared a conflict for this case already."))
    conflict = ConflictOfInterest.objects.create(
        attendee=attendee, item=item.item, reason=reason.strip()
    )
    audit_case_event(
        actor=actor,
        action="conference.conflict.declared",
        case=item.item.case,
        target=conflict,
        detail={"conference": str(item.item.conference_id), "item": str(item.item.pk)},
    )
    return conflict


def record_exclusions(*, actor: Actor, withheld: Sequence[AgendaCaseAccess]) -> None:
    """Every time a conflicted case is withheld from the person who declared the
    conflict, the exclusion is recorded (in the caller's transaction)."""
    for found in withheld:
        audit_case_event(
            actor=actor,
            action="conference.conflict.excluded",
            case=found.item.case,
            target=found.item,
            detail={"conference": str(found.item.conference_id), "item": str(found.item.pk)},
        )


# --- the confidentiality statement ---------------------------------------------------------


def current_statement(partnership_id: uuid.UUID) -> ConfidentialityStatement | None:
    return (
        ConfidentialityStatement.objects.filter(partnership_id=partnership_id)
        .select_related("created_by")
        .order_by("-version")
        .first()
    )


@transaction.atomic
def write_statement(
    *, actor: Actor, partnership: Partnership, text: str
) -> ConfidentialityStatement:
    """A new version of the partnership's confidentiality statement. Meetings that have
    fixed an earlier version keep it."""
    if not may_manage_partnership(actor, partnership.coordinator_id):
        raise AttendanceError(
            _("Only the conference coordinators of the coordinating organisation can do that.")
        )
    assert actor.user is not None
    if not text.strip():
        raise AttendanceError({"text": _("Write the statement.")})
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    top = ConfidentialityStatement.objects.filter(partnership=partnership).aggregate(
        top=Max("version")
    )["top"]
    statement = ConfidentialityStatement.objects.create(
        partnership=partnership,
        version=int(top or 0) + 1,
        text=text.strip(),
        created_by=actor.user,
    )
    audit_log(
        actor=actor,
        action="conference.statement.written",
        target=statement,
        organisation=actor.organisation,
        detail={"partnership": str(partnership.pk), "version": statement.version},
    )
    return statement
