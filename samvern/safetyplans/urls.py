from django.urls import path

from samvern.safetyplans import views

app_name = "safetyplans"
urlpatterns = [
    path("persons/<uuid:person_id>/", views.plan_detail, name="plan"),
    path("persons/<uuid:person_id>/edit/", views.edit_plan, name="edit"),
    path("persons/<uuid:person_id>/compare/", views.compare_versions, name="compare"),
    path("persons/<uuid:person_id>/safety-plan.pdf", views.plan_pdf, name="pdf"),
    path(
        "persons/<uuid:person_id>/versions/<int:number>/",
        views.version_detail,
        name="version",
    ),
    path(
        "persons/<uuid:person_id>/versions/<int:number>/safety-plan.pdf",
        views.version_pdf,
        name="version_pdf",
    ),
]
