from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samvern.core"
    label = "core"
