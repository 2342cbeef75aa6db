"""The yearly satisfaction survey of a partnership's member organisations' representatives.

Anonymity, thought through:

- A `Response` (with its `Answer`s and free text) holds no link to a person or an
  organisation and no time: no user, no created/updated timestamps, a random UUID key.
- That someone has answered a round is recorded in `Respondent` (round, user), only to
  refuse a second answer. It holds no time either and no link to the response.
- The two are written in the same transaction, so the database's own insertion order
  (SQLite's rowid, PostgreSQL's physical row order) and the audit trail's time of the
  "answered" event could let someone with direct database access pair them while the
  round is open. Closing the round therefore writes every response and answer again in a
  random order under new keys (services.close_round), which removes that order.
- Nobody sees any result while a round is open (only how many have answered), so
  results cannot be compared before and after one person's answer; after closing, a
  question with fewer than five answers shows no figures, and free text is shown only
  when the round has at least five responses, sorted, never in the order given.
- The organisation of a respondent is not stored with the response: with a handful of
  representatives per organisation it would identify them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samvern.core import limits
from samvern.core.models import BaseModel


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SurveyRound(BaseModel):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="survey_rounds"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # The questions as they were asked, copied from the catalogue when the round opened.
    questions_version = models.CharField(_("version of the questions"), max_length=20)
    questions = models.JSONField(_("questions"), default=list)
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["partnership", "-year"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"], name="surveys_one_round_a_year"
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(status="open"),
                name="surveys_one_open_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} · {self.year}"


class Respondent(models.Model):
    """That a person has answered a round: nothing else, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="surveys_answer_once")
        ]

    def __str__(self) -> str:
        return str(self.round)


class Response(models.Model):
    """One anonymous response: no person, no organisation, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    comment = limits.bounded_text(_("comment"), limits.COMMENT, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return str(self.round)


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(max_length=60)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_key"], name="surveys_one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="surveys_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.score}"
