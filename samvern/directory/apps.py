from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "samvern.directory"
    label = "directory"
