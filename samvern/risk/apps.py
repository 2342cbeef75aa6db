from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "samvern.risk"
    label = "risk"
