import datetime as dt
import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samvern.synthetic.common import Progress
from samvern.synthetic.generate import DEFAULT_PASSWORD, RefusedError, generate
from samvern.synthetic.scales import SCALES


class Command(BaseCommand):
    help = (
        "Fill a freshly migrated database (with reference data loaded) with a fictional "
        "installation for the benchmark: plans since 2010 for every municipality, "
        "partnerships with cases, assessments and conferences, and a valid audit trail. "
        "Deterministic for a seed; writes the benchmark logins to a JSON file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="The day the data ends on (YYYY-MM-DD); today by default.",
        )
        parser.add_argument(
            "--password",
            default=None,
            help="Password of every synthetic user (default: $SAMVERN_SYNTHETIC_PASSWORD, "
            f"else {DEFAULT_PASSWORD!r}).",
        )
        parser.add_argument(
            "--logins",
            type=Path,
            default=None,
            help="Where to write the logins file (default: var/bench/logins.json).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write even though the database holds data that is not synthetic.",
        )
        parser.add_argument(
            "--allow-production-settings",
            action="store_true",
            help="Run even with DJANGO_ENV=production (never against a real installation).",
        )

    def handle(self, *args: object, **options: object) -> None:
        scale = SCALES[str(options["scale"])]
        password = (
            options["password"] or os.environ.get("SAMVERN_SYNTHETIC_PASSWORD") or DEFAULT_PASSWORD
        )
        today = options["today"] or timezone.localdate()
        path = options["logins"] or Path(settings.VAR_DIR) / "bench" / "logins.json"
        verbosity = int(str(options.get("verbosity", 1)))
        assert isinstance(today, dt.date) and isinstance(path, Path)
        # Millions of rows: the development settings' query log (DEBUG) would hold every
        # statement and slow each one down.
        settings.DEBUG = False
        try:
            result = generate(
                scale=scale,
                seed=int(str(options["seed"])),
                today=today,
                password=str(password),
                force=bool(options["force"]),
                allow_production=bool(options["allow_production_settings"]),
                logins_path=path,
                progress=Progress(self.stdout, enabled=verbosity > 0),  # type: ignore[arg-type]
            )
        except RefusedError as error:
            raise CommandError(str(error)) from error
        if verbosity > 0:
            self.stdout.write(
                json.dumps({"counts": result.counts, "seconds": result.seconds}, indent=2)
            )
            self.stdout.write(
                self.style.SUCCESS(f"Synthetic {scale.name} data written; logins in {path}.")
            )
