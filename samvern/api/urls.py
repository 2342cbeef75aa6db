"""API v1: each app contributes its routes through `api_urlpatterns` in `<app>/api.py`."""

from importlib import import_module

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView

from samvern.api.views import ApiDocsView

API_APPS = [
    "accounts",
    "places",
    "plans",
    "overview",
    "partnerships",
    "directory",
    "training",
    "agreements",
    "surveys",
    "governance",
    "cases",
    "safetyplans",
    "checklists",
    "conferences",
    "outreach",
    "protection",
    "voice",
    "programmes",
    "trail",
]


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


# The ReDoc viewer is not offered: it injects inline styles and a blob: worker, which the
# Content Security Policy forbids. Swagger UI (docs/) covers the same schema.
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    *_app_patterns(),
]
