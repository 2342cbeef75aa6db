from django.urls import path, re_path

from samvern.risk import views

app_name = "risk"
urlpatterns = [
    path("", views.instrument_list, name="list"),
    re_path(
        r"^(?P<key>[a-z][a-z0-9_-]{0,79})/(?P<version>[0-9]{1,4}\.[0-9]{1,4})/$",
        views.instrument_detail,
        name="detail",
    ),
]
