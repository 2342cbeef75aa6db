"""Registry of plans made elsewhere (facts only): registration, bulk import, corrections."""

from django.urls import path

from samvern.plans import registry_views as views

app_name = "registry"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.register, name="register"),
    path("import/", views.bulk_import, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("<uuid:plan_id>/correct/", views.correct, name="correct"),
]
