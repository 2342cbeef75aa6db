"""Routes of the case trail, mounted under /cases/ beside the case pages."""

from django.urls import path

from samvern.trail import case_views

app_name = "trail"
urlpatterns = [
    path("<uuid:case_id>/access-log/", case_views.access_log, name="case_access_log"),
]
