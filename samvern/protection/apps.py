from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "samvern.protection"
    label = "protection"

    def ready(self) -> None:
        from samvern.protection import receivers

        receivers.connect()
