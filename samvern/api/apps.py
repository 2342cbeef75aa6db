from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "samvern.api"
    label = "api"
