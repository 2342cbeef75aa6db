"""Writes for partnerships: keyword-only, typed, atomic, audited.

Callers fetch the partnership or membership through `access.py` first; the services check
the business rules (dates, who can be a contact person) and raise ValidationError with a
translated message when they are broken, leaving everything unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.audit.services import audit_log
from samvern.core.links import site_url
from samvern.partnerships.access import coordinator_ids
from samvern.partnerships.models import (
    AddressReveal,
    ContactChange,
    Partnership,
    PartnershipMember,
)
from samvern.partnerships.selectors import is_available_contact
from samvern.places.models import Municipality

NAME_MAX_LENGTH = Partnership._meta.get_field("name").max_length or 200


def _short(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _user_label(user: User | None) -> str:
    return user.get_username() if user is not None else ""


def _clean_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ValidationError(_("A partnership needs a name."), code="name_required")
    if len(cleaned) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("The name can be at most %(limit)d characters.") % {"limit": NAME_MAX_LENGTH},
            code="name_too_long",
        )
    return cleaned


def _check_municipalities(municipalities: Iterable[Municipality]) -> list[Municipality]:
    chosen = list(municipalities)
    if any(municipality.year != 2024 for municipality in chosen):
        raise ValidationError(
            _("Choose municipalities from today's municipality structure."),
            code="outdated_municipality",
        )
    return chosen


@transaction.atomic
def create_partnership(
    *,
    actor: Actor,
    name: str,
    coordinator: Organisation,
    joined_on: dt.date,
    description: str = "",
    municipalities: Iterable[Municipality] = (),
) -> Partnership:
    """Start a partnership coordinated by one of the actor's organisations; the
    coordinator becomes its first member from `joined_on`."""
    if coordinator.pk not in coordinator_ids(actor):
        raise ValidationError(
            _(
                "You can only start a partnership coordinated by an organisation where you "
                "are a conference coordinator or organisation administrator."
            ),
            code="not_coordinator",
        )
    if not coordinator.is_active:
        raise ValidationError(
            _("The coordinating organisation is no longer active."), code="inactive_org"
        )
    area = _check_municipalities(municipalities)
    partnership = Partnership.objects.create(
        name=_clean_name(name),
        description=(description or "").strip(),
        coordinator=coordinator,
    )
    partnership.municipalities.set(area)
    member = PartnershipMember.objects.create(
        partnership=partnership, organisation=coordinator, joined_on=joined_on
    )
    audit_log(
        actor=actor,
        action="partnerships.partnership.created",
        target=partnership,
        organisation=coordinator,
        detail={
            "name": partnership.name,
            "coordinator": str(coordinator.pk),
            "municipalities": [m.code for m in area],
        },
    )
    audit_log(
        actor=actor,
        action="partnerships.member.joined",
        target=member,
        organisation=coordinator,
        detail={
            "partnership": str(partnership.pk),
            "organisation": str(coordinator.pk),
            "organisation_name": coordinator.name,
            "joined_on": joined_on,
        },
    )
    return partnership


@transaction.atomic
def update_partnership(
    *,
    actor: Actor,
    partnership: Partnership,
    name: str,
    description: str,
    coordinator: Organisation,
    municipalities: Iterable[Municipality],
    is_active: bool,
    address_reveal: str | None = None,
) -> Partnership:
    """Change a partnership's name, purpose, area, coordinator, whether it is active and
    who may reveal a protected address in its cases (None keeps the current rule).
    Coordination can only pass to an organisation that is a member today."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    today = timezone.localdate()
    if (
        coordinator.pk != partnership.coordinator_id
        and not PartnershipMember.objects.active_on(today)
        .filter(partnership=partnership, organisation=coordinator)
        .exists()
    ):
        raise ValidationError(
            _("Coordination can only pass to an organisation that is a member today."),
            code="coordinator_not_member",
        )
    if address_reveal is not None and address_reveal not in AddressReveal.values:
        raise ValidationError(
            _("Choose who may reveal a protected address."), code="address_reveal"
        )
    area = _check_municipalities(municipalities)
    before = {
        "name": partnership.name,
        "description": partnership.description,
        "coordinator": str(partnership.coordinator_id),
        "municipalities": sorted(partnership.municipalities.values_list("code", flat=True)),
        "is_active": partnership.is_active,
        "address_reveal": partnership.address_reveal,
    }
    partnership.name = _clean_name(name)
    partnership.description = (description or "").strip()
    partnership.coordinator = coordinator
    partnership.is_active = is_active
    if address_reveal is not None:
        partnership.address_reveal = address_reveal
    partnership.save(
        update_fields=[
            "name",
            "description",
            "coordinator",
            "is_active",
            "address_reveal",
            "updated_at",
        ]
    )
    partnership.municipalities.set(area)
    after = {
        "name": partnership.name,
        "description": partnership.description,
        "coordinator": str(partnership.coordinator_id),
        "municipalities": sorted(m.code for m in area),
        "is_active": partnership.is_active,
        "address_reveal": partnership.address_reveal,
    }
    changed = {
        key: {"from": before[key], "to": after[key]} for key in after if before[key] != after[key]
    }
    if changed:
        audit_log(
            actor=actor,
            action="partnerships.partnership.updated",
            target=partnership,
            organisation=partnership.coordinator,
            detail={"changes": changed},
        )
    return partnership


@transaction.atomic
def add_member(
    *, actor: Actor, partnership: Partnership, organisation: Organisation, joined_on: dt.date
) -> PartnershipMember:
    """An organisation joins the partnership from `joined_on`; it may rejoin after
    leaving, but its membership periods never overlap."""
    # Lock the partnership row so two coordinators adding the same organisation at once
    # cannot both pass the overlap check.
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if not partnership.is_active:
        raise ValidationError(
            _("This partnership is no longer active; it cannot take in new members."),
            code="partnership_inactive",
        )
    if not organisation.is_active:
        raise ValidationError(
            _("%(organisation)s is no longer an active organisation.")
            % {"organisation": organisation.name},
            code="inactive_org",
        )
    overlapping = (
        PartnershipMember.objects.filter(partnership=partnership, organisation=organisation)
        .exclude(left_on__isnull=False, left_on__lte=joined_on)
        .order_by("-joined_on")
        .first()
    )
    if overlapping is not None:
        if overlapping.left_on is None:
            code = "already_member"
            message = _(
                "%(organisation)s is already a member (since %(date)s). "
                "Register that it leaves before it can join again."
            ) % {"organisation": organisation.name, "date": _short(overlapping.joined_on)}
        else:
            code = "overlaps_former_membership"
            message = _(
                "%(organisation)s was a member until %(date)s; a new membership must start "
                "on or after that date."
            ) % {"organisation": organisation.name, "date": _short(overlapping.left_on)}
        raise ValidationError(message, code=code)
    member = PartnershipMember.objects.create(
        partnership=partnership, organisation=organisation, joined_on=joined_on
    )
    audit_log(
        actor=actor,
        action="partnerships.member.joined",
        target=member,
        organisation=partnership.coordinator,
        detail={
            "partnership": str(partnership.pk),
            "organisation": str(organisation.pk),
            "organisation_name": organisation.name,
            "joined_on": joined_on,
        },
    )
    return member


@transaction.atomic
def end_membership(
    *, actor: Actor, member: PartnershipMember, left_on: dt.date
) -> PartnershipMember:
    """The member organisation leaves on `left_on`: from that day on its people no longer
    see the partnership or take part in its cases. Nothing that happened before is
    removed. The date cannot lie in the past, so history is never rewritten."""
    member = (
        PartnershipMember.objects.select_for_update(of=("self",))
        .select_related("partnership", "organisation")
        .get(pk=member.pk)
    )
    today = timezone.localdate()
    if member.left_on is not None:
        raise ValidationError(
            _("%(organisation)s already left the partnership on %(date)s.")
            % {"organisation": member.organisation.name, "date": _short(member.left_on)},
            code="already_left",
        )
    if left_on < member.joined_on:
        raise ValidationError(
            _("The leaving date cannot be before the joining date (%(date)s).")
            % {"date": _short(member.joined_on)},
            code="left_before_joined",
        )
    if left_on < today:
        raise ValidationError(
            _("The leaving date cannot be in the past; use today's date or a later one."),
            code="left_in_past",
        )
    if member.organisation_id == member.partnership.coordinator_id:
        raise ValidationError(
            _(
                "The coordinating organisation cannot leave. Pass coordination to another "
                "member first."
            ),
            code="coordinator_leaving",
        )
    member.left_on = left_on
    member.save(update_fields=["left_on", "updated_at"])
    audit_log(
        actor=actor,
        action="partnerships.member.left",
        target=member,
        organisation=member.partnership.coordinator,
        detail={
            "partnership": str(member.partnership_id),
            "organisation": str(member.organisation_id),
            "organisation_name": member.organisation.name,
            "joined_on": member.joined_on,
            "left_on": left_on,
        },
    )
    return member


def _check_contact(user: User | None, member: PartnershipMember, *, label: str) -> None:
    if user is not None and not is_available_contact(user, member.organisation_id):
        raise ValidationError(
            _("%(who)s must be an active user with a role in %(organisation)s.")
            % {"who": label, "organisation": member.organisation.name},
            code="contact_not_in_organisation",
        )


def _getting_started_url(member: PartnershipMember) -> str:
    """The newcomer's own page: governance's onboarding page where that app is installed
    (found by its route's name, so this layer imports nothing above it), else the
    partnership's page."""
    try:
        path = reverse("governance:my_onboarding", args=[member.partnership_id])
    except NoReverseMatch:
        path = reverse("partnerships:detail", args=[member.partnership_id])
    return site_url(path)


def _tell_new_contact(
    *, actor: Actor, member: PartnershipMember, person: User, deputy: bool
) -> bool:
    """E-mail someone just named contact person or deputy, once the change is committed,
    so that they know before the first reminder or meeting reaches them. Not sent to
    someone who named themselves, nor to an address-less or inactive account. The e-mail
    names the partnership and organisation only; the rest is read after signing in."""
    author = actor.user
    if not person.email or not person.is_active or (author is not None and author.pk == person.pk):
        return False
    named_by = (author.get_full_name() or author.get_username()) if author is not None else ""
    with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "deputy": deputy,
            "named_by": named_by or "Samvern",
            "organisation": member.organisation.name,
            "partnership": member.partnership.name,
            "url": _getting_started_url(member),
        }
        if deputy:
            subject = _("You are now deputy contact person for %(organisation)s in %(partnership)s")
        else:
            subject = _("You are now contact person for %(organisation)s in %(partnership)s")
        subject = subject % context
        body = render_to_string("partnerships/email/contact_named.txt", context)
    address = person.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))
    return True


@transaction.atomic
def set_contacts(
    *,
    actor: Actor,
    member: PartnershipMember,
    relay: User | None,
    deputy: User | None,
    handover_notes: str = "",
    notify: bool = True,
) -> ContactChange | None:
    """Name the member organisation's contact person and deputy.

    Replacing a contact person needs hand-over notes for the successor; they are kept
    with the change, so the history shows what each successor was told. Whoever is newly
    named is told by e-mail (`notify=False` only for the demo, whose people have no
    inbox)."""
    member = (
        PartnershipMember.objects.select_for_update(of=("self",))
        .select_related("partnership", "organisation", "relay", "deputy")
        .get(pk=member.pk)
    )
    notes = (handover_notes or "").strip()
    today = timezone.localdate()
    if member.left_on is not None and member.left_on <= today:
        raise ValidationError(
            _(
                "%(organisation)s has left the partnership; its contact persons can no longer "
                "be changed."
            )
            % {"organisation": member.organisation.name},
            code="member_left",
        )
    _check_contact(relay, member, label=_("The contact person"))
    _check_contact(deputy, member, label=_("The deputy"))
    if relay is not None and deputy is not None and relay.pk == deputy.pk:
        raise ValidationError(
            _("The contact person and the deputy must be two different people."),
            code="relay_is_deputy",
        )
    previous_relay, previous_deputy = member.relay, member.deputy
    relay_changed = (previous_relay.pk if previous_relay else None) != (relay.pk if relay else None)
    deputy_changed = (previous_deputy.pk if previous_deputy else None) != (
        deputy.pk if deputy else None
    )
    if relay_changed and previous_relay is not None and not notes:
        raise ValidationError(
            _(
                "Write hand-over notes for the new contact person: ongoing matters, "
                "agreements and who to talk to."
            ),
            code="handover_notes_required",
        )
    if not relay_changed and not deputy_changed and (not notes or notes == member.handover_notes):
        return None
    member.relay, member.deputy = relay, deputy
    update_fields = ["relay", "deputy", "updated_at"]
    if notes:
        member.handover_notes = notes
        update_fields.append("handover_notes")
    if relay_changed:
        # An absence belongs to the person who was away, not to their successor.
        member.relay_away_until = None
        update_fields.append("relay_away_until")
    member.save(update_fields=update_fields)
    change = ContactChange.objects.create(
        member=member,
        changed_at=timezone.now(),
        changed_by=actor.user,
        previous_relay=previous_relay,
        new_relay=relay,
        previous_deputy=previous_deputy,
        new_deputy=deputy,
        handover_notes=notes,
    )
    detail: dict[str, object] = {
        "partnership": str(member.partnership_id),
        "organisation": str(member.organisation_id),
        "organisation_name": member.organisation.name,
        "handover_notes_written": bool(notes),
    }
    if relay_changed:
        told = (
            notify
            and relay is not None
            and _tell_new_contact(actor=actor, member=member, person=relay, deputy=False)
        )
        audit_log(
            actor=actor,
            action="partnerships.relay.changed",
            target=member,
            organisation=member.organisation,
            detail={
                **detail,
                "from": _user_label(previous_relay),
                "to": _user_label(relay),
                "told_by_email": told,
            },
        )
    if deputy_changed:
        told = (
            notify
            and deputy is not None
            and _tell_new_contact(actor=actor, member=member, person=deputy, deputy=True)
        )
        audit_log(
            actor=actor,
            action="partnerships.deputy.changed",
            target=member,
            organisation=member.organisation,
            detail={
                **detail,
                "from": _user_label(previous_deputy),
                "to": _user_label(deputy),
                "told_by_email": told,
            },
        )
    if not relay_changed and not deputy_changed:
        audit_log(
            actor=actor,
            action="partnerships.handover.updated",
            target=member,
            organisation=member.organisation,
            detail=detail,
        )
    return change


@transaction.atomic
def set_relay_absence(
    *, actor: Actor, member: PartnershipMember, away_until: dt.date | None
) -> PartnershipMember:
    """Mark the contact person as away until a date (inclusive), so that the deputy is
    the one to contact meanwhile; None marks them back."""
    member = (
        PartnershipMember.objects.select_for_update(of=("self",))
        .select_related("organisation", "relay", "deputy")
        .get(pk=member.pk)
    )
    today = timezone.localdate()
    if away_until is not None:
        if member.relay is None:
            raise ValidationError(
                _("Name a contact person before marking them as away."), code="no_relay"
            )
        if away_until < today:
            raise ValidationError(
                _("The date the contact person is away until cannot be in the past."),
                code="away_in_past",
            )
        if member.deputy is None:
            raise ValidationError(
                _(
                    "Name a deputy first, so that someone can be contacted while the contact "
                    "person is away."
                ),
                code="no_deputy",
            )
    if member.relay_away_until == away_until:
        return member
    previous = member.relay_away_until
    member.relay_away_until = away_until
    member.save(update_fields=["relay_away_until", "updated_at"])
    audit_log(
        actor=actor,
        action="partnerships.relay.absence_changed",
        target=member,
        organisation=member.organisation,
        detail={
            "partnership": str(member.partnership_id),
            "organisation": str(member.organisation_id),
            "relay": _user_label(member.relay),
            "from": previous,
            "to": away_until,
        },
    )
    return member
