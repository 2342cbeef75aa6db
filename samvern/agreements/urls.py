from django.urls import path

from samvern.agreements import views

app_name = "agreements"
urlpatterns = [
    path("<uuid:partnership_id>/", views.document_list, name="list"),
    path("<uuid:partnership_id>/new/", views.document_create, name="create"),
    path("<uuid:partnership_id>/<uuid:document_id>/", views.document_detail, name="detail"),
    path("<uuid:partnership_id>/<uuid:document_id>/edit/", views.document_edit, name="edit"),
    path("<uuid:partnership_id>/<uuid:document_id>/draft/", views.draft_edit, name="draft"),
    path("<uuid:partnership_id>/<uuid:document_id>/sign/", views.sign, name="sign"),
    path("<uuid:partnership_id>/<uuid:document_id>/diff/", views.version_diff, name="diff"),
    path(
        "<uuid:partnership_id>/<uuid:document_id>/v<int:number>/",
        views.version_detail,
        name="version",
    ),
    path(
        "<uuid:partnership_id>/<uuid:document_id>/v<int:number>/in-force/",
        views.put_in_force,
        name="put_in_force",
    ),
]
