from django.urls import path

from samvern.governance import views, views_onboarding
from samvern.governance.urls_indicators import urlpatterns as indicator_urlpatterns

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("our-commitments/", views.our_commitments, name="our_commitments"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/new/", views.calendar_create, name="calendar_create"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("public/<uuid:partnership_id>/", views.public, name="public"),
    path("p/<uuid:partnership_id>/", views.partnership, name="partnership"),
    path("p/<uuid:partnership_id>/profile/", views.profile_edit, name="profile_edit"),
    path("p/<uuid:partnership_id>/funding/", views.funding_add, name="funding_add"),
    path(
        "p/<uuid:partnership_id>/funding/<uuid:funding_id>/remove/",
        views.funding_remove,
        name="funding_remove",
    ),
    path("p/<uuid:partnership_id>/bodies/new/", views.body_create, name="body_create"),
    path("bodies/<uuid:body_id>/", views.body, name="body"),
    path("bodies/<uuid:body_id>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<uuid:body_id>/members/", views.member_add, name="member_add"),
    path(
        "bodies/<uuid:body_id>/members/<uuid:member_id>/end/",
        views.member_end,
        name="member_end",
    ),
    path(
        "bodies/<uuid:body_id>/representatives/",
        views.representative_add,
        name="representative_add",
    ),
    path(
        "bodies/<uuid:body_id>/representatives/<uuid:representative_id>/remove/",
        views.representative_remove,
        name="representative_remove",
    ),
    path("bodies/<uuid:body_id>/roles/", views.role_add, name="role_add"),
    path("bodies/<uuid:body_id>/roles/<uuid:role_id>/", views.role_fill, name="role_fill"),
    path("bodies/<uuid:body_id>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("bodies/<uuid:body_id>/series/new/", views.series_create, name="series_create"),
    path("meetings/<uuid:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<uuid:meeting_id>/items/", views.item_add, name="item_add"),
    path(
        "meetings/<uuid:meeting_id>/items/<uuid:item_id>/minutes/",
        views.item_minutes,
        name="item_minutes",
    ),
    path(
        "meetings/<uuid:meeting_id>/items/<uuid:item_id>/papers/",
        views.paper_upload,
        name="paper_upload",
    ),
    path(
        "meetings/<uuid:meeting_id>/items/<uuid:item_id>/approve/",
        views.minutes_approve,
        name="minutes_approve",
    ),
    path("meetings/<uuid:meeting_id>/attendance/", views.attendance, name="attendance"),
    path("meetings/<uuid:meeting_id>/decisions/", views.decision_add, name="decision_add"),
    path("meetings/<uuid:meeting_id>/commitments/", views.commitment_add, name="commitment_add"),
    path(
        "meetings/<uuid:meeting_id>/follow-up/<uuid:commitment_id>/",
        views.follow_up,
        name="follow_up",
    ),
    path("meetings/<uuid:meeting_id>/hold/", views.meeting_hold, name="meeting_hold"),
    path("meetings/<uuid:meeting_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<uuid:meeting_id>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("meetings/<uuid:meeting_id>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("papers/<uuid:paper_id>/", views.paper, name="paper"),
    path("commitments/<uuid:commitment_id>/", views.commitment, name="commitment"),
    path(
        "commitments/<uuid:commitment_id>/status/",
        views.commitment_status,
        name="commitment_status",
    ),
    path(
        "p/<uuid:partnership_id>/onboarding/",
        views_onboarding.my_onboarding,
        name="my_onboarding",
    ),
    path(
        "p/<uuid:partnership_id>/onboarding/<uuid:member_id>/",
        views_onboarding.onboarding_page,
        name="onboarding",
    ),
]

# The partnership's indicators and annual report (urls_indicators.py).
urlpatterns += indicator_urlpatterns
