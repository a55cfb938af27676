"""Input PostgreSQL cannot hold, and bodies of the wrong JSON type: 400s naming the problem, nothing
written. Each was a 500 found by the fuzz run (test_api_fuzz.py)."""

import json

import pytest
from django.test import Client

from layers.models import CallbackRecord
from tests.layers.api.cases_world import (  # noqa: F401 (fixtures)
    WEST_POINT,
    cases_world_fixture,
    categories_fixture,
    client_for,
)
from tests.layers.api.open311_helpers import BASE, error_of, form, keys_fixture, nothing_written  # noqa: F401
from tests.layers.api.test_complaints_api import URL, payload, post


@pytest.mark.parametrize(
    "address",
    [
        "/api/complaints/?category=%00",
        "/api/complaints/?community=a%00b",
        "/api/layers/communities/%00/",
        "/api/stats/totals/?category=%00",
        "/api/planning/before-after/?category=%00",
    ],
)
def test_a_nul_in_an_api_address_is_a_400(cases_world, address):
    response = client_for(cases_world["leader"]).get(address)
    assert response.status_code == 400, response.content
    assert "detail" in response.json()


def test_a_nul_in_an_ogc_address_is_its_exception_document(cases_world):
    response = client_for(cases_world["leader"]).get("/ogcapi/collections/complaints/items", {"category": "\x00"})
    assert response.status_code == 400 and response.json()["code"] == "InvalidParameterValue"
    response = client_for(cases_world["leader"]).get("/ogcapi/collections/complaints/items/%00")
    assert response.status_code == 400 and response.json()["code"] == "InvalidParameterValue"


def test_a_nul_in_a_page_address_is_the_400_page(cases_world):
    client = Client()
    client.force_login(cases_world["leader"])
    response = client.get("/?q=%00")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")


def test_a_nul_in_an_open311_address_or_form_is_the_spec_error_document(cases_world, keys):
    assert json.loads(Client().get(f"{BASE}/requests.json?service_code=%00").content)[0]["code"] == 400
    error_of(Client().get(f"{BASE}/services/a%00.xml"), 400)
    for field in ("api_key", "address_id", "service_code"):
        body = form(keys) | {field: "E01\x00"}
        assert field in error_of(Client().post(f"{BASE}/requests.xml", body), 400)
    assert nothing_written()


def test_a_nul_in_the_category_of_a_new_case_is_refused(cases_world):
    response = client_for(cases_world["alice"]).post(URL, payload(category="t_urgent\x00"), format="json")
    assert response.status_code == 400 and "category" in response.json()
    assert nothing_written()


@pytest.mark.parametrize("body", [[1, 2], 3.5, "text", None])
def test_a_body_that_is_not_an_object_is_a_400(cases_world, body):
    case = post(cases_world["alice"]).json()["id"]
    client = client_for(cases_world["leader"])
    for path in ("", f"{case}/transition/", f"{case}/callbacks/", f"{case}/sishi/", f"{case}/relocate/"):
        response = client.post(f"{URL}{path}", json.dumps(body), content_type="application/json")
        assert response.status_code == 400, (path, response.content)
        assert "non_field_errors" in response.json() or "detail" in response.json(), response.json()
    assert not CallbackRecord.objects.exists()
