from django.urls import URLPattern

app_name = "programmes"
urlpatterns: list[URLPattern] = []
