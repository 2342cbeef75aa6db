import pytest
from django.test import override_settings
from django.utils import timezone

from samvern.accounts import demo as accounts_demo
from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.partnerships import demo
from samvern.partnerships.models import Partnership
from samvern.partnerships.selectors import member_organisations, partnerships_for, relay_for

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_built(shared_db):
    """The demo, loaded once for the tests of this module (they only read it) and rolled
    back after them."""
    with shared_db():
        today = timezone.localdate()
        # Argon2 for two dozen demo users would dominate the run time; the hasher is not
        # what these tests are about.
        fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        with override_settings(DEMO_MODE=True, PASSWORD_HASHERS=fast_hashing):
            accounts_demo.load(today=today)
            demo.load(today=today)
            demo.load(today=today)  # a second run changes nothing
        yield


@pytest.fixture
def demo_loaded(demo_built, db):
    """Each test runs in its own savepoint over the shared demo."""
    return Partnership.objects.get(name=demo.PARTNERSHIP_NAME)


def test_demo_conference_has_six_members_and_one_former(demo_loaded):
    assert Partnership.objects.filter(name=demo.PARTNERSHIP_NAME).count() == 1
    assert demo_loaded.coordinator.name == "Vest politidistrikt"
    assert {o.name for o in member_organisations(demo_loaded)} == {
        "Vest politidistrikt",
        "Bergen krisesenter",
        "Barneverntjenesten i Bergen",
        "Legevakten i Bergen",
        "NAV Bergenhus",
        "Alternativ til Vold Bergen",
    }
    former = demo_loaded.members.get(organisation__name="RVTS Vest")
    assert former.left_on is not None and former.left_on <= timezone.localdate()


def test_every_demo_member_has_a_contact_person_and_a_deputy(demo_loaded):
    for organisation in member_organisations(demo_loaded):
        member = demo_loaded.members.get(organisation=organisation, left_on__isnull=True)
        assert member.relay is not None and member.deputy is not None, organisation
        assert relay_for(demo_loaded, organisation) == member.relay
    shelter = Organisation.objects.get(name="Bergen krisesenter")
    assert relay_for(demo_loaded, shelter).username == "nina.krisesenter"


def _actor(username):
    return Actor.load(User.objects.get(username=username))


def test_demo_people_see_the_partnership_by_role(demo_loaded):
    assert list(partnerships_for(_actor("nina.krisesenter"))) == [demo_loaded]
    assert list(partnerships_for(_actor("hanne.koordinator"))) == [demo_loaded]
    # The resource centre left; its analyst no longer sees the partnership.
    assert list(partnerships_for(_actor("silje.analytiker"))) == []
    assert list(partnerships_for(_actor("kari.planlegger"))) == []


def test_demo_keeps_a_hand_over_in_the_history(demo_loaded):
    shelter = demo_loaded.members.get(organisation__name="Bergen krisesenter")
    handovers = [c for c in shelter.contact_changes.all() if c.handover_notes]
    assert len(handovers) == 1
    assert handovers[0].previous_relay.username == "sofie.krisesenter"
