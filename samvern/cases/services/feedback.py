"""Feedback to the referrer: a short structured update at each step that matters, stored
as a `ReferralFeedback` row (so "my referrals" only reads rows) and e-mailed to the person
who made the referral.

The steps:

- the receiving organisation accepted or declined the referral (`record_answer`, called by
  the referral services);
- the case was heard at a conference (`record_heard`, called by the conference work when a
  conference is held), with the conference's date;
- action points were agreed for the referring organisation (`record_action_points`, called
  by the conference work when it adds one), with their number;
- the case was closed (`record_closed`, called by the case's state change), with the
  outcome category.

Case-level steps (heard, action points, closed) go to the referral of the case itself
(the referring organisation's own participation) and to the earliest accepted referral
each other organisation made onward, so that each referring organisation hears once.

E-mail leaves the system: it says only that there is an update on a referral from the
recipient's organisation, what kind of step it was and when, and a link that needs
signing in — no names, no case reference, no case content.

A mail server that is down must not undo the step (an acceptance, a hearing): the update
is then kept without `emailed_at`, and `send_missed_feedback` (the daily command
`resend_referral_feedback`) sends it again, within `RESEND_WITHIN` of when it was written.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.audit.services import audit_log
from samvern.cases.models import (
    Case,
    CaseParticipant,
    FeedbackKind,
    ReferralFeedback,
    ReferralStatus,
)
from samvern.core.links import site_url

FEEDBACK_RECORDED = "cases.referral.feedback_recorded"
FEEDBACK_EMAILED = "cases.referral.feedback_emailed"
# An update whose e-mail failed is sent again for so long; after that "my referrals" has
# told the referrer long since, and a late e-mail would only confuse.
RESEND_WITHIN = dt.timedelta(days=7)

logger = logging.getLogger(__name__)


def _own(row: CaseParticipant) -> bool:
    return row.organisation_id == row.referring_organisation_id


def feedback_referrals(case: Case) -> list[CaseParticipant]:
    """The referrals that hear about the case's steps: one per referring organisation —
    the case's own referral for the organisation that referred the case, otherwise the
    earliest accepted referral that organisation made onward."""
    rows = (
        CaseParticipant.objects.filter(case=case, status=ReferralStatus.ACCEPTED)
        .exclude(referring_organisation__isnull=True)
        .select_related("added_by", "referring_organisation")
        .order_by("referred_on", "created_at")
    )
    chosen: dict[object, CaseParticipant] = {}
    for row in rows:
        current = chosen.get(row.referring_organisation_id)
        if current is None or (_own(row) and not _own(current)):
            chosen[row.referring_organisation_id] = row
    return list(chosen.values())


def _audit(actor: Actor | None, update: ReferralFeedback, action: str, **extra: object) -> None:
    referral = update.referral
    case = referral.case
    audit_log(
        actor=actor,
        action=action,
        target=update,
        organisation=referral.referring_organisation,
        detail={
            "case": str(case.pk),
            "reference": case.reference,
            "referral": str(referral.pk),
            "kind": update.kind,
            **extra,
        },
    )


def _url() -> str:
    path = reverse("cases:my_referrals")
    return site_url(path)


def _send(update: ReferralFeedback, actor: Actor | None, **extra: object) -> bool:
    """E-mail the person who made the referral, when they still have an active account
    with an address. No case content. False when nothing went out, also when the mail
    server refused or could not be reached: the update stays without `emailed_at`, for
    `send_missed_feedback`."""
    recipient: User = update.referral.added_by
    if not recipient.is_active or not recipient.email:
        return False
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        subject = _("An update on a referral from your organisation")
        body = render_to_string(
            "cases/referrals/email/feedback.txt",
            {"kind": update.get_kind_display(), "on": update.on, "url": _url()},
        )
    try:
        # A savepoint: a failed send takes back `emailed_at` and its audit event, and
        # nothing else of the caller's transaction.
        with transaction.atomic():
            update.emailed_at = timezone.now()
            update.save(update_fields=["emailed_at", "updated_at"])
            _audit(actor, update, FEEDBACK_EMAILED, recipient=str(recipient.pk), **extra)
            send_mail(subject, body, None, [recipient.email])
    except (smtplib.SMTPException, OSError):
        update.emailed_at = None
        logger.warning(
            "Referral update %s could not be e-mailed; it will be sent again.", update.pk
        )
        return False
    return True


def send_missed_feedback(*, now: dt.datetime) -> int:
    """E-mail the updates written within `RESEND_WITHIN` before `now` whose e-mail did not
    go out (the mail server was down); how many were sent. Safe to run as often as you
    like: a sent update is marked and never sent twice."""
    waiting = (
        ReferralFeedback.objects.filter(
            emailed_at__isnull=True,
            created_at__gte=now - RESEND_WITHIN,
            created_at__lte=now,
            referral__added_by__is_active=True,
        )
        .exclude(referral__added_by__email="")
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(waiting):
        with transaction.atomic():
            update = (
                ReferralFeedback.objects.select_for_update(of=("self",))
                .select_related("referral__case", "referral__added_by")
                .select_related("referral__referring_organisation")
                .get(pk=pk)
            )
            if update.emailed_at is None and _send(update, None, resent=True):
                sent += 1
    return sent


def _record(
    *,
    actor: Actor | None,
    referral: CaseParticipant,
    kind: str,
    on: dt.date,
    by_organisation: Organisation | None = None,
    by_user: User | None = None,
    count: int | None = None,
    outcome: str = "",
    source_key: str = "",
) -> ReferralFeedback:
    update = ReferralFeedback.objects.create(
        referral=referral,
        kind=kind,
        on=on,
        by_organisation=by_organisation,
        by_user=by_user,
        count=count,
        outcome=outcome,
        source_key=source_key,
    )
    _audit(actor, update, FEEDBACK_RECORDED)
    _send(update, actor)
    return update


@transaction.atomic
def record_answer(
    *, actor: Actor, referral: CaseParticipant, on: dt.date
) -> ReferralFeedback | None:
    """The receiving organisation accepted or declined `referral` (its status says which)."""
    if referral.status not in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED):
        return None
    if referral.referring_organisation_id in (None, referral.organisation_id):
        return None  # an organisation's own participation needs no answer to itself
    kind = (
        FeedbackKind.ACCEPTED
        if referral.status == ReferralStatus.ACCEPTED
        else FeedbackKind.DECLINED
    )
    return _record(
        actor=actor,
        referral=referral,
        kind=kind,
        on=on,
        by_organisation=referral.organisation,
        by_user=referral.responded_by,
    )


@transaction.atomic
def record_heard(
    *, actor: Actor | None, case: Case, on: dt.date, source_key: str
) -> list[ReferralFeedback]:
    """The case was heard at a conference on `on` (`source_key`: the agenda item, so that
    the same hearing is told once)."""
    written = []
    for referral in feedback_referrals(case):
        if ReferralFeedback.objects.filter(
            referral=referral, kind=FeedbackKind.HEARD, source_key=source_key
        ).exists():
            continue
        written.append(
            _record(
                actor=actor,
                referral=referral,
                kind=FeedbackKind.HEARD,
                on=on,
                source_key=source_key,
            )
        )
    return written


@transaction.atomic
def record_action_points(
    *,
    actor: Actor | None,
    case: Case,
    organisation: Organisation,
    count: int,
    on: dt.date,
    source_key: str,
) -> ReferralFeedback | None:
    """`count` action points for `organisation` were agreed at one agenda item
    (`source_key`) of a conference on `on`. Told to `organisation` if it referred the case
    (or made a referral in it); a later point at the same item updates the count and is
    not mailed again."""
    referral = next(
        (r for r in feedback_referrals(case) if r.referring_organisation_id == organisation.pk),
        None,
    )
    if referral is None or count < 1:
        return None
    update = ReferralFeedback.objects.filter(
        referral=referral, kind=FeedbackKind.ACTION_POINTS, source_key=source_key
    ).first()
    if update is None:
        return _record(
            actor=actor,
            referral=referral,
            kind=FeedbackKind.ACTION_POINTS,
            on=on,
            by_organisation=organisation,
            count=count,
            source_key=source_key,
        )
    if update.count != count:
        update.count = count
        update.save(update_fields=["count", "updated_at"])
        _audit(actor, update, FEEDBACK_RECORDED, count=count)
    return update


@transaction.atomic
def record_closed(
    *, actor: Actor | None, case: Case, outcome: str, on: dt.date, source_key: str
) -> list[ReferralFeedback]:
    """The case was closed on `on`, with the outcome category `outcome` (may be empty)."""
    return [
        _record(
            actor=actor,
            referral=referral,
            kind=FeedbackKind.CLOSED,
            on=on,
            outcome=outcome,
            source_key=source_key,
        )
        for referral in feedback_referrals(case)
    ]
