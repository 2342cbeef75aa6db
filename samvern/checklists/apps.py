from django.apps import AppConfig


class ChecklistsConfig(AppConfig):
    name = "samvern.checklists"
    label = "checklists"
