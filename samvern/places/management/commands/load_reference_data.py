from typing import Any

from django.core.management.base import BaseCommand

from samvern.places.reference import load_reference_data


class Command(BaseCommand):
    help = "Load counties, municipalities (2019 and 2024 structures) and the succession table."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_reference_data()
        self.stdout.write(
            f"Reference data: {result.counties} counties, {result.municipalities} "
            f"municipalities, {result.successions} successions ({result.changed} rows changed)."
        )
