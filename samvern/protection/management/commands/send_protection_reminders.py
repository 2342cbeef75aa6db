"""Send due reminders about protective measures ending, releases from custody and
reassessments. Safe to run as often as you like, e.g. daily from cron: each reminder goes
to each person once."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samvern.protection.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send due reminders about protective measures, release dates and reassessments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args: object, **options: object) -> None:
        value = options["date"]
        try:
            day = dt.date.fromisoformat(str(value)) if value else timezone.localdate()
        except ValueError as error:
            raise CommandError("--date must be YYYY-MM-DD") from error
        sent = send_due_reminders(day)
        self.stdout.write(f"Sent {sent} protection reminder(s).")
