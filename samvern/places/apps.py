from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "samvern.places"
    label = "places"
