from django.core.management.base import BaseCommand, CommandError

from samvern.audit.services import checkpoint_file, write_checkpoint


class Command(BaseCommand):
    help = (
        "Verify the audit trail since the last checkpoint, append a checkpoint (the newest "
        "event's id and keyed hash) to AUDIT_CHECKPOINT_FILE, and print it for the "
        "operator's own record. Meant for the daily job."
    )

    def handle(self, *args: object, **options: object) -> None:
        checkpoint, verification = write_checkpoint()
        if not verification.intact:
            raise CommandError(
                "No checkpoint written: the audit trail is broken.\n"
                + "\n".join(verification.problems)
            )
        if checkpoint is None:
            self.stdout.write("The audit trail is empty: nothing to checkpoint.")
            return
        self.stdout.write(
            f"Audit checkpoint written to {checkpoint_file()} "
            f"({verification.events} new events verified):"
        )
        self.stdout.write(checkpoint.line())
