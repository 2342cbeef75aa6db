from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samvern.places.reference import DATA_DIR, ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = "Load counties, municipalities (2019 and 2024 structures) and the succession table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="Folder with the four CSV files (default: the files shipped with Samvern).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_reference_data(options["data_dir"])
        except ReferenceDataError as error:
            # Nothing was written: the files are checked in full before the first write.
            raise CommandError(str(error)) from error
        except FileNotFoundError as error:
            raise CommandError(f"Missing reference data file: {error.filename}") from error
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            f"Reference data: {result.counties} counties, {result.municipalities} "
            f"municipalities, {result.successions} successions ({result.changed} rows changed: "
            f"{result.created} created, {result.updated} updated, {result.deleted} deleted)."
        )
