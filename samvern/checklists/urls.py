from django.urls import URLPattern, path

app_name = "checklists"
urlpatterns: list[URLPattern] = []
