from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "samvern.programmes"
    label = "programmes"
