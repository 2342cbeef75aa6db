from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "samvern.protection"
    label = "protection"
