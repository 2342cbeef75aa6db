from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    """Fictional national-scale data for the benchmark (`manage.py generate_synthetic`):
    the top layer, since it writes the rows of every app below it."""

    name = "samvern.synthetic"
    label = "synthetic"
