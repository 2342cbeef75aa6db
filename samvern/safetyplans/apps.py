from django.apps import AppConfig


class SafetyPlansConfig(AppConfig):
    name = "samvern.safetyplans"
    label = "safetyplans"
