from django.urls import include, path

app_name = "plans"
urlpatterns = [
    path("registry/", include("samvern.plans.registry_urls")),
]
