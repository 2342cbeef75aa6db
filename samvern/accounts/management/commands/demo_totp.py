from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp

from samvern.accounts.demo import demo_totp_key


class Command(BaseCommand):
    help = "Print the current one-time code of a demo user (demo mode only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: object, username: str, **options: object) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo codes exist only with SAMVERN_DEMO=1.")
        self.stdout.write(f"{totp(bytes.fromhex(demo_totp_key(username))):06d}")
