from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "samvern.conferences"
    label = "conferences"
