"""The OpenAPI schema (/api/schema/) describes every endpoint without a drf-spectacular warning or
error, and says what the views share: their errors, comma lists, binary and XML answers."""

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from rest_framework.test import APIClient


@pytest.fixture
def schema(tmp_path) -> dict:
    # Warnings are counted per process: start from none, so only this generation's count.
    GENERATOR_STATS.reset()
    path = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def test_the_schema_generates_with_no_warning_and_validates(schema):
    assert not GENERATOR_STATS
    assert len(schema["paths"]) > 70


def test_every_operation_names_its_answers_and_its_errors(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert any(code.startswith("2") for code in responses), (method, path)
            assert "503" in responses, (method, path)
            for code, response in responses.items():
                for media_type, content in response.get("content", {}).items():
                    # Free-form objects ({} or type object without properties) describe nothing.
                    described = content["schema"]
                    assert described not in ({}, {"type": "object"}), (method, path, code, media_type)


def test_shared_errors_follow_what_the_view_is_made_of(schema):
    paths = schema["paths"]
    complaints = paths["/api/complaints/"]
    assert {"400", "403", "404", "503"} <= set(complaints["get"]["responses"])  # filters, login, pages
    assert "429" not in complaints["get"]["responses"]  # intake counts writes only
    assert "429" in complaints["post"]["responses"]
    assert complaints["post"]["responses"]["429"]["headers"]["Retry-After"]
    tiles = paths["/tiles/{layer}/{z}/{x}/{y}.pbf"]["get"]["responses"]
    assert "401" in tiles and "WWW-Authenticate" in tiles["401"]["headers"]  # HTTP Basic for GIS clients
    assert list(tiles["200"]["content"]) == ["application/vnd.mapbox-vector-tile"]
    assert "403" not in paths["/open311/v2/services.{fmt}"]["get"]["responses"]  # public


def test_comma_lists_and_open311_formats(schema):
    status = next(p for p in schema["paths"]["/api/complaints/"]["get"]["parameters"] if p["name"] == "status")
    assert (status["style"], status["explode"], status["schema"]["type"]) == ("form", False, "array")
    category = next(
        p for p in schema["paths"]["/api/planning/before-after/"]["get"]["parameters"] if p["name"] == "category"
    )
    assert category["explode"] is True  # repeated: ?category=a&category=b
    create = schema["paths"]["/open311/v2/requests.{fmt}"]["post"]
    assert list(create["requestBody"]["content"]) == ["application/x-www-form-urlencoded", "multipart/form-data"]
    assert set(create["responses"]["201"]["content"]) == {"application/json", "text/xml"}


@pytest.mark.django_db
def test_the_schema_is_served_to_anyone():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["paths"]["/api/complaints/"]
