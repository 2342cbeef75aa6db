"""Demo partner survey for the Bergen–Askøy risk conference: last year's round, closed,
with seven contact persons and deputies answering; some questions have enough answers to
show, others (left out by most) are suppressed. Runs after the partnerships demo."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.partnerships.demo import COORDINATOR, COORDINATOR_USER, PARTNERSHIP_NAME
from samvern.partnerships.models import Partnership
from samvern.surveys import access, services
from samvern.surveys.models import SurveyRound

# username → scores per question (None: left out), and a comment (bokmål, as written).
ANSWERS: list[tuple[str, dict[str, int | None], str]] = [
    (
        "lars.politi",
        {"purpose_clear": 5, "know_whom_to_contact": 5, "decisions_followed_up": 4},
        "Godt forberedte møter.",
    ),
    (
        "nina.krisesenter",
        {
            "purpose_clear": 4,
            "know_whom_to_contact": 4,
            "decisions_followed_up": 3,
            "roles_clear": 3,
        },
        "",
    ),
    (
        "anders.barnevern",
        {"purpose_clear": 4, "know_whom_to_contact": 3, "decisions_followed_up": 2},
        "Tiltak fra forrige møte blir ikke alltid fulgt opp.",
    ),
    ("eva.legevakt", {"purpose_clear": 3, "know_whom_to_contact": 4}, ""),
    (
        "jon.nav",
        {"purpose_clear": 4, "know_whom_to_contact": 2, "information_shared": 3},
        "Vi trenger en oppdatert kontaktliste.",
    ),
    ("tone.atv", {"purpose_clear": 5, "know_whom_to_contact": 4, "decisions_followed_up": 3}, ""),
    (
        "sofie.krisesenter",
        {"purpose_clear": 4, "decisions_followed_up": 3, "worth_the_time": 5},
        "",
    ),
]


def load(*, today: dt.date) -> None:
    assert settings.DEMO_MODE, "the demo runs only in demo mode"
    partnership = Partnership.objects.filter(name=PARTNERSHIP_NAME).first()
    if partnership is None or SurveyRound.objects.filter(partnership=partnership).exists():
        return
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    coordinator = Actor.load(
        users[COORDINATOR_USER], organisation=Organisation.objects.get(name=COORDINATOR)
    )
    year = today.year - 1
    survey = services.open_round(
        actor=coordinator, partnership=partnership, year=year, on=dt.date(year, 10, 1)
    )
    answered_on = dt.date(year, 10, 10)
    for username, scores, comment in ANSWERS:
        actor = Actor.load(users[username])
        # A contact person replaced by another demo (the relay change of the training
        # demo) no longer answers for the organisation.
        if not access.is_representative(actor, partnership, on=answered_on):
            continue
        services.submit_response(
            actor=actor,
            survey_round=survey,
            scores=scores,
            comment=comment,
            on=answered_on,
        )
    services.close_round(actor=coordinator, survey_round=survey, on=dt.date(year, 11, 1))
