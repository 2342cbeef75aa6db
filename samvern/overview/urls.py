from django.urls import path

from samvern.overview import views

app_name = "overview"
urlpatterns = [
    path("", views.index, name="index"),
    path("municipality/<int:year>/<str:code>/", views.municipality, name="municipality"),
]
