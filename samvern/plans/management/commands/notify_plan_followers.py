"""Tell the followers of public plans what happened: a status report published, an
evaluation completed, the plan expired; and delete sign-ups never confirmed. Run it daily
(e.g. from cron, beside send_plan_reminders): each notice goes to each follower once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samvern.plans.following import delete_stale_signups, send_follower_notices


class Command(BaseCommand):
    help = "E-mail the followers of public plans (each notice once) and delete stale sign-ups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = (
                dt.date.fromisoformat(options["today"])
                if options["today"]
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError("--today must be YYYY-MM-DD") from error
        deleted = delete_stale_signups(today)
        sent = send_follower_notices(today)
        self.stdout.write(f"Sent {sent} notice(s); deleted {deleted} unconfirmed sign-up(s).")
