"""Session authentication that tells a client without credentials how to authenticate.

Django REST framework answers a request without credentials with 401 only when the first
authentication class of the view names a scheme for the `WWW-Authenticate` header; the
session class names none, which turns "not signed in" into 403 ("forbidden"). Naming the
session scheme keeps the two apart on views that accept only a session.
"""

from __future__ import annotations

from drf_spectacular import authentication as drf_spectacular_authentication
from rest_framework import authentication
from rest_framework.request import Request


class SessionAuthentication(authentication.SessionAuthentication):
    """The signed-in browser session (with its CSRF check on writes)."""

    def authenticate_header(self, request: Request) -> str:
        return 'Session realm="api"'


class SessionScheme(drf_spectacular_authentication.SessionScheme):
    """The same "cookieAuth" security scheme in the OpenAPI schema as Django REST
    framework's session class."""

    target_class = "samvern.api.authentication.SessionAuthentication"
