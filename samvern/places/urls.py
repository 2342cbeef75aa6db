from django.urls import path

from samvern.places import views

app_name = "places"
urlpatterns = [
    path("", views.index, name="index"),
]
