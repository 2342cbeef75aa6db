"""API v1: each app contributes its routes through `api_urlpatterns` in `<app>/api.py`."""

from importlib import import_module

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

API_APPS = ["accounts", "places", "plans", "overview", "partnerships", "cases", "audit"]


def _app_patterns() -> list[URLPattern | URLResolver]:
    patterns: list[URLPattern | URLResolver] = []
    for app in API_APPS:
        try:
            module = import_module(f"samvern.{app}.api")
        except ModuleNotFoundError as error:
            if error.name != f"samvern.{app}.api":
                raise
            continue
        patterns.extend(getattr(module, "api_urlpatterns", []))
    return patterns


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    *_app_patterns(),
]
