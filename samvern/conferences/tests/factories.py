"""Factories for conference rows, made directly (no services, so no audit events and no
rules run for the setup data), and the two builders every conference world starts from:
a partnership with its members, and a case with the organisations taking part.

    partnership = make_partnership("Testby", coordinator=municipality,
                                   members=[police, crisis], left={nav: day - 10 days},
                                   joined=day - 400 days)
    case = make_case(partnership, police, referrer, participants=(crisis,), referred_on=day)
    held = ConferenceFactory(partnership=partnership, date=..., created_by=coordinator,
                             held=True, statement=statement)
    item = AgendaItemFactory(conference=held, case=case)   # next position, added by the
                                                          # conference's creator
    AttendeeFactory(conference=held, user=rita, organisation=police, confirmed=True)
    ActionPointFactory(item=item, organisation=police, due_on=...)  # the item's case

The factories make valid rows, not meaningful ones: who attends, who takes part and who
may see what is for the world to say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import factory
from django.utils import timezone

from samvern.accounts.models import Organisation, User
from samvern.accounts.tests.factories import UserFactory
from samvern.cases.models import Case, CaseState
from samvern.cases.tests.factories import CaseFactory, CaseParticipantFactory
from samvern.conferences.models import (
    ActionPoint,
    AgendaItem,
    AgendaReason,
    AttendanceStatus,
    Attendee,
    Conference,
    ConferenceStatus,
    ConfidentialityStatement,
)
from samvern.partnerships.models import Partnership
from samvern.partnerships.tests.factories import PartnershipFactory, PartnershipMemberFactory

__all__ = [
    "ActionPointFactory",
    "AgendaItemFactory",
    "AttendeeFactory",
    "ConferenceFactory",
    "ConfidentialityStatementFactory",
    "make_case",
    "make_partnership",
]


def make_partnership(
    name: str,
    *,
    coordinator: Organisation,
    members: Iterable[Organisation],
    joined: dt.date,
    left: Mapping[Organisation, dt.date] | None = None,
) -> Partnership:
    """The partnership, with `members` (and those in `left`, who left on the date given)
    members since `joined`."""
    partnership: Partnership = PartnershipFactory(name=name, coordinator=coordinator)
    for organisation in members:
        PartnershipMemberFactory(
            partnership=partnership, organisation=organisation, joined_on=joined
        )
    for organisation, left_on in (left or {}).items():
        PartnershipMemberFactory(
            partnership=partnership, organisation=organisation, joined_on=joined, left_on=left_on
        )
    return partnership


def make_case(
    partnership: Partnership,
    referring: Organisation,
    referred_by: User,
    *,
    state: str = CaseState.AWAITING_CONFERENCE,
    participants: tuple[Organisation, ...] = (),
    referred_on: dt.date,
    reason: str = "Henvist i testen.",
) -> Case:
    """A case referred by `referring`, which takes part in it with `participants`."""
    case: Case = CaseFactory(
        partnership=partnership,
        referring_organisation=referring,
        referred_by=referred_by,
        state=state,
        reason=reason,
        referred_on=referred_on,
    )
    CaseParticipantFactory(case=case, organisation=referring)
    for organisation in participants:
        CaseParticipantFactory(case=case, organisation=organisation)
    return case


class ConfidentialityStatementFactory(factory.django.DjangoModelFactory[ConfidentialityStatement]):
    class Meta:
        model = ConfidentialityStatement

    partnership = factory.SubFactory(PartnershipFactory)
    version = 1
    text = "Taushetsplikt gjelder."
    created_by = factory.SubFactory(UserFactory)


class ConferenceFactory(factory.django.DjangoModelFactory[Conference]):
    """A planned conference; `held=True` for one already held (`held_at` is for the
    world to set, as it matters to some)."""

    class Meta:
        model = Conference

    class Params:
        held = factory.Trait(status=ConferenceStatus.HELD)

    partnership = factory.SubFactory(PartnershipFactory)
    date = factory.LazyFunction(timezone.localdate)
    starts_at = dt.time(9, 0)
    created_by = factory.SubFactory(UserFactory)


def _next_position(item: AgendaItem) -> int:
    return AgendaItem.objects.filter(conference=item.conference).count() + 1


class AgendaItemFactory(factory.django.DjangoModelFactory[AgendaItem]):
    """The next item on the conference's agenda, a new case, added by whoever made the
    conference."""

    class Meta:
        model = AgendaItem

    conference = factory.SubFactory(ConferenceFactory)
    case = factory.SubFactory(
        CaseFactory, partnership=factory.SelfAttribute("..conference.partnership")
    )
    position = factory.LazyAttribute(_next_position)
    reason = AgendaReason.NEW
    added_by = factory.SelfAttribute("conference.created_by")


class AttendeeFactory(factory.django.DjangoModelFactory[Attendee]):
    """Expected at the conference; `confirmed=True`: has confirmed the conference's
    statement (pass `confirmed_at` for one moment shared by several)."""

    class Meta:
        model = Attendee

    class Params:
        confirmed = factory.Trait(
            confirmed_statement=factory.SelfAttribute("conference.statement"),
            confirmed_at=factory.LazyFunction(timezone.now),
        )
        present = factory.Trait(status=AttendanceStatus.PRESENT)

    conference = factory.SubFactory(ConferenceFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory("samvern.accounts.tests.factories.OrganisationFactory")


class ActionPointFactory(factory.django.DjangoModelFactory[ActionPoint]):
    """An open point for the item's case, agreed by whoever added the item."""

    class Meta:
        model = ActionPoint

    item = factory.SubFactory(AgendaItemFactory)
    case = factory.SelfAttribute("item.case")
    organisation = factory.SubFactory("samvern.accounts.tests.factories.OrganisationFactory")
    description = "Tiltak avtalt i testen."
    due_on = factory.LazyFunction(timezone.localdate)
    created_by = factory.SelfAttribute("item.added_by")
