from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "samvern.training"
    label = "training"
