"""The synthetic data at its tiny scale, generated once for the module: it is what the
services would have stored (links, states, encryption, a valid audit chain), and the
generated users can log in and use the real pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db.models import F, Q
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from samvern.accounts.models import Organisation, User
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.audit.services import verify_trail
from samvern.cases import identity
from samvern.cases.models import Assessment, Case, CaseState, Person, PersonMatch
from samvern.conferences.models import ActionPoint, AgendaItem, Conference
from samvern.plans.models import PlanVersion, StatusReport
from samvern.synthetic.common import MARKER
from samvern.synthetic.generate import generate
from samvern.synthetic.scales import SCALES

pytestmark = [pytest.mark.synthetic, pytest.mark.django_db]

TINY = SCALES["tiny"]


def _today() -> dt.date:
    # Yesterday: every generated event then lies in the past, whatever the time of day,
    # so two runs give the same trail.
    return timezone.localdate() - dt.timedelta(days=1)


@pytest.fixture(scope="module")
def tiny_built(shared_db, tmp_path_factory):
    """Generated once for the tests that only read it (each test runs in its own
    savepoint, so what a page records is undone after it)."""
    path = tmp_path_factory.mktemp("synthetic") / "logins.json"
    with shared_db():
        result = generate(scale=TINY, seed=7, today=_today(), logins_path=path)
        yield result, json.loads(path.read_text())


@pytest.fixture
def tiny(tiny_built, db):
    return tiny_built


def test_every_kind_of_row_is_there_and_linked_as_the_services_link_it(tiny):
    result, _logins = tiny
    for kind in (
        "plans", "plan_versions", "measures", "status_reports", "cases", "persons",
        "assessments", "conferences", "agenda_items", "action_points", "audit_events",
    ):  # fmt: skip
        assert result.counts[kind] > 0, kind
    assert Case.objects.count() == TINY.cases
    # Assessments and persons belong to their case; reports to their version's measures.
    assert not Assessment.objects.filter(person__isnull=False).exclude(person__case=F("case"))
    assert not Assessment.objects.exclude(item__case=F("case"))
    assert not StatusReport.objects.exclude(measure__version=F("round__version"))
    assert not PlanVersion.objects.filter(number__gt=1, previous__isnull=True)
    assert not AgendaItem.objects.exclude(case__partnership=F("conference__partnership"))
    assert not ActionPoint.objects.exclude(case=F("item__case"))
    assert not Case.objects.filter(state=CaseState.CLOSED, closed_on__isnull=True)
    assert not Case.objects.exclude(state=CaseState.CLOSED).filter(closed_on__isnull=False)
    assert not Case.objects.filter(Q(closed_on__lt=F("referred_on")))
    assert not Conference.objects.filter(status="held", date__gte=timezone.localdate())
    # Identity numbers are encrypted as the case layer encrypts them; matched records
    # share their identity.
    person = Person.objects.exclude(nin_encrypted="").first()
    assert person is not None
    number = identity.decrypt_nin(person.nin_encrypted)
    assert identity.hash_nin(number) == person.nin_hash
    assert identity.mask_nin(number) == person.nin_masked
    for match in PersonMatch.objects.select_related("person", "other"):
        assert match.person.identity == match.other.identity
        assert match.person.nin_hash == match.other.nin_hash
    assert not Organisation.objects.exclude(name__endswith=MARKER)


def test_the_audit_trail_verifies_and_answers_who_has_seen_a_case(tiny):
    _result, logins = tiny
    verification = verify_trail()
    assert verification.intact, verification.problems
    assert verification.events == AuditEvent.objects.count()
    case_id = logins["ids"]["case"]
    seen = AuditEvent.objects.filter(detail__case=case_id)
    assert seen.filter(action="cases.case.referred").count() == 1
    assert seen.exclude(action__in=["cases.case.referred", "cases.person.added"]).exists()


def test_the_logins_work_with_their_password_and_second_factor(tiny):
    _result, logins = tiny
    roles = logins["roles"]
    assert roles["public"] is None
    for role in ("plan_editor", "case_worker", "coordinator", "data_protection_officer"):
        entry = roles[role]
        user = User.objects.get(username=entry["username"])
        assert user.check_password(entry["password"])
        if role == "plan_editor":
            assert entry["totp_secret"] is None
            continue
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        assert device.verify_token(f"{totp(bytes.fromhex(entry['totp_key_hex'])):06d}")
    ids = logins["ids"]
    for key in ("plan", "plan_version", "largest_plan", "case", "person", "assessment"):
        assert ids[key], key


def _as(client, logins, role):
    return login(client, User.objects.get(username=logins["roles"][role]["username"]))


def test_the_generated_users_can_use_the_pages(tiny, client, django_assert_max_num_queries):
    _result, logins = tiny
    ids = logins["ids"]
    worker = _as(client, logins, "case_worker")
    with django_assert_max_num_queries(40):
        assert worker.get("/cases/").status_code == 200
    for path in (
        f"/cases/{ids['case']}/",
        f"/cases/persons/{ids['person']}/",
        f"/cases/items/{ids['assessment_item']}/",
    ):
        assert worker.get(path).status_code == 200, path
    client.logout()
    dpo = _as(client, logins, "data_protection_officer")
    assert dpo.get("/audit/").status_code == 200
    assert dpo.get(f"/cases/{ids['case']}/access-log/").status_code == 200
    client.logout()
    coordinator = _as(client, logins, "coordinator")
    assert coordinator.get(f"/conferences/{ids['conference']}/").status_code == 200
    client.logout()
    editor = _as(client, logins, "plan_editor")
    assert editor.get(f"/plans/{ids['plan']}/v/{ids['plan_version']}/").status_code == 200
    client.logout()
    assert client.get(f"/plans/{ids['plan']}/public/").status_code == 200
