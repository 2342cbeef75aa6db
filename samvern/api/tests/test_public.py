import pytest
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from samvern.api.public import BoundedLimitOffsetPagination


def _page(query):
    request = Request(APIRequestFactory().get("/api/v1/anything/", query))
    return BoundedLimitOffsetPagination().paginate_queryset(list(range(2000)), request)


def test_public_pages_default_to_a_hundred_rows():
    assert _page({}) == list(range(100))


def test_a_client_may_ask_for_up_to_five_hundred_rows():
    assert len(_page({"limit": "500"})) == 500
    assert _page({"limit": "10", "offset": "1990"}) == list(range(1990, 2000))


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"limit": "501"}, "limit"),
        ({"limit": "10000"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "-5"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "1e3"}, "offset"),
    ],
)
def test_a_limit_above_five_hundred_or_a_bad_offset_is_refused(query, parameter):
    with pytest.raises(ValidationError) as refused:
        _page(query)
    assert set(refused.value.detail) == {parameter}
