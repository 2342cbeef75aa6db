from django.urls import path

from samvern.training import views

app_name = "training"
urlpatterns = [
    path("<uuid:partnership_id>/", views.overview, name="overview"),
    path("<uuid:partnership_id>/events/new/", views.event_create, name="event_create"),
    path("<uuid:partnership_id>/events/<uuid:event_id>/", views.event_detail, name="event"),
    path("<uuid:partnership_id>/events/<uuid:event_id>/edit/", views.event_edit, name="event_edit"),
    path(
        "<uuid:partnership_id>/events/<uuid:event_id>/delete/",
        views.event_delete,
        name="event_delete",
    ),
    path(
        "<uuid:partnership_id>/organisations/<uuid:organisation_id>/",
        views.organisation_page,
        name="organisation",
    ),
    path("<uuid:partnership_id>/plans/<int:year>/", views.plan_page, name="plan"),
]
