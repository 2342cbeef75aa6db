from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "samvern.audit"
    label = "audit"
