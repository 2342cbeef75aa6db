from django.urls import URLPattern, path

app_name = "safetyplans"
urlpatterns: list[URLPattern] = []
