from django.urls import path

from samvern.protection import views

app_name = "protection"
urlpatterns = [
    path("", views.our_measures, name="ours"),
    path("reassessments/", views.our_reassessments, name="reassessments"),
    path("case/<uuid:case_id>/", views.case_measures, name="case"),
    path("person/<uuid:person_id>/measure/add/", views.add_measure, name="add_measure"),
    path("person/<uuid:person_id>/release/add/", views.add_release, name="add_release"),
    path("measure/<uuid:measure_id>/", views.measure_detail, name="measure"),
    path("measure/<uuid:measure_id>/edit/", views.edit_measure, name="edit_measure"),
    path("measure/<uuid:measure_id>/end/", views.end_measure, name="end_measure"),
    path("release/<uuid:release_id>/edit/", views.edit_release, name="edit_release"),
    path("reassessment/<uuid:reassessment_id>/", views.reassessment, name="reassessment"),
]
