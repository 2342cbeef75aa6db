from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samvern.accounts.demo import DEMO_PASSWORD, USERS, demo_totp_secret_base32
from samvern.accounts.models import CASE_ROLES, Role


class Command(BaseCommand):
    help = "Print the demo logins (demo mode only)."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo logins exist only with SAMVERN_DEMO=1.")
        out = self.stdout
        out.write("")
        out.write("Samvern demo — http://127.0.0.1:8000/")
        out.write(f"Every demo user's password: {DEMO_PASSWORD}")
        out.write("")
        out.write(f"{'username':<22} {'organisation':<33} {'role':<24} second factor")
        for username, _first, _last, organisation, role, _title in USERS:
            second = ""
            if role in CASE_ROLES:
                second = f"TOTP secret {demo_totp_secret_base32(username)}"
            label = str(Role(role).label)
            out.write(f"{username:<22} {organisation:<33} {label:<24} {second}")
        out.write(f"{'admin':<22} {'(Django admin, no case access)':<33} {'superuser':<24}")
        out.write("")
        out.write(
            "Case roles need a one-time code: add the TOTP secret to an authenticator app, "
            "or run  .venv/bin/python manage.py demo_totp USERNAME  for the current code. "
            "In demo mode the code page also shows it."
        )
        out.write("")
