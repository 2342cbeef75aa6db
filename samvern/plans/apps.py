from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "samvern.plans"
    label = "plans"
