"""Open311 GeoReport v2 reads at /open311/v2/: element names as the spec, errors, privacy, filters."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from layers.services.complaints import complaint_create, complaint_transition
from tests.geometry import lonlat
from tests.layers.api.cases_world import (  # noqa: F401 (fixtures)
    EAST_POINT,
    WEST_POINT,
    cases_world_fixture,
    categories_fixture,
)
from tests.layers.api.open311_helpers import (
    ATTRIBUTE_FIELDS,
    BASE,
    REQUEST_FIELDS,
    SERVICE_FIELDS,
    error_of,
    json_of,
    xml_of,
)


def test_discovery_in_both_formats(cases_world):
    root = xml_of(Client().get(f"{BASE}/discovery.xml"))
    assert [child.tag for child in root] == ["changeset", "contact", "key_service", "endpoints"]
    endpoint = root.find("endpoints/endpoint")
    assert [child.tag for child in endpoint] == ["specification", "url", "changeset", "type", "formats"]
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint.findtext("url").endswith("/open311/v2")
    assert [f.text for f in endpoint.findall("formats/format")] == ["text/xml", "application/json"]
    data = json_of(Client().get(f"{BASE}/discovery.json"))
    assert data["endpoints"][0]["formats"] == ["text/xml", "application/json"]
    assert set(data) == {"changeset", "contact", "key_service", "endpoints"}


def test_services_list_is_the_category_table(cases_world):
    root = xml_of(Client().get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    services = {s.findtext("service_code"): s for s in root.findall("service")}
    assert {"t_urgent", "t_general"} <= set(services)
    urgent = services["t_urgent"]
    assert [child.tag for child in urgent] == SERVICE_FIELDS
    assert (urgent.findtext("service_name"), urgent.findtext("metadata"), urgent.findtext("type")) == (
        "测试急事",
        "true",
        "realtime",
    )
    assert "2自然小时" in urgent.findtext("description")
    data = json_of(Client().get(f"{BASE}/services.json"))
    assert isinstance(data, list)
    assert next(s for s in data if s["service_code"] == "t_urgent")["metadata"] is True
    assert list(data[0]) == SERVICE_FIELDS


def test_service_definition_lists_the_attributes(cases_world):
    root = xml_of(Client().get(f"{BASE}/services/t_urgent.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "t_urgent"
    attributes = root.findall("attributes/attribute")
    assert [a.findtext("code") for a in attributes] == ["crs", "accuracy", "location_source", "client_uuid"]
    assert [child.tag for child in attributes[0]] == ATTRIBUTE_FIELDS
    assert "gcj02" in [v.findtext("key") for v in attributes[0].findall("values/value")]
    assert [child.tag for child in attributes[0].find("values/value")] == ["key", "name"]
    data = json_of(Client().get(f"{BASE}/services/t_urgent.json"))
    assert data["attributes"][0]["values"][1]["key"] == "gcj02"
    assert data["attributes"][0]["required"] is False


def test_unknown_service_code_is_404_in_both_formats(cases_world):
    assert "no_such" in error_of(Client().get(f"{BASE}/services/no_such.xml"), 404)
    data = json_of(Client().get(f"{BASE}/services/no_such.json"))
    assert data[0]["code"] == 404 and "no_such" in data[0]["description"]


@pytest.fixture
def published(cases_world):
    def make(point, description, **extra):
        lon, lat = lonlat(*point)
        return complaint_create(
            actor=cases_world["alice"],
            channel="grid_patrol",
            description=description,
            category_code=extra.pop("category_code", "t_urgent"),
            lon=lon,
            lat=lat,
            address="丰西路45号院3号楼2单元401",
            complainant_name="李四",
            complainant_phone="13912345678",
            **extra,
        )[0]

    open_case = make(
        WEST_POINT, "李四反映：<b>漏水</b>，电话 139 1234 5678，身份证110101199003077777 <script>x</script>"
    )
    closed_case = make(EAST_POINT, "路灯不亮", category_code="t_general")
    for status in ("dispatched", "responded", "resolved"):
        complaint_transition(complaint=closed_case, actor=cases_world["leader"], to_status=status)
    old_case = make(WEST_POINT, "去年的事", received_at=timezone.now() - timedelta(days=120))
    return {"open": open_case, "closed": closed_case, "old": old_case}


def test_public_requests_carry_no_personal_data(cases_world, published):
    response = Client().get(f"{BASE}/requests.xml")
    body = response.content.decode()
    for secret in ("李四", "13912345678", "1234 5678", "110101199003077777", "2单元401"):
        assert secret not in body
    request = next(r for r in xml_of(response) if r.findtext("service_request_id") == str(published["open"].pk))
    assert [child.tag for child in request] == REQUEST_FIELDS
    masked = "李*反映：<b>漏水</b>，电话 139****5678，身份证110101********7777 "
    assert request.findtext("description").startswith(masked)
    assert request.findtext("description").endswith("<script>x</script>")
    assert "&lt;script&gt;" in body and "<script>" not in body
    assert request.findtext("address") == "西社区 丰西路45号院"
    lon, lat = lonlat(*WEST_POINT)
    assert (float(request.findtext("lat")), float(request.findtext("long"))) == (round(lat, 3), round(lon, 3))
    assert request.findtext("requested_datetime").endswith("+08:00")
    assert (request.findtext("status"), request.findtext("status_notes")) == ("open", "接诉：已受理 (received)")
    assert request.findtext("media_url") == ""


def test_public_requests_json_and_statuses(cases_world, published):
    data = json_of(Client().get(f"{BASE}/requests.json"))
    by_id = {item["service_request_id"]: item for item in data}
    assert set(by_id) == {published["open"].pk, published["closed"].pk}
    closed = by_id[published["closed"].pk]
    assert list(closed) == REQUEST_FIELDS
    assert (closed["status"], closed["service_code"]) == ("closed", "t_general")
    assert closed["status_notes"].startswith("办结")
    assert closed["expected_datetime"].endswith("+08:00")
    assert "13912345678" not in json.dumps(data, ensure_ascii=False)


def fetched(**params):
    root = xml_of(Client().get(f"{BASE}/requests.xml", params))
    return sorted(int(r.findtext("service_request_id")) for r in root.findall("request"))


def test_request_filters(cases_world, published):
    pks = {name: complaint.pk for name, complaint in published.items()}
    assert fetched(status="closed") == [pks["closed"]]
    assert fetched(status="open,closed") == sorted([pks["open"], pks["closed"]])
    assert fetched(service_code="t_general") == [pks["closed"]]
    start = (timezone.now() - timedelta(days=150)).isoformat()
    end = (timezone.now() - timedelta(days=100)).isoformat()
    assert fetched(start_date=start, end_date=end) == [pks["old"]]
    # An offset beyond PostgreSQL's ±15:59 is converted first (a 500 before, found by the fuzz run).
    far_east = timezone.get_fixed_timezone(22 * 60 + 21)
    assert fetched(
        start_date=(timezone.now() - timedelta(days=150)).astimezone(far_east).isoformat(),
        end_date=(timezone.now() - timedelta(days=100)).astimezone(far_east).isoformat(),
    ) == [pks["old"]]
    # service_request_id overrides every other argument, the date window included.
    assert fetched(service_request_id=f"{pks['old']},{pks['open']}", status="closed") == sorted(
        [pks["old"], pks["open"]]
    )


@pytest.mark.parametrize(
    "params, words",
    [
        ({"status": "pending"}, "status"),
        ({"start_date": "last tuesday"}, "start_date"),
        ({"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-06-01T00:00:00Z"}, "90"),
        ({"start_date": "2025-06-01T00:00:00Z", "end_date": "2025-01-01T00:00:00Z"}, "end_date"),
        ({"service_code": "no_such"}, "no_such"),
        ({"service_request_id": "1,abc"}, "service_request_id"),
        ({"start_date": "0721-01-01T00:00:00Z"}, "1901-01-01"),
    ],
)
def test_bad_queries_are_400(cases_world, params, words):
    assert words in error_of(Client().get(f"{BASE}/requests.xml", params), 400)


def test_single_request_and_missing_ones(cases_world, published):
    root = xml_of(Client().get(f"{BASE}/requests/{published['closed'].pk}.xml"))
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [str(published["closed"].pk)]
    assert json_of(Client().get(f"{BASE}/requests/{published['open'].pk}.json"))[0]["status"] == "open"
    error_of(Client().get(f"{BASE}/requests/999999.xml"), 404)
    error_of(Client().get(f"{BASE}/requests/abc.xml"), 404)


def test_unknown_resources_and_formats_are_404_documents(cases_world):
    error_of(Client().get(f"{BASE}/services.html"), 404)
    assert json_of(Client().get(f"{BASE}/nothing.json"))[0]["code"] == 404
    # A newline in the address escaped the catch-all (. does not match it): Django's {"detail"} 404.
    error_of(Client().get(f"{BASE}/services/a%0Ab.json%0A"), 404)
    # A POST there got the CSRF refusal (403, the pages' wording) instead (found by the fuzz run).
    error_of(Client(enforce_csrf_checks=True).post(f"{BASE}/requests.txt", {"service_code": "t_urgent"}), 404)


def test_wrong_method_is_refused_with_an_error_document(cases_world):
    response = Client().delete(f"{BASE}/requests.xml")
    assert response.status_code == 405
    assert xml_of(response).findtext("error/code") == "405"
