from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "samvern.partnerships"
    label = "partnerships"
