"""One agenda case at one conference: its page, research, minutes, action points agreed
and the minutes as PDF (views_meeting)."""

from django.urls import URLPattern, path

from samvern.conferences import views_meeting

urlpatterns: list[URLPattern] = [
    path("items/<uuid:item_id>/", views_meeting.item, name="item"),
    path("items/<uuid:item_id>/research/", views_meeting.research_save, name="research_save"),
    path("items/<uuid:item_id>/minutes/", views_meeting.minutes_save, name="minutes_save"),
    path("items/<uuid:item_id>/action-points/", views_meeting.action_add, name="action_add"),
    path("items/<uuid:item_id>/minutes.pdf", views_meeting.minutes_pdf, name="minutes_pdf"),
]
