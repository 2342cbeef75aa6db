"""E-mail the referral updates whose e-mail could not be sent when they were written (the
mail server refused or was down), up to a week back. Safe to run as often as you like,
e.g. daily or hourly from cron: each update is e-mailed once."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from samvern.cases.services.feedback import send_missed_feedback


class Command(BaseCommand):
    help = "E-mail the referral updates whose e-mail did not go out when they were written."

    def handle(self, *args: object, **options: object) -> None:
        sent = send_missed_feedback(now=timezone.now())
        self.stdout.write(f"Sent {sent} referral update(s) again.")
