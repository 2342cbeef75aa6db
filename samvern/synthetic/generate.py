"""Generate a whole synthetic installation: `generate()` checks that the database may be
written to, builds people, plans, partnerships with their cases and conferences, and the
audit trail, in one transaction, and writes the logins file for the benchmark."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from samvern.accounts.models import Organisation, User
from samvern.cases.models import Case
from samvern.partnerships.models import Partnership
from samvern.places.models import Municipality
from samvern.plans.models import Plan
from samvern.synthetic.cases import build_cases
from samvern.synthetic.common import MARKER, USERNAME_PREFIX, Progress
from samvern.synthetic.people import Person, World, build_people, totp_secret_base32
from samvern.synthetic.plans import PlanFacts, build_plans
from samvern.synthetic.scales import Scale
from samvern.synthetic.trail import build_trail, reset_sequences

CURRENT_STRUCTURE = 2024
DEFAULT_PASSWORD = "samvern-synthetic-2026"  # noqa: S105 - fictional users, written to the logins file


class RefusedError(Exception):
    """The database may not be written to (the message says why)."""


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    logins: dict[str, object] = field(default_factory=dict)


def non_synthetic_rows() -> dict[str, int]:
    """Rows that the generator did not make (reference data apart), by kind."""
    found = {
        "users": User.objects.exclude(username__startswith=USERNAME_PREFIX).count(),
        "organisations": Organisation.objects.exclude(name__endswith=MARKER).count(),
        "plans": Plan.objects.exclude(title__endswith=MARKER).count(),
        "partnerships": Partnership.objects.exclude(name__endswith=MARKER).count(),
        "cases": Case.objects.exclude(partnership__name__endswith=MARKER).count(),
    }
    return {kind: count for kind, count in found.items() if count}


def check_database(*, force: bool, allow_production: bool) -> None:
    if settings.PRODUCTION and not allow_production:
        raise RefusedError(
            "These are production settings (DJANGO_ENV=production): synthetic data is not "
            "written there without --allow-production-settings."
        )
    if User.objects.filter(username__startswith=USERNAME_PREFIX).exists():
        raise RefusedError(
            "The database already holds synthetic data: generate into a freshly migrated "
            "database (migrate, load_reference_data, generate_synthetic)."
        )
    if not Municipality.objects.filter(year=CURRENT_STRUCTURE).exists():
        raise RefusedError("No reference data: run `manage.py load_reference_data` first.")
    found = non_synthetic_rows()
    if found and not force:
        listed = ", ".join(f"{count} {kind}" for kind, count in found.items())
        raise RefusedError(
            f"The database holds data that is not synthetic ({listed}); refusing to mix "
            "synthetic data into it. Use an empty database, or --force."
        )


def generate(
    *,
    scale: Scale,
    seed: int,
    today: dt.date,
    password: str = DEFAULT_PASSWORD,
    force: bool = False,
    allow_production: bool = False,
    logins_path: Path | None = None,
    progress: Progress | None = None,
) -> Result:
    check_database(force=force, allow_production=allow_production)
    progress = progress or Progress(enabled=False)
    result = Result()
    municipalities = list(Municipality.objects.filter(year=CURRENT_STRUCTURE).order_by("code"))
    if scale.municipalities is not None:
        municipalities = municipalities[: scale.municipalities]
    since = today - dt.timedelta(days=365 * scale.years_of_cases)

    def timed(name: str, started: float) -> None:
        result.seconds[name] = round(time.monotonic() - started, 1)

    with transaction.atomic():
        started = time.monotonic()
        world = build_people(
            seed=seed,
            password=password,
            municipalities=municipalities,
            partnerships=scale.partnerships,
            case_workers_per_organisation=scale.case_workers_per_organisation,
            joined_on=since - dt.timedelta(days=60),
            progress=progress,
        )
        reset_sequences(User)
        timed("people", started)
        result.counts["organisations"] = len({p.organisation_id for p in world.people})
        result.counts["users"] = len(world.people)

        started = time.monotonic()
        plans = build_plans(
            seed=seed,
            today=today,
            municipalities=municipalities,
            editors=world.plan_editors,
            measures_per_version=scale.measures_per_version,
            progress=progress,
        )
        result.counts.update(plans.counts)
        timed("plans", started)

        started = time.monotonic()
        cases = build_cases(
            seed=seed,
            today=today,
            years=scale.years_of_cases,
            groups=world.partnerships,
            cases=scale.cases,
            conferences=scale.conferences,
            progress=progress,
        )
        result.counts.update(cases.counts)
        timed("cases", started)

        started = time.monotonic()
        result.counts.update(
            build_trail(
                seed=seed,
                today=today,
                since=since,
                total=scale.audit_events,
                world=world,
                cases=cases,
                plans=plans,
                progress=progress,
            )
        )
        timed("audit trail", started)
    progress.close()
    if connection.vendor == "postgresql":
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        timed("analyze", started)
    result.logins = logins(
        world=world, plans=plans, typical=cases.typical, scale=scale, seed=seed, today=today
    )
    if logins_path is not None:
        logins_path.parent.mkdir(parents=True, exist_ok=True)
        logins_path.write_text(json.dumps(result.logins, indent=2, ensure_ascii=False) + "\n")
    return result


def _login(person: Person | None, password: str) -> dict[str, object] | None:
    if person is None:
        return None
    return {
        "username": person.username,
        "password": password,
        "organisation": person.organisation_id,
        "totp_secret": totp_secret_base32(person.totp_key) if person.totp_key else None,
        "totp_key_hex": person.totp_key or None,
    }


def logins(
    *,
    world: World,
    plans: PlanFacts,
    typical: dict[str, str],
    scale: Scale,
    seed: int,
    today: dt.date,
) -> dict[str, object]:
    """What a benchmark client needs: one login per role, and ids of typical objects."""
    group = world.partnerships[0]
    police = group.police
    # The plan editor of the municipality with the most measures in force.
    largest_version = max(
        plans.versions, key=lambda v: len(plans.measures_by_version.get(v.pk, [])), default=None
    )
    current = [v for v in plans.versions if v.status == "implementation"]
    typical_version = current[len(current) // 2] if current else largest_version
    municipality_id: int | None = None
    if typical_version is not None:
        owners = plans.owners.get(typical_version.plan_id, [])
        municipality_id = owners[0] if owners else None
    editor = world.plan_editors.get(municipality_id) if municipality_id is not None else None
    municipality = (
        Municipality.objects.filter(pk=municipality_id).values("id", "year", "code", "name").first()
        if municipality_id is not None
        else None
    )
    return {
        "format": 1,
        "scale": scale.name,
        "seed": seed,
        "today": today.isoformat(),
        "roles": {
            "public": None,
            "plan_editor": _login(editor, world.password),
            "case_worker": _login(
                police.case_workers[0] if police.case_workers else None, world.password
            ),
            "coordinator": _login(group.coordinator, world.password),
            "data_protection_officer": _login(group.dpo, world.password),
        },
        "ids": {
            "municipality": municipality,
            "plan": str(typical_version.plan_id) if typical_version else None,
            "plan_version": str(typical_version.pk) if typical_version else None,
            "largest_plan": str(largest_version.plan_id) if largest_version else None,
            "largest_plan_version": str(largest_version.pk) if largest_version else None,
            "largest_plan_measures": (
                len(plans.measures_by_version.get(largest_version.pk, [])) if largest_version else 0
            ),
            "partnership": typical.get("partnership"),
            "case": typical.get("case"),
            "person": typical.get("person"),
            "assessment": typical.get("assessment"),
            "assessment_item": typical.get("assessment_item"),
            "conference": typical.get("conference"),
        },
    }


__all__ = ["DEFAULT_PASSWORD", "RefusedError", "Result", "check_database", "generate"]
