"""The directory and training demos load on top of the partnership demo, twice without
change, and give the figures the pages show."""

import pytest
from django.test import override_settings
from django.utils import timezone

from samvern.accounts import demo as accounts_demo
from samvern.directory import demo as directory_demo
from samvern.directory.models import DirectorySettings, Service, ServiceKind
from samvern.directory.selectors import checked_share
from samvern.partnerships import demo as partnerships_demo
from samvern.partnerships.models import ContactChange, Partnership
from samvern.training import demo
from samvern.training.models import CompetenceRecord, TrainingEvent, TrainingPlan
from samvern.training.selectors import coverage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_built(shared_db):
    with shared_db():
        today = timezone.localdate()
        fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        with override_settings(DEMO_MODE=True, PASSWORD_HASHERS=fast_hashing):
            accounts_demo.load(today=today)
            partnerships_demo.load(today=today)
            for _ in range(2):
                directory_demo.load(today=today)
                demo.load(today=today)
        yield


@pytest.fixture
def partnership(demo_built, db):
    return Partnership.objects.get(name=partnerships_demo.PARTNERSHIP_NAME)


def test_fifteen_directory_entries_published(partnership):
    assert Service.objects.filter(partnership=partnership).count() == 15
    assert Service.objects.filter(kind=ServiceKind.VIOLENCE_PROGRAMME).count() == 2
    assert DirectorySettings.objects.get(partnership=partnership).public_page
    share = checked_share(partnership, on=timezone.localdate())
    assert (share.checked, share.active) == (12, 15)


def test_training_records(partnership):
    assert TrainingEvent.objects.filter(partnership=partnership).count() == 6
    assert CompetenceRecord.objects.count() == 36
    assert TrainingPlan.objects.get(partnership=partnership).courses.count() == 4
    figures = {row.organisation.name: row for row in coverage(partnership, timezone.localdate())}
    assert figures["Bergen krisesenter"].staff == 5
    assert figures["Bergen krisesenter"].trained >= 1


def test_a_relay_change_leaves_nav_without_a_deputy(partnership):
    nav = partnership.members.get(organisation__name="NAV Bergenhus")
    assert nav.relay.username == "amir.nav"
    assert nav.deputy is None
    assert ContactChange.objects.filter(member=nav).first().handover_notes
