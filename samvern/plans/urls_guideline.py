"""Routes of the guideline's steps under a version (included by samvern.plans.urls, in
its namespace)."""

from django.urls import path

from samvern.plans import views_guideline as views

urlpatterns = [
    path("initiative/", views.initiative, name="initiative"),
    path("steering-group/", views.list_view(views.STEERING), name="steering_group"),
    path(
        "steering-group/<uuid:item_id>/",
        views.edit_view(views.STEERING),
        name="steering_group_edit",
    ),
    path(
        "steering-group/<uuid:item_id>/remove/",
        views.remove_view(views.STEERING),
        name="steering_group_remove",
    ),
    path("involvement/", views.list_view(views.INVOLVEMENT), name="involvement"),
    path(
        "involvement/<uuid:item_id>/",
        views.edit_view(views.INVOLVEMENT),
        name="involvement_edit",
    ),
    path(
        "involvement/<uuid:item_id>/remove/",
        views.remove_view(views.INVOLVEMENT),
        name="involvement_remove",
    ),
    path("communication/", views.list_view(views.COMMUNICATION), name="communication"),
    path(
        "communication/<uuid:item_id>/",
        views.edit_view(views.COMMUNICATION),
        name="communication_edit",
    ),
    path(
        "communication/<uuid:item_id>/remove/",
        views.remove_view(views.COMMUNICATION),
        name="communication_remove",
    ),
    path("communication/annual-cycle.ics", views.annual_cycle_ics, name="annual_cycle_ics"),
    path("quality-review/", views.quality_review, name="quality_review"),
]
