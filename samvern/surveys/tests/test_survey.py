"""The survey: anonymous answers, once per person, suppression under five answers, and
who may do what."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.surveys import catalogue, selectors, services
from samvern.surveys.models import Answer, Respondent, Response, RoundStatus, SurveyRound
from samvern.surveys.tests.conftest import TODAY, actor

KEYS = [str(q["key"]) for q in catalogue.current().questions]


@pytest.fixture
def survey(partnership, hanne):
    return services.open_round(actor=actor(hanne), partnership=partnership, year=2027, on=TODAY)


def answer(user, survey, scores, comment=""):
    services.submit_response(
        actor=actor(user), survey_round=survey, scores=scores, comment=comment, on=TODAY
    )


def test_opening_copies_the_versioned_questions(survey):
    assert survey.questions_version == catalogue.current().version
    assert [q["key"] for q in survey.questions] == KEYS
    assert survey.status == RoundStatus.OPEN


def test_results_against_hand_computed_figures_with_suppression_under_five(
    survey, reps, sofie, hanne
):
    # Six representatives answer the first question, five the second, four the third.
    first, second, third = KEYS[:3]
    given = [
        {first: 5, second: 4, third: 1},
        {first: 4, second: 4, third: 2},
        {first: 4, second: 3, third: 3},
        {first: 3, second: 2, third: 4},
        {first: 2, second: 5},
        {first: 1},
    ]
    for rep, scores in zip(reps, given, strict=True):
        answer(rep, survey, scores, comment="Bra møter" if scores[first] > 3 else "")
    services.close_round(actor=actor(hanne), survey_round=survey, on=TODAY)
    results = selectors.results(SurveyRound.objects.get(pk=survey.pk))
    by_key = {q.key: q for q in results.questions}
    assert results.responses == 6
    assert (by_key[first].answers, by_key[first].mean) == (6, 3.2)  # 19 / 6
    assert by_key[first].distribution == ((1, 1), (2, 1), (3, 1), (4, 2), (5, 1))
    assert (by_key[second].answers, by_key[second].mean) == (5, 3.6)  # 18 / 5
    assert by_key[third].suppressed and by_key[third].distribution == ()
    assert all(by_key[key].suppressed for key in KEYS[3:])
    assert results.comments == ("Bra møter", "Bra møter", "Bra møter")


def test_comments_are_suppressed_with_fewer_than_five_responses(survey, reps, hanne):
    for rep in reps[:4]:
        answer(rep, survey, {KEYS[0]: 3}, comment="Jeg er politiet")
    services.close_round(actor=actor(hanne), survey_round=survey, on=TODAY)
    results = selectors.results(SurveyRound.objects.get(pk=survey.pk))
    assert results.comments == () and results.comments_suppressed
    assert results.questions[0].suppressed


def test_a_response_holds_no_link_to_the_person(survey, reps):
    answer(reps[0], survey, {KEYS[0]: 4}, comment="Hei")
    response_fields = {f.name for f in Response._meta.get_fields()}
    assert response_fields == {"id", "round", "comment", "answers"}
    assert {f.name for f in Answer._meta.get_fields()} == {
        "id",
        "response",
        "question_key",
        "score",
    }
    assert {f.name for f in Respondent._meta.get_fields()} == {"id", "round", "user"}
    event = AuditEvent.objects.get(action="surveys.response.submitted")
    response = Response.objects.get()
    assert str(response.pk) not in str(event.detail) and event.target_id == str(survey.pk)


def test_closing_writes_the_responses_again_under_new_keys(survey, reps, hanne):
    for rep in reps[:5]:
        answer(rep, survey, {KEYS[0]: 3})
    before = set(Response.objects.values_list("pk", flat=True))
    services.close_round(actor=actor(hanne), survey_round=survey, on=TODAY)
    after = set(Response.objects.values_list("pk", flat=True))
    assert len(after) == 5 and not before & after
    assert Answer.objects.count() == 5


def test_nobody_answers_twice(survey, reps):
    answer(reps[0], survey, {KEYS[0]: 4})
    with pytest.raises(ValidationError):
        answer(reps[0], survey, {KEYS[0]: 1})
    assert Response.objects.count() == 1 and Answer.objects.get().score == 4


@pytest.mark.parametrize("who", ["nina", "otto", "hanne"])
def test_only_representatives_answer_and_a_refusal_changes_nothing(request, survey, who):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        answer(request.getfixturevalue(who), survey, {KEYS[0]: 4})
    assert not Response.objects.exists() and not Respondent.objects.exists()
    assert AuditEvent.objects.count() == before


def test_the_deputy_answers_too(survey, sofie):
    answer(sofie, survey, {KEYS[0]: 2})
    assert Respondent.objects.filter(user=sofie).exists()


def test_a_closed_round_takes_no_answers(survey, reps, hanne):
    services.close_round(actor=actor(hanne), survey_round=survey, on=TODAY)
    with pytest.raises(ValidationError):
        answer(reps[0], survey, {KEYS[0]: 4})


def test_a_score_outside_the_scale_is_refused(survey, reps):
    with pytest.raises(ValidationError):
        answer(reps[0], survey, {KEYS[0]: 6})
    with pytest.raises(ValidationError):
        answer(reps[0], survey, {"unknown": 3})
    assert not Response.objects.exists()


def test_one_round_a_year_and_one_open_at_a_time(survey, partnership, hanne):
    with pytest.raises(ValidationError):
        services.open_round(actor=actor(hanne), partnership=partnership, year=2026, on=TODAY)
    services.close_round(actor=actor(hanne), survey_round=survey, on=TODAY)
    with pytest.raises(ValidationError):
        services.open_round(actor=actor(hanne), partnership=partnership, year=2027, on=TODAY)


def test_results_are_not_shown_while_the_round_is_open(survey, reps):
    for rep in reps:
        answer(rep, survey, {KEYS[0]: 5})
    assert selectors.results(survey) is None


# --- pages ---------------------------------------------------------------------------

PERSONAS = ["hanne", "rep", "nina", "otto", "anonymous"]


def user_for(request, who, reps):
    if who == "rep":
        return reps[1]
    if who == "anonymous":
        return None
    return request.getfixturevalue(who)


ROUTES = {
    "list": ({"hanne", "rep", "nina"}, lambda p, r: reverse("surveys:list", args=[p.pk])),
    "results": (
        {"hanne", "rep", "nina"},
        lambda p, r: reverse("surveys:results", args=[p.pk, r.pk]),
    ),
    "answer": ({"rep"}, lambda p, r: reverse("surveys:answer", args=[p.pk, r.pk])),
}


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("route", list(ROUTES))
def test_access_matrix(request, client, survey, partnership, reps, who, route):
    user = user_for(request, who, reps)
    if user is not None:
        login(client, user)
    allowed, url = ROUTES[route]
    response = client.get(url(partnership, survey))
    if user is None:
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if who in allowed else 404)


@pytest.mark.parametrize("who", ["rep", "nina", "otto"])
def test_refused_run_writes_change_nothing(request, client, survey, partnership, reps, who):
    login(client, user_for(request, who, reps))
    before = (SurveyRound.objects.count(), AuditEvent.objects.count())
    assert (
        client.post(reverse("surveys:list", args=[partnership.pk]), {"year": 2028}).status_code
        == 404
    )
    close = reverse("surveys:close", args=[partnership.pk, survey.pk])
    assert client.post(close).status_code == 404
    assert (SurveyRound.objects.count(), AuditEvent.objects.count()) == before
    assert SurveyRound.objects.get().status == RoundStatus.OPEN


def test_an_outsider_gets_the_same_404_as_for_nothing(client, survey, partnership, otto):
    login(client, otto)
    real = client.get(reverse("surveys:results", args=[partnership.pk, survey.pk]))
    missing = client.get(reverse("surveys:results", args=[partnership.pk, uuid.uuid4()]))
    assert real.status_code == missing.status_code == 404
    assert real.content == missing.content


def test_answering_through_the_page(client, survey, partnership, reps):
    login(client, reps[0])
    url = reverse("surveys:answer", args=[partnership.pk, survey.pk])
    response = client.post(url, {f"q_{KEYS[0]}": "4", f"q_{KEYS[1]}": "", "comment": "Fint"})
    assert response.status_code == 302
    assert Answer.objects.get().score == 4 and Response.objects.get().comment == "Fint"
    assert client.get(url).status_code == 404


def test_the_coordinator_opens_and_closes_through_the_pages(client, partnership, hanne, reps):
    login(client, hanne)
    assert (
        client.post(reverse("surveys:list", args=[partnership.pk]), {"year": 2027}).status_code
        == 302
    )
    survey = SurveyRound.objects.get()
    page = client.get(reverse("surveys:results", args=[partnership.pk, survey.pk])).content.decode()
    assert 'data-testid="results"' not in page
    client.post(reverse("surveys:close", args=[partnership.pk, survey.pk]))
    page = client.get(reverse("surveys:results", args=[partnership.pk, survey.pk])).content.decode()
    assert 'data-testid="results"' in page


def test_the_api_shows_results_of_closed_rounds_only(
    client, survey, partnership, hanne, nina, otto, reps
):
    for rep in reps[:5]:
        answer(rep, survey, {KEYS[0]: 2})
    url = reverse("api-surveys-results", args=[partnership.pk, survey.pk])
    login(client, nina)
    assert client.get(url).status_code == 404
    services.close_round(actor=actor(hanne), survey_round=survey, on=TODAY)
    body = client.get(url).json()
    assert body["questions"][0]["mean"] == 2.0 and body["questions"][1]["suppressed"] is True
    assert len(client.get(reverse("api-surveys-rounds", args=[partnership.pk])).json()) == 1
    client.logout()
    login(client, otto)
    assert client.get(url).status_code == 404
