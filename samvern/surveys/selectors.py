"""Survey results: per question, with every question of fewer than MIN_ANSWERS answers
suppressed (no count per score, no mean), and the free text only from rounds with at
least MIN_ANSWERS responses, sorted so that the order says nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from samvern.surveys.catalogue import question_text
from samvern.surveys.models import Answer, Response, RoundStatus, SurveyRound

MIN_ANSWERS = 5
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class QuestionResult:
    key: str
    text: str
    answers: int | None  # None when suppressed
    mean: float | None
    distribution: tuple[tuple[int, int], ...]  # (score, count), empty when suppressed

    @property
    def suppressed(self) -> bool:
        return self.answers is None


@dataclass(frozen=True)
class RoundResults:
    round: SurveyRound
    responses: int
    questions: tuple[QuestionResult, ...]
    comments: tuple[str, ...]
    comments_suppressed: bool


def response_count(survey_round: SurveyRound) -> int:
    return Response.objects.filter(round=survey_round).count()


def results(survey_round: SurveyRound) -> RoundResults | None:
    """The results of a closed round (None while it is open: nothing is shown then)."""
    if survey_round.status != RoundStatus.CLOSED:
        return None
    scores: dict[str, Counter[int]] = {}
    for key, score in Answer.objects.filter(response__round=survey_round).values_list(
        "question_key", "score"
    ):
        scores.setdefault(key, Counter())[score] += 1
    questions = []
    for question in survey_round.questions:
        key = str(question["key"])
        counts = scores.get(key, Counter())
        total = sum(counts.values())
        if total < MIN_ANSWERS:
            questions.append(QuestionResult(key, question_text(question), None, None, ()))
            continue
        mean = sum(score * n for score, n in counts.items()) / total
        questions.append(
            QuestionResult(
                key,
                question_text(question),
                total,
                round(mean, 1),
                tuple((score, counts.get(score, 0)) for score in SCALE),
            )
        )
    responses = Response.objects.filter(round=survey_round)
    count = responses.count()
    comments: tuple[str, ...] = ()
    if count >= MIN_ANSWERS:
        comments = tuple(sorted(c for c in responses.values_list("comment", flat=True) if c))
    return RoundResults(
        round=survey_round,
        responses=count,
        questions=tuple(questions),
        comments=comments,
        comments_suppressed=count < MIN_ANSWERS,
    )
