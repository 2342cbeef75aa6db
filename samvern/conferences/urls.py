"""Conference pages. Each area keeps its routes in its own module; they share the
"conferences" namespace."""

from django.urls import URLPattern, URLResolver, include, path

app_name = "conferences"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("samvern.conferences.urls_schedule")),
    path("", include("samvern.conferences.urls_meeting")),
    path("", include("samvern.conferences.urls_actions")),
    path("", include("samvern.conferences.urls_statistics")),
    path("", include("samvern.conferences.urls_voice")),
    path("", include("samvern.conferences.urls_followup")),
]
