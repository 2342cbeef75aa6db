from django.urls import URLPattern

app_name = "safetyplans"
urlpatterns: list[URLPattern] = []
