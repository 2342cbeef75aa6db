"""The case API is in the OpenAPI schema."""

import pytest


@pytest.mark.django_db
def test_case_routes_are_in_the_openapi_schema(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    body = response.content.decode()
    for route in (
        "/api/v1/cases/",
        "/api/v1/cases/{case_id}/",
        "/api/v1/cases/persons/{person_id}/",
        "/api/v1/cases/{case_id}/access-log/",
    ):
        assert route in body
