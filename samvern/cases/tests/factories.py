"""Factories for case-layer rows, made directly (no services, so no audit events and no
rules run for the setup data). A test that is about a service calls the service; a test
that only needs a case to stand in a given state builds it here.

    case = CaseFactory(partnership=p, referring_organisation=police)
    CaseParticipantFactory(case=case, organisation=police)
    note = NoteFactory(case=case, author_organisation=police)
    ShareFactory(item=note, recipients=[crisis])

The factories make valid rows, not meaningful ones: who takes part, who is a member of
the partnership (PartnershipMemberFactory) and who may see what is for the test to set.
"""

from __future__ import annotations

from collections.abc import Iterable

import factory
from django.utils import timezone

from samvern.accounts.models import Organisation
from samvern.accounts.tests.factories import OrganisationFactory, UserFactory
from samvern.cases.models import (
    Case,
    CaseParticipant,
    Consent,
    InformationItem,
    ItemKind,
    LegalBasis,
    Person,
    PersonRole,
    ReferralSource,
    Share,
    ShareScope,
)
from samvern.partnerships.tests.factories import PartnershipFactory, PartnershipMemberFactory

__all__ = [
    "CaseFactory",
    "CaseParticipantFactory",
    "ConsentFactory",
    "InformationItemFactory",
    "NoteFactory",
    "PartnershipFactory",
    "PartnershipMemberFactory",
    "PersonFactory",
    "ShareFactory",
]


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    reference = factory.Sequence(lambda n: f"TEST-{n:06d}")
    source = ReferralSource.POLICE_INCIDENT
    reason = "Henvist i testen."
    referred_on = factory.LazyFunction(timezone.localdate)
    referring_organisation = factory.SubFactory(OrganisationFactory)
    referred_by = factory.SubFactory(UserFactory)


class CaseParticipantFactory(factory.django.DjangoModelFactory[CaseParticipant]):
    class Meta:
        model = CaseParticipant

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.referring_organisation")
    added_on = factory.SelfAttribute("case.referred_on")
    added_by = factory.SelfAttribute("case.referred_by")
    referred_on = factory.SelfAttribute("added_on")
    referring_organisation = factory.SelfAttribute("case.referring_organisation")


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    case = factory.SubFactory(CaseFactory)
    role = PersonRole.EXPOSED
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")


class ConsentFactory(factory.django.DjangoModelFactory[Consent]):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    scope = "Deling i testen"
    given_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SelfAttribute("person.case.referred_by")
    organisation = factory.SelfAttribute("person.case.referring_organisation")


class InformationItemFactory(factory.django.DjangoModelFactory[InformationItem]):
    class Meta:
        model = InformationItem

    case = factory.SubFactory(CaseFactory)
    kind = ItemKind.NOTE
    title = factory.Sequence(lambda n: f"Notat {n}")
    body = "Tekst i testen."
    author = factory.SelfAttribute("case.referred_by")
    author_organisation = factory.SelfAttribute("case.referring_organisation")


NoteFactory = InformationItemFactory


class ShareFactory(factory.django.DjangoModelFactory[Share]):
    """A share of an item with all participants, on the duty to avert a crime, by default.
    `recipients=[...]` makes it a share with those named organisations; pass
    `legal_basis=LegalBasis.CONSENT, consent=...` for a share on consent."""

    class Meta:
        model = Share
        skip_postgeneration_save = True

    item = factory.SubFactory(InformationItemFactory)
    scope = ShareScope.ALL_PARTICIPANTS
    legal_basis = LegalBasis.AVERT_CRIME
    purpose = "Deling i testen"
    shared_by = factory.SelfAttribute("item.author")
    organisation = factory.SelfAttribute("item.author_organisation")

    @factory.PostGeneration  # what factory.post_generation returns, with a typed constructor
    def recipients(
        self: Share,
        create: bool,
        extracted: Iterable[Organisation] | None,
        **kwargs: object,
    ) -> None:
        if create and extracted:
            self.recipients.set(extracted)
            if self.scope == ShareScope.ALL_PARTICIPANTS:
                self.scope = ShareScope.NAMED
                self.save(update_fields=["scope"])
