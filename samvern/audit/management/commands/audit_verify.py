from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samvern.audit.models import AuditEvent
from samvern.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit non-zero naming the first broken event."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = verify_chain()
        if broken is not None:
            raise CommandError(
                f"Audit trail broken at event {broken.pk} "
                f"({broken.occurred_at.isoformat()} {broken.action}): its content or its link "
                "to the previous event does not match the stored hash."
            )
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {count} events verified."))
