from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "samvern.governance"
    label = "governance"
