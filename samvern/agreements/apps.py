from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "samvern.agreements"
    label = "agreements"
