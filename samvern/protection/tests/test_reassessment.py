"""Reassessment: an assessment proposes its next date from the instrument's default for
its band (high = 28 days), the next assessment of the same person closes it, the assessing
organisation may move the date, and a new incident (a case brought back to a conference
for one, an incident notice for a person followed in the case) or a repeat referral
prompts a reassessment now."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.models import Case
from samvern.protection import selectors, services
from samvern.protection.access import ProtectionNeed, access_reassessment
from samvern.protection.models import PromptReason, Reassessment, ReassessmentPrompt
from samvern.protection.tests.conftest import assess, crisis, police

pytestmark = pytest.mark.django_db

LOW_ANSWERS = {"escalation": "yes"}


def test_an_assessment_gets_the_default_date_of_its_band(pw):
    r = pw.reassessment
    assessed = timezone.localdate(r.assessment.assessed_at)
    assert r.assessment.effective_band == "high"
    assert (r.due_on - assessed).days == r.default_days == 28
    assert r.organisation == pw.police and r.set_by is None
    event = AuditEvent.objects.get(action=services.REASSESSMENT_SCHEDULED)
    assert event.case_id == str(pw.case.pk)


def test_a_standard_band_has_a_longer_default(pw):
    assessment = assess(pw.base, crisis(pw.base), pw.using, LOW_ANSWERS)
    low = Reassessment.objects.get(assessment=assessment)
    assert low.assessment.effective_band == "standard"
    assert low.default_days == 91


def test_the_next_assessment_of_the_same_person_closes_the_open_one(pw):
    second = assess(pw.base, police(pw.base), pw.exposed)
    pw.reassessment.refresh_from_db()
    assert pw.reassessment.closed_by == second and pw.reassessment.closed_at is not None
    assert Reassessment.objects.get(assessment=second).closed_at is None
    # Another person's assessment leaves it alone.
    assess(pw.base, police(pw.base), pw.using)
    assert Reassessment.objects.get(assessment=second).closed_at is None


def test_the_assessing_organisation_moves_the_date(pw, client):
    login(client, pw.referrer)
    new = pw.day + dt.timedelta(days=10)
    url = reverse("protection:reassessment", args=[pw.reassessment.pk])
    response = client.post(url, {"due_on": new.isoformat()})
    assert response.status_code == 302
    pw.reassessment.refresh_from_db()
    assert pw.reassessment.due_on == new and pw.reassessment.set_by == pw.referrer
    assert AuditEvent.objects.filter(action=services.REASSESSMENT_SET).count() == 1


def test_a_date_before_the_assessment_is_refused_in_words(pw, client):
    login(client, pw.referrer)
    url = reverse("protection:reassessment", args=[pw.reassessment.pk])
    before = pw.reassessment.due_on
    response = client.post(url, {"due_on": "2001-01-01"}, HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 200
    assert "kan ikke være før vurderingen" in response.content.decode()
    pw.reassessment.refresh_from_db()
    assert pw.reassessment.due_on == before


def test_another_organisation_reads_but_may_not_move_the_date(pw, client):
    login(client, pw.participant)
    url = reverse("protection:reassessment", args=[pw.reassessment.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="due_on"' not in page.content.decode()
    before = pw.reassessment.due_on
    assert client.post(url, {"due_on": pw.day.isoformat()}).status_code == 404
    pw.reassessment.refresh_from_db()
    assert pw.reassessment.due_on == before
    with pytest.raises(Exception):  # noqa: B017 (Http404)
        access_reassessment(crisis(pw.base), pw.reassessment.pk, ProtectionNeed.CHANGE)


def _due(pw, day):
    actor = Actor.load(pw.referrer, organisation=pw.police)
    return list(selectors.organisation_reassessments(actor, day=day))


def test_due_and_overdue_are_listed_for_the_organisation_from_a_week_before(pw):
    due = pw.reassessment.due_on
    assert _due(pw, due - dt.timedelta(days=8)) == []
    assert _due(pw, due - dt.timedelta(days=7)) == [pw.reassessment]
    rows = selectors.reassessment_rows([pw.reassessment], due + dt.timedelta(days=3), {})
    assert rows[0].overdue and rows[0].days == 3
    # Not the crisis centre's: it did not make the assessment.
    actor = Actor.load(pw.participant, organisation=pw.crisis)
    assert list(selectors.organisation_reassessments(actor, day=due)) == []


def test_a_case_brought_back_for_a_new_incident_prompts_reassessment_now(pw, client):
    from samvern.conferences.models import ConferenceReturn, ReturnReason

    early = pw.day  # four weeks before the date
    assert _due(pw, early) == []
    for reason in (ReturnReason.REVIEW, ReturnReason.NEW_INCIDENT):
        ConferenceReturn.objects.create(
            case=pw.case,
            reason=reason,
            from_state="monitoring",
            created_by=pw.coordinator,
            organisation=pw.municipality,
        )
    prompt = ReassessmentPrompt.objects.get()
    assert prompt.reason == PromptReason.CONFERENCE_RETURN
    assert _due(pw, early) == [pw.reassessment]
    login(client, pw.referrer)
    html = client.get(reverse("protection:reassessments")).content.decode()
    assert "Vurder på nytt nå: tatt opp igjen i konferansen for en ny hendelse" in html
    # The next assessment answers the prompt.
    assess(pw.base, police(pw.base), pw.exposed)
    prompt.refresh_from_db()
    assert prompt.resolved_at is not None


def test_a_prompt_is_recorded_once_per_source(pw):
    first = services.prompt_reassessment(
        case=pw.case,
        reason=PromptReason.NEW_INCIDENT,
        occurred_on=pw.day,
        source_type="outreach.notice",
        source_id="x",
    )
    again = services.prompt_reassessment(
        case=pw.case,
        reason=PromptReason.NEW_INCIDENT,
        occurred_on=pw.day,
        source_type="outreach.notice",
        source_id="x",
    )
    assert first is not None and again is None
    assert AuditEvent.objects.filter(action=services.REASSESSMENT_PROMPTED).count() == 1


def test_a_repeat_referral_prompts_and_shows_only_to_those_who_may_know(pw, client):
    Case.objects.filter(pk=pw.case.pk).update(is_repeat=True)
    case = Case.objects.get(pk=pw.case.pk)
    case.save(update_fields=["is_repeat"])
    assert ReassessmentPrompt.objects.get().reason == PromptReason.REPEAT_REFERRAL
    # The earlier case is not one these readers may see: the flag stays hidden.
    login(client, pw.referrer)
    html = client.get(reverse("cases:detail", args=[pw.case.pk])).content.decode()
    assert "repeat referral on" not in html.lower() and "gjentatt henvisning" not in html.lower()
