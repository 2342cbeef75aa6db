"""Who may do what with a partnership's survey.

- See the rounds and, once a round is closed, its results: whoever may view the
  partnership (partnerships.access.can_view).
- Open and close a round: the partnership's managers (the coordinator organisation's
  conference coordinators and organisation administrators).
- Answer: the member organisations' representatives in the partnership, that is the
  named contact person (relay) and deputy of each organisation that is a member on the
  day, once per round while it is open.

Everything not allowed is the same Http404 as something that does not exist.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Q
from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.partnerships.access import Need, access_partnership, can_manage, can_view
from samvern.partnerships.models import Partnership, PartnershipMember
from samvern.surveys.models import Respondent, RoundStatus, SurveyRound


def _parse_id(value: object) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def partnership_for(actor: Actor, partnership_id: object) -> Partnership:
    return access_partnership(actor, _parse_id(partnership_id), Need.VIEW)


def can_run(actor: Actor, partnership: Partnership) -> bool:
    return actor.is_authenticated and can_manage(actor, partnership)


def is_representative(actor: Actor, partnership: Partnership, *, on: dt.date) -> bool:
    if not actor.is_authenticated or actor.user_id is None:
        return False
    return (
        PartnershipMember.objects.active_on(on)
        .filter(partnership=partnership, organisation_id__in=list(actor.organisation_ids))
        .filter(Q(relay_id=actor.user_id) | Q(deputy_id=actor.user_id))
        .exists()
    )


def has_answered(actor: Actor, survey_round: SurveyRound) -> bool:
    if actor.user_id is None:
        return False
    return Respondent.objects.filter(round=survey_round, user_id=actor.user_id).exists()


def can_answer(actor: Actor, survey_round: SurveyRound, *, on: dt.date) -> bool:
    return (
        survey_round.status == RoundStatus.OPEN
        and is_representative(actor, survey_round.partnership, on=on)
        and not has_answered(actor, survey_round)
    )


def access_round(actor: Actor, partnership: Partnership, round_id: object) -> SurveyRound:
    survey_round = (
        SurveyRound.objects.select_related("partnership__coordinator")
        .filter(pk=_parse_id(round_id), partnership=partnership)
        .first()
    )
    if survey_round is None or not can_view(actor, partnership):
        raise Http404
    return survey_round
