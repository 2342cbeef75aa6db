"""Registry of plans made elsewhere (facts only): registration, bulk import, corrections."""

from django.urls import path  # noqa: F401

app_name = "registry"
urlpatterns: list = []
