"""Writes for the survey: open and close a round, answer it. Atomic and audited; the
audit event of an answer names the round and the person (who answered is no secret: the
Respondent table holds it too), never the response."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.audit.services import audit_log
from samvern.partnerships.models import Partnership
from samvern.surveys import access, catalogue
from samvern.surveys.models import Answer, Respondent, Response, RoundStatus, SurveyRound

COMMENT_MAX = 5_000


@transaction.atomic
def open_round(*, actor: Actor, partnership: Partnership, year: int, on: dt.date) -> SurveyRound:
    if not access.can_run(actor, partnership):
        raise ValidationError(
            _("Only the partnership's coordinator can open a survey."), code="not_allowed"
        )
    if not 2000 <= year <= on.year + 1:
        raise ValidationError(_("Choose this year or the next."), code="year")
    if SurveyRound.objects.filter(partnership=partnership, status=RoundStatus.OPEN).exists():
        raise ValidationError(
            _("A survey round is already open. Close it first."), code="already_open"
        )
    if SurveyRound.objects.filter(partnership=partnership, year=year).exists():
        raise ValidationError(
            _("There is already a survey round for %(year)d.") % {"year": year}, code="year_taken"
        )
    questions = catalogue.current()
    survey_round = SurveyRound.objects.create(
        partnership=partnership,
        year=year,
        questions_version=questions.version,
        questions=list(questions.questions),
        opened_on=on,
        opened_by=actor.user,
    )
    audit_log(
        actor=actor,
        action="surveys.round.opened",
        target=survey_round,
        organisation=actor.organisation,
        detail={"partnership": str(partnership.pk), "year": year, "questions": questions.version},
    )
    return survey_round


@transaction.atomic
def close_round(*, actor: Actor, survey_round: SurveyRound, on: dt.date) -> SurveyRound:
    """Close the round and write its responses again in a random order under new keys,
    so that the order they were stored in cannot be matched with who answered when."""
    if not access.can_run(actor, survey_round.partnership):
        raise ValidationError(
            _("Only the partnership's coordinator can close a survey."), code="not_allowed"
        )
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if survey_round.status != RoundStatus.OPEN:
        raise ValidationError(_("The survey round is already closed."), code="closed")
    _reshuffle(survey_round)
    survey_round.status = RoundStatus.CLOSED
    survey_round.closed_on = max(on, survey_round.opened_on)
    survey_round.save(update_fields=["status", "closed_on", "updated_at"])
    audit_log(
        actor=actor,
        action="surveys.round.closed",
        target=survey_round,
        organisation=actor.organisation,
        detail={"year": survey_round.year},
    )
    return survey_round


def _reshuffle(survey_round: SurveyRound) -> None:
    kept = [
        (response.comment, [(a.question_key, a.score) for a in response.answers.all()])
        for response in Response.objects.filter(round=survey_round).prefetch_related("answers")
    ]
    Response.objects.filter(round=survey_round).delete()
    random.SystemRandom().shuffle(kept)
    responses = [Response(id=uuid.uuid4(), round=survey_round, comment=c) for c, _ in kept]
    Response.objects.bulk_create(responses)
    answers = [
        Answer(id=uuid.uuid4(), response=response, question_key=key, score=score)
        for response, (_, given) in zip(responses, kept, strict=True)
        for key, score in given
    ]
    random.SystemRandom().shuffle(answers)
    Answer.objects.bulk_create(answers)


@transaction.atomic
def submit_response(
    *,
    actor: Actor,
    survey_round: SurveyRound,
    scores: Mapping[str, int | None],
    comment: str,
    on: dt.date,
) -> None:
    """Record one anonymous response and, separately, that the actor has answered."""
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if survey_round.status != RoundStatus.OPEN:
        raise ValidationError(_("The survey round is closed."), code="closed")
    if not access.is_representative(actor, survey_round.partnership, on=on):
        raise ValidationError(
            _("Only the member organisations' contact persons and deputies answer."),
            code="not_allowed",
        )
    if access.has_answered(actor, survey_round):
        raise ValidationError(_("You have already answered this survey."), code="answered")
    keys = {str(q["key"]) for q in survey_round.questions}
    given = {key: score for key, score in scores.items() if score is not None}
    if set(given) - keys or any(score not in (1, 2, 3, 4, 5) for score in given.values()):
        raise ValidationError(_("Answer each question from 1 to 5."), code="score")
    text = (comment or "").strip()
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            _("The comment can be at most %(limit)d characters.") % {"limit": COMMENT_MAX},
            code="comment",
        )
    if not given and not text:
        raise ValidationError(_("The response is empty."), code="empty")
    assert actor.user is not None
    Respondent.objects.create(round=survey_round, user=actor.user)
    response = Response.objects.create(round=survey_round, comment=text)
    Answer.objects.bulk_create(
        Answer(response=response, question_key=key, score=score) for key, score in given.items()
    )
    audit_log(
        actor=actor,
        action="surveys.response.submitted",
        target=survey_round,
        organisation=actor.organisation,
        detail={"year": survey_round.year},
    )
