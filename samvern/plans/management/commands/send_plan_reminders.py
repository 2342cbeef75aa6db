"""Send due plan reminders (reporting rounds, period ending, expired plans). Safe to run
as often as you like, e.g. daily from cron: each reminder goes to each person once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samvern.plans.reminders import send_due_reminders, send_plan_reminders_task


class Command(BaseCommand):
    help = "Send due reminders for action plans (each reminder once per recipient)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the work for the task worker instead of sending now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = (
                dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError("--date must be YYYY-MM-DD") from error
        if options["enqueue"]:
            result = send_plan_reminders_task.enqueue(today.isoformat())
            self.stdout.write(f"Queued reminder task {result.id}.")
            return
        sent = send_due_reminders(today)
        self.stdout.write(f"Sent {sent} reminder(s).")
