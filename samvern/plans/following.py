"""Following a public plan by e-mail: double opt-in sign-up, notices, unsubscribing.

Anyone may follow a plan that has a public (adopted) version. The sign-up sends a link
with a random token; only a keyed SHA-256 hash of it is stored (`samvern.core.feeds`), so
a copy of the database opens no link. The link confirms only by POST: mail scanners that
fetch every link must not sign people up. Every e-mail carries an unsubscribe link (and
the `List-Unsubscribe` headers of RFC 2369 / RFC 8058), signed with the site's key over the
follower's id, so that it keeps working for as long as the row exists; unsubscribing
deletes the row, the address with it.

The sign-up answers the same whatever the address (a new address, one that already
follows, one that asked a minute ago), so nobody learns who follows what. At most one
sign-up e-mail goes to an address per plan and hour, and at most
`MAX_SIGNUP_MAILS_PER_ADDRESS` per address and hour across all plans.

Notices (a reporting round closed, an evaluation completed, the plan expired) are sent by
`manage.py notify_plan_followers`, run daily, never in a request; each (event, follower)
pair once, recorded in `SentReminder` under a key that starts with the follower's id (and is
deleted with the follower). A follower hears only of what happened on or after the day
they confirmed, and a notice holds only what the public page shows: the plan's title, the
kind of event, its date and the public page's address.

Audit: the sign-up, confirmation and unsubscribing are done by nobody in particular; the
events are written without a user (the trail shows "system" and the client address), name
the follower row and the plan, and never the e-mail address.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samvern.audit.services import audit_log
from samvern.core import feeds
from samvern.core.links import site_url
from samvern.plans import selectors
from samvern.plans.access import public_versions_q
from samvern.plans.models import (
    Adoption,
    Evaluation,
    Plan,
    PlanFollower,
    PlanVersion,
    ReportingRound,
    RoundStatus,
    SentReminder,
)

TOKEN_SALT = "samvern.plans.follow.confirm"  # noqa: S105 (a salt, not a secret)
UNSUBSCRIBE_SALT = "samvern.plans.follow.unsubscribe"
# An unconfirmed sign-up (and its link) lasts this long after its last e-mail.
PENDING_DAYS = 7
SIGNUP_MAIL_INTERVAL = dt.timedelta(hours=1)
MAX_SIGNUP_MAILS_PER_ADDRESS = 5
LANGUAGES = ("nb", "en")


# --- Links --------------------------------------------------------------------------------


def _site_url(path: str) -> str:
    return site_url(path)


def _signer() -> signing.Signer:
    return signing.Signer(salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(follower: PlanFollower) -> str:
    return _signer().signature(str(follower.pk))


def unsubscribe_url(follower: PlanFollower) -> str:
    return _site_url(
        reverse("plans:follow_unsubscribe", args=[follower.pk, unsubscribe_token(follower)])
    )


def confirmation_url(token: str) -> str:
    return _site_url(reverse("plans:follow_confirm", args=[token]))


def public_url(plan: Plan) -> str:
    return _site_url(reverse("plans:public_plan", args=[plan.pk]))


def unsubscribe_signature_valid(follower_id: uuid.UUID | str, token: str) -> bool:
    if not feeds.plausible_token(token):
        return False
    try:
        _signer().unsign(f"{follower_id}{signing.Signer().sep}{token}")
    except signing.BadSignature:
        return False
    return True


def _hash(token: str) -> str:
    return feeds.token_hash(token, salt=TOKEN_SALT)


# --- Finding a follower from a link ---------------------------------------------------------


def pending_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=PENDING_DAYS)


def follower_for_token(token: str) -> PlanFollower:
    """The follower a confirmation link names; Http404 for an unknown, malformed or
    expired token (an unconfirmed sign-up whose last e-mail is over a week old)."""
    if not feeds.plausible_token(token):
        raise Http404
    follower = PlanFollower.objects.select_related("plan").filter(token_hash=_hash(token)).first()
    if follower is None:
        raise Http404
    if follower.confirmed_at is None and follower.updated_at < pending_cutoff():
        raise Http404
    return follower


def follower_for_unsubscribe(follower_id: uuid.UUID | str, token: str) -> PlanFollower | None:
    """The follower an unsubscribe link names, or None when the link is genuine but the
    row is gone already (unsubscribed before); Http404 for a link we did not sign."""
    if not unsubscribe_signature_valid(follower_id, token):
        raise Http404
    return PlanFollower.objects.select_related("plan").filter(pk=follower_id).first()


def public_version(plan: Plan) -> PlanVersion | None:
    return selectors.latest_adopted(list(plan.versions.filter(public_versions_q())))


# --- Writes -------------------------------------------------------------------------------


def normalise_address(email: str) -> str:
    # Addresses differing only in case reach the same mailbox in practice; one row each
    # would let the hourly limit be dodged by changing case.
    return email.strip().lower()


def _audit(action: str, follower: PlanFollower, **detail: object) -> None:
    audit_log(
        actor=None,
        action=action,
        target_type="plans.planfollower",
        target_id=str(follower.pk),
        detail={"plan": str(follower.plan_id), **detail},
    )


def _language(language: str) -> str:
    code = (language or "").split("-")[0].lower()
    return code if code in LANGUAGES else settings.LANGUAGE_CODE


@transaction.atomic
def request_follow(*, plan: Plan, email: str, language: str) -> bool:
    """Sign `email` up for `plan`'s notices, or remind an address that already follows it.
    Returns whether an e-mail went out (for tests and the audit; the page must not tell).

    The caller has checked that the plan is public."""
    email = normalise_address(email)
    language = _language(language)
    now = timezone.now()
    follower = PlanFollower.objects.select_for_update().filter(plan=plan, email=email).first()
    recent = PlanFollower.objects.filter(email=email, updated_at__gte=now - SIGNUP_MAIL_INTERVAL)
    if follower is not None and follower.updated_at >= now - SIGNUP_MAIL_INTERVAL:
        _audit("plans.follower.signup_limited", follower)
        return False
    if recent.count() >= MAX_SIGNUP_MAILS_PER_ADDRESS:
        if follower is not None:
            _audit("plans.follower.signup_limited", follower)
        return False
    token = feeds.new_token()
    if follower is None:
        try:
            with transaction.atomic():
                follower = PlanFollower.objects.create(
                    plan=plan, email=email, language=language, token_hash=_hash(token)
                )
        except IntegrityError:
            return False  # the same address signed up at the same moment
        action = "plans.follower.signed_up"
    elif follower.confirmed_at is None:
        # A new link: the old one's token cannot be recovered from its hash.
        follower.token_hash = _hash(token)
        follower.language = language
        follower.save(update_fields=["token_hash", "language", "updated_at"])
        action = "plans.follower.signed_up"
    else:
        # Already following: say so (with the unsubscribe link), but keep the links as they are.
        follower.save(update_fields=["updated_at"])
        action = "plans.follower.signup_repeated"
    _audit(action, follower)
    version = public_version(plan)
    with translation.override(follower.language):
        context = {
            "plan_title": version.title if version else plan.title,
            "confirmed": follower.confirmed_at is not None,
            "confirm_url": confirmation_url(token),
            "public_url": public_url(plan),
            "unsubscribe_url": unsubscribe_url(follower),
            "days": PENDING_DAYS,
        }
        subject = (
            _("You follow %(plan)s")
            if context["confirmed"]
            else _("Confirm that you follow %(plan)s")
        ) % {"plan": context["plan_title"]}
        body = render_to_string("plans/email/follow_confirm.txt", context)
    _send(subject, body, follower)
    return True


@transaction.atomic
def confirm_follow(*, follower: PlanFollower) -> None:
    if follower.confirmed_at is not None:
        return
    follower.confirmed_at = timezone.now()
    follower.save(update_fields=["confirmed_at", "updated_at"])
    _audit("plans.follower.confirmed", follower)


def _sent_records(follower: PlanFollower) -> QuerySet[SentReminder]:
    return SentReminder.objects.filter(key__startswith=f"follow:{follower.pk}:")


@transaction.atomic
def unsubscribe(*, follower: PlanFollower) -> None:
    _sent_records(follower).delete()
    _audit("plans.follower.unsubscribed", follower, confirmed=follower.confirmed_at is not None)
    follower.delete()


@transaction.atomic
def delete_stale_signups(today: dt.date) -> int:
    """Delete sign-ups not confirmed within PENDING_DAYS of their last e-mail."""
    cutoff = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=PENDING_DAYS), dt.time.min)
    )
    stale = list(PlanFollower.objects.filter(confirmed_at__isnull=True, updated_at__lt=cutoff))
    if not stale:
        return 0
    # An unconfirmed follower was sent no notice, so no SentReminder names it.
    PlanFollower.objects.filter(pk__in=[f.pk for f in stale]).delete()
    audit_log(
        actor=None,
        action="plans.follower.pending_deleted",
        target_type="plans.planfollower",
        detail={"count": len(stale), "before": cutoff.date()},
    )
    return len(stale)


def _send(subject: str, body: str, follower: PlanFollower) -> None:
    link = unsubscribe_url(follower)
    EmailMessage(
        subject,
        body,
        None,
        [follower.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()


# --- Notices ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    key: str  # the event, without the follower
    kind: str  # "report", "evaluation" or "expired"
    happened_on: dt.date
    evaluation_kind: str = ""


def _plan_notices(plan: Plan, today: dt.date) -> tuple[PlanVersion | None, list[Notice]]:
    """What a follower of `plan` may hear of on `today`, and the public version."""
    versions = list(plan.versions.all())  # prefetched: public versions with their events
    version = selectors.latest_adopted(versions)
    notices: list[Notice] = []
    if version is None:
        return None, notices
    for v in versions:
        for round_ in v.reporting_rounds.all():
            if (
                round_.status == RoundStatus.CLOSED
                and round_.closed_on
                and round_.closed_on <= today
            ):
                notices.append(Notice(f"round:{round_.pk}", "report", round_.closed_on))
        for evaluation in v.evaluations.all():
            if evaluation.completed_on and evaluation.completed_on <= today:
                notices.append(
                    Notice(
                        f"evaluation:{evaluation.pk}",
                        "evaluation",
                        evaluation.completed_on,
                        evaluation.kind,
                    )
                )
    state = selectors.plan_state(plan, today)
    if state.expired and state.period_end is not None:
        notices.append(
            Notice(f"expired:{version.pk}", "expired", state.period_end + dt.timedelta(days=1))
        )
    return version, notices


def _notice_subject(notice: Notice, title: str) -> str:
    if notice.kind == "report":
        return _("New status report: %(plan)s") % {"plan": title}
    if notice.kind == "evaluation":
        return _("Evaluation completed: %(plan)s") % {"plan": title}
    return _("The action plan has expired: %(plan)s") % {"plan": title}


def send_follower_notices(today: dt.date) -> int:
    """Send every notice due to confirmed followers not sent before; returns how many
    e-mails went out."""
    followers = list(
        PlanFollower.objects.filter(confirmed_at__isnull=False)
        .filter(plan__versions__in=PlanVersion.objects.filter(public_versions_q()))
        .distinct()
        .order_by("plan_id", "created_at")
    )
    if not followers:
        return 0
    plans = Plan.objects.filter(pk__in={f.plan_id for f in followers}).prefetch_related(
        Prefetch(
            "versions",
            queryset=PlanVersion.objects.filter(public_versions_q()).prefetch_related(
                Prefetch("adoptions", queryset=Adoption.objects.select_related("municipality")),
                Prefetch(
                    "reporting_rounds",
                    queryset=ReportingRound.objects.filter(status=RoundStatus.CLOSED),
                ),
                Prefetch("evaluations", queryset=Evaluation.objects.all()),
            ),
        )
    )
    events = {plan.pk: (plan, *_plan_notices(plan, today)) for plan in plans}
    already = set(
        SentReminder.objects.filter(
            key__startswith="follow:", recipient__in={f.email for f in followers}
        ).values_list("key", flat=True)
    )
    sent = 0
    for follower in followers:
        plan, version, notices = events[follower.plan_id]
        if version is None:
            continue
        assert follower.confirmed_at is not None
        since = timezone.localtime(follower.confirmed_at).date()
        for notice in notices:
            key = f"follow:{follower.pk}:{notice.key}"
            if notice.happened_on < since or key in already:
                continue
            with translation.override(follower.language):
                context = {
                    "kind": notice.kind,
                    "plan_title": version.title,
                    "date": date_format(notice.happened_on),
                    "evaluation": notice.evaluation_kind,
                    "public_url": public_url(plan),
                    "unsubscribe_url": unsubscribe_url(follower),
                }
                subject = _notice_subject(notice, version.title)
                body = render_to_string("plans/email/follow_notice.txt", context)
            try:
                with transaction.atomic():
                    SentReminder.objects.create(key=key, recipient=follower.email)
                    _send(subject, body, follower)
            except IntegrityError:
                continue  # another run got there first
            sent += 1
    return sent
