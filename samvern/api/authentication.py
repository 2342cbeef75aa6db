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


class CaseDataTokenScheme(drf_spectacular_authentication.TokenScheme):
    """The case layer's token as its own security scheme in the OpenAPI schema (the same
    header as "tokenAuth", but only a token with the scope "case data")."""

    target_class = "samvern.accounts.authentication.CaseDataTokenAuthentication"
    name = "caseDataTokenAuth"
    match_subclasses = False
    priority = 0

    def get_security_definition(self, auto_schema: object) -> dict[str, object]:
        definition = dict(super().get_security_definition(auto_schema))
        definition["description"] = (
            "`Authorization: Token <key>` with a token issued with the scope case_data."
        )
        return definition
