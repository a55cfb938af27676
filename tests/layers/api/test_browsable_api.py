"""Every URL opened in a browser by a leader answers without a server error, and /api/ lists every
endpoint. The URLs come from the URLconf itself (admin aside: Django's own), so a new endpoint is
tried without anyone adding it here; a new kind of path parameter fails until it gets a value below.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.layers.api.cases_world import (  # noqa: F401 (fixtures)
    WEST_POINT,
    cases_world_fixture,
    categories_fixture,
    client_for,
)
from tests.layers.api.test_complaints_api import payload

_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")


def url_templates(patterns=None, prefix=""):
    """Every route as text with {name} for each parameter, e.g. "api/complaints/{pk}/"."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        text = prefix + _GROUP.sub(lambda m: "{" + (m[1] or m[2]) + "}", str(entry.pattern))
        text = text.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
        if isinstance(entry, URLResolver):
            yield from url_templates(entry.url_patterns, text)
        elif isinstance(entry, URLPattern):
            yield text


def values(world, complaint_id) -> dict:
    """A value for each path parameter: real objects where the world has them (else a 404 is fine)."""
    return {
        "pk": complaint_id,
        "photo_id": 1,
        "code": world["west"].code,
        "action_id": 1,
        "week": "2026-W10",
        "month": "2026-03",
        "language": "en",  # the JavaScript catalogue
        "layer": "communities",
        "z": 14,
        "x": 13490,
        "y": 6208,
        "collection_id": "communities",
        "feature_id": world["west"].code,
        "service_code": "t_urgent",
        "service_request_id": complaint_id,
        "token": "unknown-token",
        "fmt": "json",
        "format": "api",  # DRF's suffix for the browsable API
        "drf_format_suffix": "api",
        "path": "no-such-thing",
    }


@pytest.fixture
def leader_browser(cases_world):
    created = client_for(cases_world["alice"]).post(
        "/api/complaints/", payload(WEST_POINT, client_uuid=str(uuid.uuid4())), format="json"
    )
    assert created.status_code == 201, created.content
    client = client_for(cases_world["leader"])
    client.force_login(cases_world["leader"])
    return client, values(cases_world, created.json()["id"])


def test_every_url_opened_in_a_browser_by_a_leader_answers_without_a_server_error(leader_browser):
    client, params = leader_browser
    paths = sorted({"/" + t.format(**params) for t in url_templates() if not t.startswith("admin/")})

    failures = {}
    for path in paths:
        response = client.get(path, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
        if response.status_code >= 500:
            failures[path] = response.status_code

    assert len(paths) > 80
    assert failures == {}


def test_the_complaint_list_is_browsable_with_a_form_to_send_json(leader_browser):
    client, _params = leader_browser

    response = client.get("/api/complaints/", HTTP_ACCEPT="text/html")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="_content"' in page  # the raw JSON form (the view reads its body itself)
    assert "楼道漏水" in page


def test_the_api_root_lists_every_endpoint_and_the_schema(leader_browser):
    client, _params = leader_browser
    api = {
        t.removeprefix("api/").rstrip("/")
        for t in url_templates()
        if t.startswith("api/") and t != "api/" and "{format}" not in t and "{drf_format_suffix}" not in t
    }

    root = client.get("/api/", HTTP_ACCEPT="application/json").json()
    browsable = client.get("/api/", HTTP_ACCEPT="text/html")

    assert set(root["endpoints"]) == api
    assert root["endpoints"]["complaints"] == "http://testserver/api/complaints/"
    assert root["endpoints"]["complaints/{pk}/transition"] == "http://testserver/api/complaints/{pk}/transition/"
    assert root["docs"] == "http://testserver/api/schema/ui/"
    assert {"open311/v2", "ogcapi", "tiles/{layer}/{z}/{x}/{y}.pbf"} <= set(root["other_apis"])
    assert browsable.status_code == 200
    assert 'href="http://testserver/api/stats/totals/"' in browsable.content.decode()
