"""A body's meetings: scheduling (one-off and recurring), the agenda with papers,
attendance, minutes per item, approving the previous meeting's minutes and holding the
meeting. Open commitments come onto the next meeting through `commitments.sync_follow_ups`
after every change that can move "the next meeting"."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samvern.accounts.actor import Actor
from samvern.accounts.models import Membership, Organisation, User
from samvern.core import recurrence
from samvern.governance.access import BodyAccess, MeetingAccess
from samvern.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    ItemKind,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Paper,
    Recurrence,
)
from samvern.governance.services.commitments import sync_follow_ups
from samvern.governance.services.common import GovernanceRuleError, record

MEETING_SCHEDULED = "governance.meeting.scheduled"
SERIES_CREATED = "governance.series.created"
MEETING_CANCELLED = "governance.meeting.cancelled"
MEETING_HELD = "governance.meeting.held"
ITEM_ADDED = "governance.item.added"
MINUTES_RECORDED = "governance.item.minutes_recorded"
MINUTES_APPROVED = "governance.minutes.approved"
PAPER_UPLOADED = "governance.paper.uploaded"
ATTENDANCE_RECORDED = "governance.attendance.recorded"

# A series never plans more meetings than this at once.
MAX_SERIES_MEETINGS = 60


def _require_edit(access: BodyAccess) -> None:
    if not access.edits:
        raise GovernanceRuleError(
            _("Only the body's chair, secretary or coordinators may do that.")
        )


@dataclass(frozen=True)
class MeetingData:
    date: dt.date
    starts_at: dt.time
    duration_minutes: int = 120
    location: str = ""


def _check(data: MeetingData, body_access: BodyAccess) -> None:
    if not 15 <= data.duration_minutes <= 600:
        raise GovernanceRuleError(
            {"duration_minutes": _("A meeting lasts between 15 minutes and 10 hours.")}
        )
    body = body_access.body
    if data.date < body.started_on or (body.ends_on is not None and data.date > body.ends_on):
        raise GovernanceRuleError({"date": _("The body does not exist on that date.")})


def _previous_held(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(body_id=meeting.body_id, status=MeetingStatus.HELD)
        .filter(date__lt=meeting.date)
        .order_by("-date", "-starts_at")
        .first()
    )


def _next_position(meeting: Meeting) -> int:
    top = AgendaItem.objects.filter(meeting=meeting).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def _approval_item(meeting: Meeting, user: User) -> AgendaItem | None:
    """Put the approval of the previous held meeting's minutes first on the agenda, when
    there is such a meeting whose minutes nobody approved yet."""
    previous = _previous_held(meeting)
    if previous is None or previous.minutes_approved_on is not None:
        return None
    if AgendaItem.objects.filter(meeting=meeting, kind=ItemKind.MINUTES_APPROVAL).exists():
        return None
    return AgendaItem.objects.create(
        meeting=meeting,
        position=_next_position(meeting),
        kind=ItemKind.MINUTES_APPROVAL,
        title=_("Approval of the minutes of the previous meeting"),
        approves=previous,
        created_by=user,
    )


def _new_meeting(
    body_access: BodyAccess, data: MeetingData, user: User, series: MeetingSeries | None
) -> Meeting:
    meeting = Meeting.objects.create(
        body=body_access.body,
        series=series,
        date=data.date,
        starts_at=data.starts_at,
        duration_minutes=data.duration_minutes,
        location=data.location.strip(),
        created_by=user,
    )
    _approval_item(meeting, user)
    return meeting


@transaction.atomic
def schedule_meeting(
    *, actor: Actor, access: BodyAccess, data: MeetingData, today: dt.date
) -> Meeting:
    _require_edit(access)
    assert actor.user is not None
    _check(data, access)
    meeting = _new_meeting(access, data, actor.user, None)
    record(
        actor=actor,
        action=MEETING_SCHEDULED,
        target=meeting,
        partnership=access.grant.partnership,
        detail={"body": str(access.body.pk), "date": data.date.isoformat()},
    )
    sync_follow_ups(access.body, today=today)
    return meeting


@dataclass(frozen=True)
class SeriesData:
    recurrence: str
    interval: int
    first_date: dt.date
    until: dt.date
    starts_at: dt.time
    duration_minutes: int = 120
    location: str = ""


@transaction.atomic
def create_series(
    *, actor: Actor, access: BodyAccess, data: SeriesData, today: dt.date
) -> MeetingSeries:
    """A recurring schedule and every meeting it gives up to its last date."""
    _require_edit(access)
    assert actor.user is not None
    if data.recurrence not in Recurrence.values:
        raise GovernanceRuleError({"recurrence": _("Choose how often the body meets.")})
    if not 1 <= data.interval <= 8:
        raise GovernanceRuleError({"interval": _("Choose every 1 to 8 weeks.")})
    if data.until < data.first_date:
        raise GovernanceRuleError({"until": _("The last date cannot be before the first.")})
    first = MeetingData(data.first_date, data.starts_at, data.duration_minutes, data.location)
    _check(first, access)
    dates = recurrence.series_dates(
        recurrence=data.recurrence,
        interval=data.interval if data.recurrence == Recurrence.WEEKLY else 1,
        first_date=data.first_date,
        until=data.until,
        start=data.first_date,
        end=data.until,
        limit=MAX_SERIES_MEETINGS + 1,
    )
    if len(dates) > MAX_SERIES_MEETINGS:
        raise GovernanceRuleError(
            {"until": _("A series can plan at most %(n)s meetings.") % {"n": MAX_SERIES_MEETINGS}}
        )
    body = access.body
    dates = [day for day in dates if body.ends_on is None or day <= body.ends_on]
    series = MeetingSeries.objects.create(
        body=body,
        recurrence=data.recurrence,
        interval=data.interval,
        first_date=data.first_date,
        until=data.until,
        starts_at=data.starts_at,
        duration_minutes=data.duration_minutes,
        location=data.location.strip(),
        created_by=actor.user,
    )
    for day in dates:
        _new_meeting(
            access,
            MeetingData(day, data.starts_at, data.duration_minutes, data.location),
            actor.user,
            series,
        )
    record(
        actor=actor,
        action=SERIES_CREATED,
        target=series,
        partnership=access.grant.partnership,
        detail={"body": str(body.pk), "meetings": len(dates)},
    )
    sync_follow_ups(body, today=today)
    return series


def _require_meeting_edit(access: MeetingAccess) -> None:
    _require_edit(access.body)


def _require_not_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise GovernanceRuleError(_("The meeting was cancelled."))


@transaction.atomic
def cancel_meeting(*, actor: Actor, access: MeetingAccess, today: dt.date) -> Meeting:
    _require_meeting_edit(access)
    meeting = access.meeting
    if meeting.status != MeetingStatus.PLANNED:
        raise GovernanceRuleError(_("Only a planned meeting can be cancelled."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    record(
        actor=actor,
        action=MEETING_CANCELLED,
        target=meeting,
        partnership=access.body.grant.partnership,
    )
    sync_follow_ups(meeting.body, today=today)
    return meeting


@transaction.atomic
def hold_meeting(
    *, actor: Actor, access: MeetingAccess, now: dt.datetime, today: dt.date
) -> Meeting:
    """Record that the meeting took place; its open commitments move on to the next, and
    so does the approval of its minutes when the next meeting was planned before it was
    held (a series is planned ahead)."""
    _require_meeting_edit(access)
    assert actor.user is not None
    meeting = access.meeting
    if meeting.status != MeetingStatus.PLANNED:
        raise GovernanceRuleError(_("Only a planned meeting can be held."))
    if meeting.date > today:
        raise GovernanceRuleError(_("A meeting cannot be held before its date."))
    meeting.status = MeetingStatus.HELD
    meeting.held_at = now
    meeting.save(update_fields=["status", "held_at", "updated_at"])
    record(
        actor=actor, action=MEETING_HELD, target=meeting, partnership=access.body.grant.partnership
    )
    following = (
        Meeting.objects.filter(
            body_id=meeting.body_id, status=MeetingStatus.PLANNED, date__gt=meeting.date
        )
        .order_by("date", "starts_at")
        .first()
    )
    if following is not None:
        _approval_item(following, actor.user)
    sync_follow_ups(meeting.body, today=today)
    return meeting


@transaction.atomic
def add_item(
    *, actor: Actor, access: MeetingAccess, title: str, description: str = ""
) -> AgendaItem:
    _require_meeting_edit(access)
    _require_not_cancelled(access.meeting)
    assert actor.user is not None
    if not title.strip():
        raise GovernanceRuleError({"title": _("Give the item a title.")})
    Meeting.objects.select_for_update().filter(pk=access.meeting.pk).first()
    item = AgendaItem.objects.create(
        meeting=access.meeting,
        position=_next_position(access.meeting),
        title=title.strip(),
        description=description.strip(),
        created_by=actor.user,
    )
    record(actor=actor, action=ITEM_ADDED, target=item, partnership=access.body.grant.partnership)
    return item


@transaction.atomic
def record_minutes(
    *, actor: Actor, access: MeetingAccess, item: AgendaItem, minutes: str
) -> AgendaItem:
    _require_meeting_edit(access)
    _require_not_cancelled(access.meeting)
    if item.meeting_id != access.meeting.pk:
        raise GovernanceRuleError(_("The item is not on this meeting's agenda."))
    item.minutes = minutes.strip()
    item.save(update_fields=["minutes", "updated_at"])
    record(
        actor=actor,
        action=MINUTES_RECORDED,
        target=item,
        partnership=access.body.grant.partnership,
        detail={"length": len(item.minutes)},
    )
    return item


@transaction.atomic
def approve_minutes(
    *, actor: Actor, access: MeetingAccess, item: AgendaItem, today: dt.date
) -> Meeting:
    """The meeting approves the minutes its approval item names."""
    _require_meeting_edit(access)
    _require_not_cancelled(access.meeting)
    if item.meeting_id != access.meeting.pk or item.kind != ItemKind.MINUTES_APPROVAL:
        raise GovernanceRuleError(_("This item approves no minutes."))
    previous = item.approves
    if previous is None:
        raise GovernanceRuleError(_("This item approves no minutes."))
    if previous.minutes_approved_on is not None:
        raise GovernanceRuleError(_("These minutes are already approved."))
    # Approved at the meeting that holds the item, on its date.
    previous.minutes_approved_on = access.meeting.date
    previous.save(update_fields=["minutes_approved_on", "updated_at"])
    if not item.minutes:
        item.minutes = _("The minutes were approved.")
        item.save(update_fields=["minutes", "updated_at"])
    record(
        actor=actor,
        action=MINUTES_APPROVED,
        target=previous,
        partnership=access.body.grant.partnership,
        detail={"at_meeting": str(access.meeting.pk)},
    )
    return previous


# --- papers ----------------------------------------------------------------------------------

# Accepted papers: extension → (content type, leading bytes that must match), as for the
# documents of a case.
UPLOAD_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain", (b"",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
}


def paper_dir() -> Path:
    """Papers live outside static and media URL space; only the access-checked download
    reads them."""
    configured = getattr(settings, "SAMVERN_GOVERNANCE_FILES_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "governance-files"


def check_upload(upload: UploadedFile[bytes]) -> tuple[str, str]:
    """Return (extension, content type) or raise GovernanceRuleError naming the problem."""
    limit: int = settings.SAMVERN_UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise GovernanceRuleError(
            {
                "file": _("The file is too large: the limit is %(mb)s MB.")
                % {"mb": limit // (1024 * 1024)}
            }
        )
    if upload.size == 0:
        raise GovernanceRuleError({"file": _("The file is empty.")})
    extension = Path(upload.name or "").suffix.lower()
    if extension not in UPLOAD_TYPES:
        raise GovernanceRuleError(
            {"file": _("Only PDF, PNG, JPEG, plain text and Word (DOCX) files are accepted.")}
        )
    content_type, signatures = UPLOAD_TYPES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension == ".txt":
        if b"\x00" in head:
            raise GovernanceRuleError({"file": _("The file content does not match its type.")})
    elif not any(head.startswith(signature) for signature in signatures):
        raise GovernanceRuleError({"file": _("The file content does not match its type.")})
    return extension, content_type


@transaction.atomic
def upload_paper(
    *,
    actor: Actor,
    access: MeetingAccess,
    item: AgendaItem,
    title: str,
    upload: UploadedFile[bytes],
) -> Paper:
    _require_meeting_edit(access)
    _require_not_cancelled(access.meeting)
    assert actor.user is not None
    if item.meeting_id != access.meeting.pk:
        raise GovernanceRuleError(_("The item is not on this meeting's agenda."))
    if not title.strip():
        raise GovernanceRuleError({"title": _("Give the paper a title.")})
    extension, content_type = check_upload(upload)
    directory = paper_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored_name = f"{uuid.uuid4().hex}{extension}"
    digest = hashlib.sha256()
    path = directory / stored_name
    with path.open("xb") as target:
        for chunk in upload.chunks():
            digest.update(chunk)
            target.write(chunk)
    path.chmod(0o600)
    paper = Paper.objects.create(
        item=item,
        title=title.strip(),
        file_name=stored_name,
        file_original_name=Path(upload.name or "paper").name[:255],
        file_content_type=content_type,
        file_size=upload.size or 0,
        file_sha256=digest.hexdigest(),
        uploaded_by=actor.user,
    )
    record(
        actor=actor,
        action=PAPER_UPLOADED,
        target=paper,
        partnership=access.body.grant.partnership,
        detail={"size": upload.size, "content_type": content_type},
    )
    return paper


# --- attendance ------------------------------------------------------------------------------


@transaction.atomic
def record_attendance(
    *,
    actor: Actor,
    access: MeetingAccess,
    user: User,
    organisation: Organisation,
    status: str,
    substitute_for: str = "",
) -> Attendance:
    """Who was there (or sent apologies) for which member organisation; recording a
    person again changes their entry."""
    _require_meeting_edit(access)
    _require_not_cancelled(access.meeting)
    if status not in AttendanceStatus.values:
        raise GovernanceRuleError({"status": _("Choose present, apologies or substitute.")})
    if status == AttendanceStatus.SUBSTITUTE and not substitute_for.strip():
        raise GovernanceRuleError(
            {
                "substitute_for": pgettext(
                    "governance", "Name the person the substitute attends for."
                )
            }
        )
    if (
        not access.body.body.members.active_on(access.meeting.date)
        .filter(organisation=organisation)
        .exists()
    ):
        raise GovernanceRuleError(
            {"organisation": _("The organisation does not sit on this body on the meeting's date.")}
        )
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise GovernanceRuleError({"user": _("The person does not belong to that organisation.")})
    attendance, created = Attendance.objects.update_or_create(
        meeting=access.meeting,
        user=user,
        defaults={
            "organisation": organisation,
            "status": status,
            "substitute_for": substitute_for.strip()
            if status == AttendanceStatus.SUBSTITUTE
            else "",
        },
    )
    record(
        actor=actor,
        action=ATTENDANCE_RECORDED,
        target=attendance,
        partnership=access.body.grant.partnership,
        detail={"status": status, "user": str(user.pk), "new": created},
    )
    return attendance
