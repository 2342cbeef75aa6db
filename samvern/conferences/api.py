"""Conferences over the API, under the same rules as the pages (samvern.conferences.access).
Each area keeps its routes in its own module; samvern/api/urls.py collects
`api_urlpatterns` from here."""

from django.urls import URLPattern

from samvern.conferences import (
    api_actions,
    api_followup,
    api_meeting,
    api_schedule,
    api_statistics,
    api_voice,
)

api_urlpatterns: list[URLPattern] = [
    *api_schedule.api_urlpatterns,
    *api_meeting.api_urlpatterns,
    *api_actions.api_urlpatterns,
    *api_statistics.api_urlpatterns,
    *api_voice.api_urlpatterns,
    *api_followup.api_urlpatterns,
]
