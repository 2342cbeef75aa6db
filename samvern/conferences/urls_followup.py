"""Outcome follow-up routes: the follow-ups due, a case's follow-ups, recording one and
the partnership's follow-up months (views_followup)."""

from django.urls import URLPattern, path

from samvern.conferences import views_followup as views

urlpatterns: list[URLPattern] = [
    path("follow-ups/", views.due_list, name="followup_list"),
    path("follow-ups/cases/<uuid:case_id>/", views.case_follow_ups, name="followup_case"),
    path(
        "follow-ups/cases/<uuid:case_id>/<int:checkpoint>/",
        views.record,
        name="followup_record",
    ),
    path(
        "follow-ups/partnerships/<uuid:partnership_id>/",
        views.settings_page,
        name="followup_settings",
    ),
]
