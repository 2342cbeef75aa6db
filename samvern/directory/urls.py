from django.urls import path

from samvern.directory import views

app_name = "directory"
urlpatterns = [
    path("<uuid:partnership_id>/", views.directory_list, name="list"),
    path("<uuid:partnership_id>/new/", views.service_create, name="create"),
    path("<uuid:partnership_id>/settings/", views.directory_settings, name="settings"),
    path("<uuid:partnership_id>/print/", views.print_list, name="print"),
    path("<uuid:partnership_id>/print.pdf", views.print_pdf, name="print_pdf"),
    path("<uuid:partnership_id>/export.csv", views.export_csv, name="export_csv"),
    path("public/<uuid:partnership_id>/", views.public_directory, name="public"),
    path("<uuid:partnership_id>/<uuid:service_id>/", views.service_detail, name="detail"),
    path("<uuid:partnership_id>/<uuid:service_id>/edit/", views.service_edit, name="edit"),
    path(
        "<uuid:partnership_id>/<uuid:service_id>/checked/",
        views.service_checked,
        name="checked",
    ),
    path(
        "<uuid:partnership_id>/<uuid:service_id>/capacity/",
        views.service_capacity,
        name="capacity",
    ),
    path(
        "<uuid:partnership_id>/<uuid:service_id>/measures/",
        views.service_measures,
        name="measures",
    ),
]
