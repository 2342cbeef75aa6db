from django.urls import path

from samvern.surveys import views

app_name = "surveys"
urlpatterns = [
    path("<uuid:partnership_id>/", views.round_list, name="list"),
    path("<uuid:partnership_id>/<uuid:round_id>/", views.round_results, name="results"),
    path("<uuid:partnership_id>/<uuid:round_id>/answer/", views.answer, name="answer"),
    path("<uuid:partnership_id>/<uuid:round_id>/close/", views.close, name="close"),
]
