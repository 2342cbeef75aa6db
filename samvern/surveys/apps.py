from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "samvern.surveys"
    label = "surveys"
