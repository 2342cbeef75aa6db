from django.apps import AppConfig


class TrailConfig(AppConfig):
    """The audit trail's pages and API (the read side): above the case layer, since what an
    event is about is shown with the apps' own access rules. The writer is samvern.audit."""

    name = "samvern.trail"
    label = "trail"
