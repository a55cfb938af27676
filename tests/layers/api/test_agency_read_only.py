"""An agency token cannot write anything: every write method on every API route is refused."""

import re

import pytest
from django.apps import apps
from django.urls import URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from layers.models import Role
from tests.layers.exporters import world

export_world = world.export_world
API_PREFIXES = ("api/", "ogcapi/", "tiles/", "open311/", "m/api/")
WRITES = ("post", "put", "patch", "delete")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _concrete(route: str, samples: dict) -> str:
    """A URL for a route pattern, with each parameter replaced by a sample that exists."""
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: samples.get(m.group(1), "1"), route)
    url = re.sub(r"<drf_format_suffix:\w+>", ".json", url)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: samples.get(m.group(1), "1"), url)
    return "/" + url.replace("^", "").replace("$", "").replace("/?", "/").replace("\\.", ".").replace("\\", "")


def api_urls(samples: dict) -> list[str]:
    routes = [r for r in _routes(get_resolver().url_patterns) if r.startswith(API_PREFIXES)]
    return sorted({_concrete(r, samples) for r in routes})


def _missing_resource(url: str, response) -> bool:
    """A 404 for a sample id that does not exist (a summons, a topic action, an Open311 token)
    writes nothing either; the row counts below check that. 5xx and 2xx never pass."""
    return response.status_code == 404


def _row_counts() -> dict:
    return {model.__name__: model.objects.count() for model in apps.get_app_config("layers").get_models()}


@pytest.fixture
def agency_token_client(make_user):
    # A crash is reported as its 500 among the other offending routes, not raised at the first one.
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=make_user(Role.AGENCY)).key}")
    return client


def test_agency_token_cannot_write_on_any_api_route(export_world, agency_token_client):
    complaint = export_world["complaints"][0]
    samples = {
        "format": "json",
        "fmt": "json",
        "code": "E01",
        "pk": str(complaint.id),
        "service_request_id": str(complaint.id),
        "layer": "complaints",
        "collection_id": "complaints",
        "feature_id": str(complaint.id),
        "z": "0",
        "x": "0",
        "y": "0",
        "week": "2026-W02",
        "service_code": "c_leak",
    }
    urls = api_urls(samples)
    assert "/api/export/" in urls and "/ogcapi/collections/complaints/items" in urls and len(urls) > 20
    before = _row_counts()
    allowed = []
    for url in urls:
        for method in WRITES:
            # A well-formed write (a transition the office may make), so only the role can refuse it.
            response = getattr(agency_token_client, method)(
                url, {"to_status": "dispatched", "note": "x"}, format="json"
            )
            if response.status_code not in (403, 405) and not _missing_resource(url, response):
                allowed.append((method.upper(), url, response.status_code))
    assert allowed == [], "\n".join(map(str, allowed))
    assert _row_counts() == before
