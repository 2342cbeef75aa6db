"""The case-layer factories make rows the access rules read as they would read rows made
by the services, and they write no audit events (setup data is not an action)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, OrganisationKind, Role, User
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.audit.models import AuditEvent
from samvern.cases.access import Need, access_case, access_consent, access_item, access_person
from samvern.cases.models import Case, LegalBasis, ShareScope
from samvern.cases.tests.factories import (
    CaseFactory,
    CaseParticipantFactory,
    ConsentFactory,
    InformationItemFactory,
    NoteFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
    PersonFactory,
    ShareFactory,
)
from samvern.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


class Setup:
    def __init__(self) -> None:
        self.x: Organisation = OrganisationFactory(name="X", kind=OrganisationKind.POLICE)
        self.y: Organisation = OrganisationFactory(name="Y", kind=OrganisationKind.CRISIS_CENTRE)
        self.partnership: Partnership = PartnershipFactory(coordinator=self.x)
        joined = dt.date(2020, 1, 1)
        for organisation in (self.x, self.y):
            PartnershipMemberFactory(
                partnership=self.partnership, organisation=organisation, joined_on=joined
            )
        self.worker_x: User = make_member(self.x, Role.CASE_WORKER)
        self.worker_y: User = make_member(self.y, Role.CASE_WORKER)
        self.case: Case = CaseFactory(
            partnership=self.partnership,
            referring_organisation=self.x,
            referred_by=self.worker_x,
        )
        CaseParticipantFactory(case=self.case, organisation=self.x)

    def actor_x(self) -> Actor:
        return Actor.load(self.worker_x, organisation=self.x)

    def actor_y(self) -> Actor:
        return Actor.load(self.worker_y, organisation=self.y)


@pytest.fixture
def setup() -> Setup:
    return Setup()


def test_a_case_is_visible_to_the_participant_and_a_404_for_another_member(setup: Setup) -> None:
    assert access_case(setup.actor_x(), setup.case.pk, Need.VIEW).case == setup.case
    with pytest.raises(Http404):
        access_case(setup.actor_y(), setup.case.pk, Need.VIEW)


def test_a_participant_factory_lets_the_other_member_in(setup: Setup) -> None:
    CaseParticipantFactory(case=setup.case, organisation=setup.y)

    assert access_case(setup.actor_y(), setup.case.pk, Need.VIEW).case == setup.case


def test_a_participant_that_is_not_a_member_sees_nothing(setup: Setup) -> None:
    outsider_org = OrganisationFactory(name="Z")
    outsider = make_member(outsider_org, Role.CASE_WORKER)
    CaseParticipantFactory(case=setup.case, organisation=outsider_org)

    with pytest.raises(Http404):
        access_case(Actor.load(outsider, organisation=outsider_org), setup.case.pk, Need.VIEW)


def test_a_removed_participant_sees_nothing(setup: Setup) -> None:
    day = setup.case.referred_on
    CaseParticipantFactory(
        case=setup.case,
        organisation=setup.y,
        added_on=day - dt.timedelta(days=5),
        removed_on=day - dt.timedelta(days=1),
    )

    with pytest.raises(Http404):
        access_case(setup.actor_y(), setup.case.pk, Need.VIEW)


def test_a_note_is_its_authors_until_shared(setup: Setup) -> None:
    CaseParticipantFactory(case=setup.case, organisation=setup.y)
    note = NoteFactory(case=setup.case)

    assert note.author == setup.worker_x
    assert note.author_organisation == setup.x
    assert access_item(setup.actor_x(), note.pk, Need.VIEW).item == note
    with pytest.raises(Http404):
        access_item(setup.actor_y(), note.pk, Need.VIEW)


def test_a_named_share_makes_the_item_visible_to_a_participating_recipient(
    setup: Setup,
) -> None:
    note = NoteFactory(case=setup.case)
    share = ShareFactory(item=note, recipients=[setup.y])

    assert share.scope == ShareScope.NAMED
    assert list(share.recipients.all()) == [setup.y]
    with pytest.raises(Http404):  # shared with Y, but Y does not take part yet
        access_item(setup.actor_y(), note.pk, Need.VIEW)

    CaseParticipantFactory(case=setup.case, organisation=setup.y)

    assert access_item(setup.actor_y(), note.pk, Need.VIEW).item == note
    with pytest.raises(Http404):  # sharing further is for the author organisation
        access_item(setup.actor_y(), note.pk, Need.SHARE)


def test_a_share_with_all_participants_reaches_every_participant(setup: Setup) -> None:
    CaseParticipantFactory(case=setup.case, organisation=setup.y)
    note = InformationItemFactory(case=setup.case)
    share = ShareFactory(item=note)

    assert share.scope == ShareScope.ALL_PARTICIPANTS
    assert share.organisation == setup.x
    assert share.shared_by == setup.worker_x
    assert access_item(setup.actor_y(), note.pk, Need.VIEW).item == note


def test_a_share_on_a_withdrawn_consent_gives_no_access(setup: Setup) -> None:
    from django.utils import timezone

    CaseParticipantFactory(case=setup.case, organisation=setup.y)
    person = PersonFactory(case=setup.case)
    consent = ConsentFactory(person=person)
    note = NoteFactory(case=setup.case)
    ShareFactory(item=note, recipients=[setup.y], legal_basis=LegalBasis.CONSENT, consent=consent)

    assert access_item(setup.actor_y(), note.pk, Need.VIEW).item == note

    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = setup.worker_x
    consent.save()

    with pytest.raises(Http404):
        access_item(setup.actor_y(), note.pk, Need.VIEW)


def test_person_and_consent_belong_to_the_case(setup: Setup) -> None:
    person = PersonFactory(case=setup.case)
    consent = ConsentFactory(person=person)

    assert person.identity == person.pk
    assert consent.organisation == setup.x
    assert consent.recorded_by == setup.worker_x
    assert access_person(setup.actor_x(), person.pk, Need.VIEW).person == person
    assert access_consent(setup.actor_x(), consent.pk, Need.VIEW).consent == consent
    with pytest.raises(Http404):
        access_person(setup.actor_y(), person.pk, Need.VIEW)


def test_factories_alone_make_a_whole_valid_chain() -> None:
    share = ShareFactory()

    case = share.item.case
    assert case.referring_organisation == share.organisation
    assert Case.objects.filter(pk=case.pk).exists()
    assert ConsentFactory().person.case.reference.startswith("TEST-")


def test_the_factories_write_no_audit_events(setup: Setup) -> None:
    person = PersonFactory(case=setup.case)
    consent = ConsentFactory(person=person)
    note = NoteFactory(case=setup.case)
    ShareFactory(item=note, recipients=[setup.y], legal_basis=LegalBasis.CONSENT, consent=consent)
    ShareFactory()

    assert AuditEvent.objects.count() == 0
