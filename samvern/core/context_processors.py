from django.conf import settings
from django.http import HttpRequest

from samvern.core.start import nav_for


def samvern(request: HttpRequest) -> dict[str, object]:
    return {
        "active_organisation": getattr(request, "organisation", None),
        "demo_mode": settings.DEMO_MODE,
        # No menu while the user still owes a second factor: every entry would lead back.
        # Nor before authentication has run: an error page (a 400 for a bad host header)
        # may be drawn for a request that never reached it.
        "nav_items": []
        if getattr(request, "second_factor_pending", False) or not hasattr(request, "user")
        else nav_for(request),
        # The user's organisations, loaded once per request by the accounts middleware.
        "user_organisations": getattr(request, "organisations", []),
    }
