from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from samvern.api.public import BoundedLimitOffsetPagination


def _page(query):
    request = Request(APIRequestFactory().get("/api/v1/anything/", query))
    return BoundedLimitOffsetPagination().paginate_queryset(list(range(2000)), request)


def test_public_pages_default_to_a_hundred_rows():
    assert _page({}) == list(range(100))


def test_a_client_cannot_ask_for_more_than_five_hundred_rows():
    assert len(_page({"limit": "10000"})) == 500
    assert _page({"limit": "10", "offset": "1990"}) == list(range(1990, 2000))
