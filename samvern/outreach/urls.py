from django.urls import path

from samvern.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("notices/", views.notices, name="notices"),
    path("notices/register/", views.register, name="register"),
    path("notices/<uuid:notice_id>/", views.notice_detail, name="notice"),
    path("notices/<uuid:notice_id>/attempts/add/", views.add_attempt, name="add_attempt"),
    path("notices/<uuid:notice_id>/refer/", views.refer, name="refer"),
    path("partnerships/<uuid:partnership_id>/settings/", views.edit_settings, name="settings"),
]
