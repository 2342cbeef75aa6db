from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "samvern.voice"
    label = "voice"
