"""Send due action-point reminders (before and after each due date). Safe to run as often
as you like, e.g. daily from cron: each reminder goes to each person once."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samvern.conferences.reminders import send_action_reminders_task, send_due_reminders


class Command(BaseCommand):
    help = "Send due reminders about open action points (each reminder once per recipient)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the work for the task worker instead of sending now.",
        )

    def handle(self, *args: object, **options: object) -> None:
        value = options["date"]
        try:
            day = dt.date.fromisoformat(str(value)) if value else timezone.localdate()
        except ValueError as error:
            raise CommandError("--date must be YYYY-MM-DD") from error
        if options["enqueue"]:
            result = send_action_reminders_task.enqueue(day.isoformat())
            self.stdout.write(f"Queued action-point reminder task {result.id}.")
            return
        sent = send_due_reminders(day)
        self.stdout.write(f"Sent {sent} action-point reminder(s).")
