from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samvern.accounts.models import User
from samvern.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the fictional demo (only in demo mode; does nothing if it is already loaded)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Load even if users exist.")

    def handle(self, *args: object, force: bool = False, **options: object) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("The demo can only be loaded with SAMVERN_DEMO=1.")
        if User.objects.filter(username="kari.planlegger").exists() and not force:
            self.stdout.write("Demo already loaded.")
            return
        load_demo(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS("Demo loaded."))
