"""The no-refusal rule at every API entry point: the staff API, Open311 POST and the mobile page's
own request (session, CSRF token, the body report.js builds). An unknown category lands under 其他
with the raw name kept and the answer says it waits for review; unusable coordinates give way to
the address. The rule lives in the intake service, so each entry point only has to pass it on."""

import uuid

import pytest
from django.test import Client

from layers.models import Complaint
from tests.geometry import lonlat
from tests.layers.api.cases_world import (  # noqa: F401 (fixtures)
    WEST_POINT,
    cases_world_fixture,
    categories_fixture,
    client_for,
)
from tests.layers.api.open311_helpers import (  # noqa: F401 (fixtures)
    form,
    json_of,
    keys_fixture,
    post,
    xml_of,
)

URL = "/api/complaints/"


def staff_body(**overrides):
    lon, lat = lonlat(*WEST_POINT)
    return {"channel": "grid_patrol", "description": "楼道漏水", "category": "t_urgent", "lon": lon, "lat": lat} | (
        overrides
    )


def test_staff_api_lands_an_unknown_category_and_says_so(cases_world):
    response = client_for(cases_world["dept"]).post(URL, staff_body(category="楼道照明"), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["category"], data["source_category"], data["needs_review"]) == ("other", "楼道照明", True)
    assert [item["code"] for item in data["review_items"]] == ["category"]
    assert "楼道照明" in data["review_reason"]
    assert Complaint.objects.get(pk=data["id"]).building == cases_world["building"]


def test_staff_api_maps_a_12345_name(cases_world):
    data = client_for(cases_world["dept"]).post(URL, staff_body(category="私装地锁"), format="json").json()
    assert (data["category"], data["source_category"], data["needs_review"]) == ("parking_traffic", "私装地锁", False)


@pytest.mark.parametrize("coordinates", [{"lon": "east-ish"}, {"lat": 95.0, "lon": 116.25}, {"lon": "NaN"}])
def test_staff_api_lands_unusable_coordinates_on_the_address(cases_world, coordinates):
    body = staff_body(address="丰西路45号院3号楼", **coordinates)
    response = client_for(cases_world["dept"]).post(URL, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["location_source"], data["building"]) == ("address_match", {"code": "E01-3"})
    assert [item["code"] for item in data["review_items"]] == ["coordinates"]


def test_open311_lands_an_unknown_service_code_and_keeps_it(cases_world, keys):
    response = post(form(keys, service_code="streetlight_out", description=None))
    assert response.status_code == 201, response.content
    root = xml_of(response)
    complaint = Complaint.objects.get(pk=int(root.findtext("request/service_request_id")))
    assert (complaint.category.code, complaint.source_category) == ("other", "streetlight_out")
    # Without a description, the code is what the resident reported.
    assert (complaint.description, complaint.needs_review) == ("streetlight_out", True)
    assert "待人工核定" in root.findtext("request/service_notice")
    mars = {"attribute[crs]": "mars2000", "address_string": "丰西路45号院3号楼"}
    again = json_of(post(form(keys, service_code="streetlight_out", **mars), fmt="json"))
    kept = Complaint.objects.get(pk=again[0]["service_request_id"])
    assert [item["code"] for item in kept.review_items] == ["category", "coordinates"]
    assert (kept.location_source, kept.building) == ("address_match", cases_world["building"])


def test_open311_services_list_the_mapped_12345_names_as_keywords(cases_world):
    services = json_of(Client().get("/open311/v2/services.json"))
    keywords = {service["service_code"]: service["keywords"] for service in services}
    assert "房屋修缮" in keywords["housing_repair"].split(", ")


def test_the_mobile_pages_request_lands_a_category_removed_since_the_phone_cached_it(cases_world):
    # The phone keeps the category list offline; a code deleted meanwhile must not lose the case.
    phone = Client(enforce_csrf_checks=True)
    phone.force_login(cases_world["alice"])
    assert phone.get("/m/").status_code == 200
    lon, lat = lonlat(*WEST_POINT)
    body = {
        "channel": "grid_patrol",
        "category": "t_retired",
        "description": "垃圾桶满溢",
        "lon": lon,
        "lat": lat,
        "crs": "wgs84",
        "location_source": "gps",
        "accuracy": 8,
        "client_uuid": str(uuid.uuid4()),
    }
    headers = {"HTTP_X_CSRFTOKEN": phone.cookies["csrftoken"].value}
    response = phone.post(URL, body, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["category"], data["source_category"], data["grid_cell"]) == (
        "other",
        "t_retired",
        {"code": "110106021001001"},
    )
    # The outbox's retry of the same case is answered with the same case, not a second one.
    assert phone.post(URL, body, content_type="application/json", **headers).json()["id"] == data["id"]
    assert Complaint.objects.count() == 1
