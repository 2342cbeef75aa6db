"""Persons and identity: add and change a person, link records of the same human
(by identity number, or confirmed by a person), flag a repeat referral, and record that
a protected address was revealed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import ClassVar

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.cases import identity
from samvern.cases.access import PersonAccess, today
from samvern.cases.models import Case, Person, PersonMatch, PersonRole
from samvern.cases.services.common import (
    CaseRuleError,
    audit_case_event,
    require_content_role,
)

REPEAT_WINDOW_DAYS = 365

# The facts of a person that are kept as given (a new person) or edited (a person's
# page), and the address fields, which a protected address keeps off the edit page.
PERSON_FACTS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "birth_date",
    "birth_year",
    "gender",
    "language",
    "needs_interpreter",
    "phone",
    "email",
    "safe_contact",
    "no_case_content_in_messages",
    "protected_address",
)
ADDRESS_FIELDS: tuple[str, ...] = ("street_address", "postal_code", "postal_place")


@dataclass
class PersonData:
    """A new person, as given at referral or on the "add a person" page."""

    role: str
    first_name: str
    last_name: str
    role_uncertain: bool = False
    birth_date: dt.date | None = None
    birth_year: int | None = None
    gender: str = "unknown"
    language: str = ""
    needs_interpreter: bool = False
    phone: str = ""
    email: str = ""
    safe_contact: str = ""
    no_case_content_in_messages: bool = True
    protected_address: bool = False
    street_address: str = ""
    postal_code: str = ""
    postal_place: str = ""
    identity_number: str = ""

    # Copied onto the person as given (names are trimmed, the birth year follows from
    # the birth date, and the identity number is never stored as typed).
    STORED_AS_GIVEN: ClassVar[tuple[str, ...]] = (
        "role",
        "role_uncertain",
        *(name for name in PERSON_FACTS if name not in ("first_name", "last_name", "birth_year")),
        *ADDRESS_FIELDS,
    )


@dataclass
class PersonChanges:
    """The editable facts of a person. An address field left as None keeps the stored
    value (the edit page does not show a protected address, so it cannot send it)."""

    first_name: str
    last_name: str
    birth_date: dt.date | None
    birth_year: int | None
    gender: str
    language: str
    needs_interpreter: bool
    phone: str
    email: str
    safe_contact: str
    no_case_content_in_messages: bool
    protected_address: bool
    street_address: str | None = None
    postal_code: str | None = None
    postal_place: str | None = None

    FACTS: ClassVar[tuple[str, ...]] = PERSON_FACTS
    ADDRESS: ClassVar[tuple[str, ...]] = ADDRESS_FIELDS


assert {f.name for f in fields(PersonChanges)} == set(PERSON_FACTS + ADDRESS_FIELDS)


def _one_year_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=REPEAT_WINDOW_DAYS)


def _flag_repeat(*, actor: Actor, case: Case, person: Person) -> None:
    """A new referral whose person exposed (same identity) had a case in the same
    partnership closed within the last 12 months is a repeat."""
    if person.role != PersonRole.EXPOSED or case.is_repeat:
        return
    earlier = (
        Case.objects.filter(
            partnership=case.partnership_id,
            persons__identity=person.identity,
            persons__role=PersonRole.EXPOSED,
            closed_on__isnull=False,
            closed_on__gte=_one_year_before(case.referred_on),
            closed_on__lte=case.referred_on,
        )
        .exclude(pk=case.pk)
        .order_by("-closed_on")
        .first()
    )
    if earlier is None:
        return
    case.is_repeat = True
    case.repeat_of = earlier
    case.save(update_fields=["is_repeat", "repeat_of", "updated_at"])
    # The referring user may not see the earlier case: the event names it by id only.
    audit_case_event(
        actor=actor,
        action="cases.case.flagged_repeat",
        case=case,
        detail={"earlier_case": str(earlier.pk)},
    )


def _link_identity(*, actor: Actor, person: Person, other: Person, method: str) -> None:
    old_identity = other.identity
    Person.objects.filter(identity=old_identity).update(identity=person.identity)
    PersonMatch.objects.create(
        person=person,
        other=other,
        method=method,
        confirmed_by=actor.user if method == "confirmed" else None,
    )
    audit_case_event(
        actor=actor,
        action="cases.person.matched",
        case=person.case,
        target=person,
        detail={"other_person": str(other.pk), "other_case": str(other.case_id), "method": method},
    )


def create_person(*, actor: Actor, case: Case, data: PersonData) -> Person:
    """Store a new person in `case` (the caller has checked the actor's role)."""
    person = Person(
        case=case,
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        birth_year=data.birth_year or (data.birth_date.year if data.birth_date else None),
        **{name: getattr(data, name) for name in PersonData.STORED_AS_GIVEN},
    )
    if data.identity_number:
        number = identity.validate_nin(data.identity_number)
        person.nin_encrypted = identity.encrypt_nin(number)
        person.nin_hash = identity.hash_nin(number)
        person.nin_masked = identity.mask_nin(number)
    person.identity = person.pk
    person.save()
    audit_case_event(
        actor=actor,
        action="cases.person.added",
        case=case,
        target=person,
        detail={"role": person.role},
    )
    if person.nin_hash:
        # Exact matching within the same partnership: the system links the records;
        # nobody is shown the other case unless they already have access to it.
        other = (
            Person.objects.filter(nin_hash=person.nin_hash, case__partnership=case.partnership_id)
            .exclude(pk=person.pk)
            .exclude(identity=person.identity)
            .order_by("created_at")
            .first()
        )
        if other is not None:
            _link_identity(actor=actor, person=other, other=person, method="nin")
            person.refresh_from_db(fields=["identity"])
    _flag_repeat(actor=actor, case=case, person=person)
    return person


@transaction.atomic
def add_person(*, actor: Actor, case: Case, data: PersonData) -> Person:
    require_content_role(actor)
    return create_person(actor=actor, case=case, data=data)


@transaction.atomic
def update_person(*, actor: Actor, access: PersonAccess, changes: PersonChanges) -> list[str]:
    """Change a person's facts. Returns the names of the fields that changed.

    The audit trail names the changed fields, never their values, so it never holds a
    copy of an address. Switching the address protection is its own event. Removing the
    protection shows the address to everyone in the case, so only a user whose grant
    lets them reveal it may do that."""
    require_content_role(actor)
    person = access.person
    first_name, last_name = changes.first_name.strip(), changes.last_name.strip()
    if not first_name or not last_name:
        raise CaseRuleError(_("A person needs a first name and a last name."))
    if changes.birth_date is not None and changes.birth_date > today():
        raise CaseRuleError(_("The birth date cannot be in the future."))
    if (
        person.protected_address
        and not changes.protected_address
        and not access.grant.reveal_address
    ):
        raise CaseRuleError(_("Only someone who may reveal the address can remove its protection."))
    wanted: dict[str, object] = {}
    for name in PersonChanges.FACTS:
        value = getattr(changes, name)
        wanted[name] = value.strip() if isinstance(value, str) else value
    wanted["first_name"], wanted["last_name"] = first_name, last_name
    wanted["birth_year"] = changes.birth_year or (
        changes.birth_date.year if changes.birth_date else None
    )
    for name in PersonChanges.ADDRESS:
        value = getattr(changes, name)
        if value is not None:
            wanted[name] = value.strip()
    changed = [name for name, value in wanted.items() if getattr(person, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(person, name, wanted[name])
    person.save(update_fields=[*changed, "updated_at"])
    facts = [name for name in changed if name != "protected_address"]
    if facts:
        audit_case_event(
            actor=actor,
            action="cases.person.updated",
            case=person.case,
            target=person,
            detail={"fields": facts},
        )
    if "protected_address" in changed:
        audit_case_event(
            actor=actor,
            action="cases.person.protection_changed",
            case=person.case,
            target=person,
            detail={"protected_address": person.protected_address},
        )
    return changed


@transaction.atomic
def confirm_match(*, actor: Actor, person: Person, other: Person) -> None:
    """A person confirms that two records (both visible to them) are the same human."""
    require_content_role(actor)
    if person.pk == other.pk or person.identity == other.identity:
        raise CaseRuleError(_("These records are already linked."))
    if person.case.partnership_id != other.case.partnership_id:
        raise CaseRuleError(_("Only records in the same partnership can be linked."))
    _link_identity(actor=actor, person=person, other=other, method="confirmed")
    for record in (person, other):
        record.refresh_from_db(fields=["identity"])
        _flag_repeat(actor=actor, case=record.case, person=record)


@transaction.atomic
def reveal_address(*, actor: Actor, person: Person, reason: str) -> None:
    """Record that the actor is shown a protected address, and why."""
    if not reason.strip():
        raise CaseRuleError(_("Give the reason for seeing the protected address."))
    audit_case_event(
        actor=actor,
        action="cases.address.revealed",
        case=person.case,
        target=person,
        detail={"reason": reason.strip()},
    )
