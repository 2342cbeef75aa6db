from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "samvern.cases"
    label = "cases"
