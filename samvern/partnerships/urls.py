from django.urls import path

from samvern.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/", views.partnership_create, name="create"),
    path("<uuid:partnership_id>/", views.partnership_detail, name="detail"),
    path("<uuid:partnership_id>/edit/", views.partnership_edit, name="edit"),
    path("<uuid:partnership_id>/history/", views.partnership_history, name="history"),
    path("<uuid:partnership_id>/members/add/", views.member_add, name="member_add"),
    path(
        "<uuid:partnership_id>/members/<uuid:member_id>/leave/",
        views.member_leave,
        name="member_leave",
    ),
    path(
        "<uuid:partnership_id>/members/<uuid:member_id>/contacts/",
        views.member_contacts,
        name="member_contacts",
    ),
    path(
        "<uuid:partnership_id>/members/<uuid:member_id>/absence/",
        views.member_absence,
        name="member_absence",
    ),
]
