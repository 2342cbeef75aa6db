import pytest
from django.test import override_settings
from django.utils import timezone

from samvern.accounts import demo as accounts_demo
from samvern.agreements import demo, selectors
from samvern.agreements.models import Document, DocumentKind
from samvern.partnerships import demo as partnerships_demo
from samvern.partnerships.models import Partnership
from samvern.plans import demo as plans_demo
from samvern.surveys import demo as surveys_demo
from samvern.surveys import selectors as survey_selectors
from samvern.surveys.models import SurveyRound

FAST = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_built(shared_db):
    with shared_db():
        today = timezone.localdate()
        with override_settings(DEMO_MODE=True, PASSWORD_HASHERS=FAST):
            accounts_demo.load(today=today)
            plans_demo.load(today=today)
            partnerships_demo.load(today=today)
            for _ in range(2):  # a second run changes nothing
                demo.load(today=today)
                surveys_demo.load(today=today)
        yield today


@pytest.fixture
def partnership(demo_built, db):
    return Partnership.objects.get(name=partnerships_demo.PARTNERSHIP_NAME)


def test_the_agreement_is_in_version_2_signed_by_all_but_one(partnership, demo_built):
    agreement = Document.objects.get(partnership=partnership, kind=DocumentKind.AGREEMENT)
    row = selectors.document_row(agreement, on=demo_built)
    assert row.in_force.number == 2
    assert [org.name for org in row.unsigned] == [demo.NOT_YET_SIGNED]
    assert row.document.versions.get(number=1).signoffs.count() == 6


def test_the_protocol_and_the_routine_fulfil_routine_measures(partnership):
    for kind in (DocumentKind.PROTOCOL, DocumentKind.ROUTINE):
        document = Document.objects.get(partnership=partnership, kind=kind)
        measures = list(document.measures.all())
        assert measures and all(m.level == "routines" for m in measures)
        assert measures[0].version.plan.title == demo.PLAN_TITLE


def test_the_survey_has_enough_answers_for_some_questions_only(partnership):
    survey = SurveyRound.objects.get(partnership=partnership)
    results = survey_selectors.results(survey)
    shown = {q.key for q in results.questions if not q.suppressed}
    assert shown == {"purpose_clear", "know_whom_to_contact", "decisions_followed_up"}
    assert results.responses == 7
