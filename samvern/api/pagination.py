"""`?limit=&offset=` paging for every list of the API, with a bounded page size.

A limit above `max_limit`, a limit below 1, or an offset that is not a whole number of zero
or more is refused with 400 (not silently replaced), so that a client learns at once that it
did not get what it asked for.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request


def _whole_number(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() else None


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 500
    limit_query_description = (
        "Rows per page: 1 to 500, default 100. A larger value is refused (400)."
    )
    offset_query_description = "Rows to skip before the first row of the page (0 or more)."

    def check_parameters(self, request: Request) -> None:
        """Raise 400 for a bad `limit` or `offset`; call before anything is computed."""
        self.get_limit(request)
        self.get_offset(request)

    def get_limit(self, request: Request) -> int:
        raw = request.query_params.get(self.limit_query_param, "")
        if raw == "":
            return self.default_limit
        value = _whole_number(raw)
        if value is None or not 1 <= value <= self.max_limit:
            raise ValidationError(
                {
                    self.limit_query_param: [
                        _("Choose a limit between 1 and %(max)s.") % {"max": self.max_limit}
                    ]
                }
            )
        return value

    def get_offset(self, request: Request) -> int:
        raw = request.query_params.get(self.offset_query_param, "")
        if raw == "":
            return 0
        value = _whole_number(raw)
        if value is None:
            raise ValidationError(
                {self.offset_query_param: [_("The offset must be a whole number, 0 or more.")]}
            )
        return value

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        self.check_parameters(request)  # before the count query
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        properties["count"]["description"] = "Number of rows in all pages together."
        properties["next"]["description"] = "Address of the next page; null on the last page."
        properties["previous"]["description"] = (
            "Address of the previous page; null on the first page."
        )
        properties["results"]["description"] = "The rows of this page."
        return response
