from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "samvern.overview"
    label = "overview"
