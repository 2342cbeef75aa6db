"""Send the day's e-mail reminders about open commitments (run daily)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samvern.governance.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send e-mail reminders about commitments due soon or overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The day to send for (YYYY-MM-DD); today by default.")

    def handle(self, *args: object, **options: object) -> None:
        value = options.get("date")
        try:
            day = dt.date.fromisoformat(str(value)) if value else timezone.localdate()
        except ValueError:
            raise CommandError("--date must be YYYY-MM-DD") from None
        sent = send_due_reminders(day)
        self.stdout.write(f"{sent} reminder(s) sent for {day.isoformat()}")
