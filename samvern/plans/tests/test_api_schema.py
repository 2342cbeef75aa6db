import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_plan_endpoints_are_in_the_openapi_schema(client, alice):
    client.force_login(alice)
    schema = client.get(
        reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).content.decode()
    for path in (
        "/api/v1/plans/",
        "/api/v1/plans/{plan_id}/versions/",
        "/api/v1/plan-versions/{version_id}/measures/",
        "/api/v1/plan-measures/{measure_id}/",
        "/api/v1/plan-rounds/{round_id}/status-reports/",
        "/api/v1/plan-versions/{version_id}/evaluations/",
    ):
        assert path in schema, path
