from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "samvern.outreach"
    label = "outreach"
