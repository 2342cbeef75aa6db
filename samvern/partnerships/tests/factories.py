import datetime as dt

import factory

from samvern.accounts.models import OrganisationKind
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.partnerships.models import Partnership, PartnershipMember


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Risikokonferanse {n}")
    coordinator = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.POLICE)


class PartnershipMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipMember

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    joined_on = dt.date(2024, 1, 1)
