"""The API's own pages: interactive documentation that works under the CSP."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI whose start-up script is a separate request (`?script`), with no inline
    script or style, so the strict Content Security Policy needs no exception."""

    template_name = "api/swagger_ui.html"
