from django.core.management.base import BaseCommand, CommandError, CommandParser

from samvern.audit.services import verify_trail


class Command(BaseCommand):
    help = (
        "Verify the audit trail: the keyed hash chain and every checkpoint in "
        "AUDIT_CHECKPOINT_FILE. Exits non-zero naming what is broken."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since-last-checkpoint",
            action="store_true",
            help="Walk the chain only from the newest checkpoint on (checkpoints are all "
            "checked); a full run checks every event.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes for a full run (default: one per core on PostgreSQL, at "
            "most four, for a trail of 200,000 events or more; one on SQLite).",
        )

    def handle(
        self, *args: object, since_last_checkpoint: bool, workers: int | None, **options: object
    ) -> None:
        if workers is not None and workers < 1:
            raise CommandError("--workers must be 1 or more.")
        result = verify_trail(since_last_checkpoint=since_last_checkpoint, workers=workers)
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if not result.intact:
            raise CommandError("\n".join(result.problems))
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit trail intact: {result.events} events verified, "
                f"{result.checkpoints} checkpoints matched."
            )
        )
