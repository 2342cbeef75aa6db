"""Demo: a believable national picture of action plans registered from elsewhere.

Deterministic (seeded per municipality number) and fictional in every decision detail:
about half of today's municipalities have a plan in force (many shared by neighbours),
some let theirs expire, some are preparing one and some never had one. Older plans are
registered under the 2019 municipality numbers, so the history and the 2019 view work too.
Municipalities that already own a plan (made in Samvern by the plans demo) are left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import replace

from samvern.accounts.actor import Actor
from samvern.accounts.models import User
from samvern.places.lifetime import lifetimes
from samvern.places.models import Municipality, Succession
from samvern.plans.models import Plan
from samvern.plans.registry import AdoptionFacts, PlanFacts, register_plan

ANALYST = "silje.analytiker"


def _body(municipality: Municipality) -> str:
    return "Bystyret" if municipality.population > 50000 else "Kommunestyret"


def _facts(
    rng: random.Random,
    owners: list[Municipality],
    title: str,
    start: dt.date,
    years: int,
    today: dt.date,
    *,
    adopted: bool = True,
) -> PlanFacts:
    end = dt.date(start.year + years - 1, 12, 31)
    adoptions = []
    if adopted:
        alive = lifetimes(owners)
        for owner in owners:
            decided = start - dt.timedelta(days=rng.randint(10, 70))
            # A council cannot decide before its municipality exists (the 2020 reform).
            decided = min(max(decided, alive[owner.pk].starts or decided), today)
            adoptions.append(
                AdoptionFacts(
                    municipality=owner,
                    body=_body(owner),
                    decided_on=decided,
                    case_number=f"{decided.year % 100:02d}/{rng.randint(100, 9999)}",
                )
            )
    reported = evaluated = None
    if adopted and rng.random() < 0.6:
        first_report = dt.date(start.year + 1, 3, 1)
        if first_report <= today:
            reported = first_report
    if adopted and end < today and rng.random() < 0.35:
        evaluated = min(end + dt.timedelta(days=rng.randint(30, 200)), today)
    return PlanFacts(
        title=title,
        municipalities=owners,
        period_start=start,
        period_end=end,
        adoptions=adoptions,
        reported_on=reported,
        evaluated_on=evaluated,
    )


def _groups(municipalities: list[Municipality], rng: random.Random) -> list[list[Municipality]]:
    """Neighbouring small municipalities (by number, within a county) often share a plan."""
    by_county: dict[int, list[Municipality]] = defaultdict(list)
    for municipality in municipalities:
        by_county[municipality.county_id].append(municipality)
    groups = []
    for members in by_county.values():
        index = 0
        while index < len(members):
            first = members[index]
            size = 1
            if first.population < 12000 and rng.random() < 0.45:
                size = rng.choice([2, 2, 3])
            # Neighbours in a row, stopping at a large one: a municipality is in one group
            # only, so that no demo municipality gets two plans for the same years.
            group = [first]
            for neighbour in members[index + 1 : index + size]:
                if neighbour.population >= 25000:
                    break
                group.append(neighbour)
            groups.append(group)
            index += len(group)
    return groups


def load(*, today: dt.date) -> None:
    actor = Actor.load(User.objects.get(username=ANALYST))
    taken = set(Plan.objects.values_list("municipalities", flat=True))
    current = list(
        Municipality.objects.filter(year=2024)
        .exclude(pk__in=taken)
        .order_by("county__code", "code")
    )
    predecessors: dict[int, list[Municipality]] = defaultdict(list)
    for succession in Succession.objects.select_related("old"):
        predecessors[succession.new_id].append(succession.old)
    registered_old: set[int] = set()

    rng = random.Random(4711)
    for group in _groups(current, rng):
        names = " og ".join(m.name for m in group)
        kind = "Interkommunal handlingsplan" if len(group) > 1 else "Handlingsplan"
        title = f"{kind} mot vold i nære relasjoner – {names}"
        profile = random.Random(f"samvern-demo-{group[0].code}").random()
        if max(m.population for m in group) > 60000:
            profile *= 0.6  # the cities mostly have plans, as in the 2019 study

        # An earlier plan, adopted before the 2020 reform, under the 2019 numbers.
        if profile < 0.82 and rng.random() < 0.62:
            old = [o for m in group for o in predecessors[m.pk] if o.pk not in registered_old]
            if old:
                start = dt.date(rng.choice([2013, 2014, 2015, 2016, 2016, 2017, 2017, 2018]), 1, 1)
                register_plan(
                    actor=actor,
                    facts=_facts(
                        rng,
                        old,
                        title.replace(names, " og ".join(o.name for o in old)),
                        start,
                        4,
                        today,
                    ),
                    today=today,
                )
                if start.year >= 2014 and rng.random() < 0.4:  # and one before that
                    register_plan(
                        actor=actor,
                        facts=_facts(
                            rng,
                            old,
                            title.replace(names, " og ".join(o.name for o in old)),
                            dt.date(start.year - 4, 1, 1),
                            4,
                            today,
                        ),
                        today=today,
                    )
                registered_old.update(o.pk for o in old)

        if profile < 0.6:  # in force today
            start = dt.date(rng.randint(today.year - 4, today.year), 1, 1)
            if start > today:
                start = dt.date(today.year - 1, 1, 1)
            register_plan(
                actor=actor, facts=_facts(rng, group, title, start, 4, today), today=today
            )
        elif profile < 0.74:  # expired
            start = dt.date(max(2020, today.year - rng.randint(5, 7)), 1, 1)
            register_plan(
                actor=actor, facts=_facts(rng, group, title, start, 4, today), today=today
            )
        elif profile < 0.82:  # being prepared
            facts = _facts(
                rng, group, title, dt.date(today.year + 1, 1, 1), 4, today, adopted=False
            )
            # a separate draw, so the rest of the national picture stays as it was
            started = today - dt.timedelta(days=20 + int(group[0].code) % 280)
            register_plan(actor=actor, facts=replace(facts, started_on=started), today=today)
        # otherwise: never had a plan
