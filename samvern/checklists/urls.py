from django.urls import URLPattern, path

from samvern.checklists import views

app_name = "checklists"
urlpatterns: list[URLPattern] = [
    path("cases/<uuid:case_id>/", views.case_checklist, name="case"),
    path("cases/<uuid:case_id>/new/", views.generate, name="generate"),
    path("cases/<uuid:case_id>/history/", views.history, name="history"),
    path("<uuid:checklist_id>/", views.checklist_detail, name="checklist"),
    path("items/<uuid:item_id>/tick/", views.tick, name="tick"),
    path("items/<uuid:item_id>/not-applicable/", views.not_applicable, name="not_applicable"),
    path("items/<uuid:item_id>/reopen/", views.reopen, name="reopen"),
]
