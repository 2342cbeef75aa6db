"""Action points after the meeting and the personal calendar address."""

from django.urls import URLPattern, path

from samvern.conferences import views_actions as views

urlpatterns: list[URLPattern] = [
    path("actions/", views.my_actions, name="my_actions"),
    path("actions/<uuid:point_id>/", views.action, name="action"),
    path("actions/<uuid:point_id>/outcome/", views.action_outcome, name="action_outcome"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
