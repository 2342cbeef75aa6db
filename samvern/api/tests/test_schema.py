"""The OpenAPI document and its documentation page, for every route the API has.

These tests enumerate the routes at run time, so a route added by any app is checked
without touching this file.
"""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


@pytest.fixture
def generated_schema(db):
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
        problems = {
            "warnings": sorted(GENERATOR_STATS._warn_cache),
            "errors": sorted(GENERATOR_STATS._error_cache),
        }
    GENERATOR_STATS.reset()
    return schema, problems


def test_schema_generation_reports_no_warnings_or_errors(generated_schema):
    _, problems = generated_schema
    assert problems == {"warnings": [], "errors": []}


def test_schema_is_a_valid_openapi_document(generated_schema):
    schema, _ = generated_schema
    validate_schema(schema)  # raises on anything that breaks the OpenAPI 3 JSON schema
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Samvern API"


def test_every_operation_has_a_unique_id(generated_schema):
    schema, _ = generated_schema
    ids = [
        operation["operationId"]
        for item in schema["paths"].values()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(ids) == len(set(ids))


def test_reference_data_endpoints_are_documented(generated_schema):
    schema, _ = generated_schema
    paths = schema["paths"]
    for path in (
        "/api/v1/counties/",
        "/api/v1/counties/{year}/{code}/",
        "/api/v1/municipalities/",
        "/api/v1/municipalities/{year}/{code}/",
    ):
        assert paths[path]["get"]["tags"] == ["places"]
        assert paths[path]["get"]["summary"]
    parameters = {p["name"]: p for p in paths["/api/v1/municipalities/"]["get"]["parameters"]}
    assert parameters["year"]["schema"]["enum"] == [2019, 2024]
    assert parameters["year"]["schema"]["default"] == 2024
    assert {"county", "limit", "offset"} <= set(parameters)


@pytest.mark.parametrize("persona", [None, "bob"])
def test_schema_is_served_to_everyone(client, reference_data, request, persona):
    if persona:
        request.getfixturevalue("login_as")(request.getfixturevalue(persona))
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    assert "/api/v1/municipalities/" in schema["paths"]


def test_docs_page_has_no_inline_script_or_style_and_uses_local_assets(client, db):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    page = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 3
    assert all('src="/' in attributes and not body.strip() for attributes, body in scripts)
    assert "<style" not in page
    assert "style=" not in page
    for asset in re.findall(r'(?:src|href)="/static/([^"?]+)', page):
        assert finders.find(asset), asset
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_docs_start_up_script_points_at_the_schema(client, db):
    response = client.get(reverse("api-docs"), {"script": ""})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/javascript")
    assert reverse("api-schema") in response.content.decode()


@pytest.mark.browser
def test_docs_render_in_chromium_without_csp_violations(browser_page, screenshot):
    page, base = browser_page
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(base + reverse("api-docs"))
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "Samvern API" in page.inner_text(".swagger-ui .info .title")
    # Swagger UI renders only the operations near the viewport; the filter finds a tag.
    page.fill(".operation-filter-input", "places")
    page.wait_for_selector("text=/api/v1/municipalities/", timeout=20_000)
    assert page.locator(".opblock-tag-section").count() == 1
    screenshot(page, "api-docs")
    assert [text for text in console if "Content Security Policy" in text] == []


OPEN_DATA_TAGS = {"overview", "places"}


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value.rsplit("/", 1)[-1]
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_the_open_data_licence_is_in_the_schema(generated_schema):
    schema, _ = generated_schema
    assert schema["info"]["license"] == {
        "name": "Norwegian Licence for Open Government Data (NLOD) 2.0",
        "url": "https://data.norge.no/nlod/no/2.0",
    }


def test_every_open_data_output_field_has_a_description(generated_schema):
    schema, _ = generated_schema
    components = schema["components"]["schemas"]
    todo = [
        name
        for item in schema["paths"].values()
        for operation in item.values()
        if set(operation.get("tags", [])) & OPEN_DATA_TAGS
        for name in _refs(operation["responses"])
    ]
    seen, undescribed = set(), []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        component = components[name]
        for field, spec in component.get("properties", {}).items():
            if not spec.get("description"):
                undescribed.append(f"{name}.{field}")
        todo.extend(_refs(component))
    assert {"Summary", "Figures", "MunicipalityStatus", "History", "HistoryPoint"} <= seen
    assert {"PaginatedMunicipalityList", "Municipality", "County", "Successor"} <= seen
    assert undescribed == []


def test_the_page_size_limit_is_documented(generated_schema):
    schema, _ = generated_schema
    parameters = {
        p["name"]: p for p in schema["paths"]["/api/v1/municipalities/"]["get"]["parameters"]
    }
    assert "1 to 500" in parameters["limit"]["description"]
    assert "refused (400)" in parameters["limit"]["description"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/protection/measures/",
        "/api/v1/protection/releases/",
        "/api/v1/protection/reassessments/due/",
        "/api/v1/cases/referrals/",
        "/api/v1/cases/referrals/mine/",
        "/api/v1/programmes/",
    ],
)
def test_paged_lists_are_documented_as_pages(generated_schema, path):
    """A list that answers one page at a time says so: count, next, previous and results,
    and the limit and offset parameters (not a bare array)."""
    schema, _ = generated_schema
    operation = schema["paths"][path]["get"]
    assert {"limit", "offset"} <= {p["name"] for p in operation["parameters"]}
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"count", "next", "previous", "results"} <= set(component["properties"])
    assert component["properties"]["results"]["type"] == "array"
