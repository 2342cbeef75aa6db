from django.urls import URLPattern, path

app_name = "conferences"
urlpatterns: list[URLPattern] = []
