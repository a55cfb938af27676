"""Open311 GeoReport v2 at /open311/v2/: element names as the spec, api_key, errors, privacy, POST."""

import json
import threading
import uuid
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import requests
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from layers import crs
from layers.models import Complaint, ComplaintEvent
from layers.services.complaints import complaint_create, complaint_transition
from tests.geometry import lonlat
from tests.layers.api.cases_world import (  # noqa: F401 (fixtures)
    EAST_POINT,
    WEST_POINT,
    cases_world_fixture,
    categories_fixture,
)

BASE = "/open311/v2"
SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
ATTRIBUTE_FIELDS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
]
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


def xml_of(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(response.content)


def json_of(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def error_of(response, status):
    assert response.status_code == status, response.content
    root = xml_of(response)
    assert root.tag == "errors"
    assert [child.tag for child in root] == ["error"] * len(root)
    assert [child.tag for child in root[0]] == ["code", "description"]
    assert root[0].findtext("code") == str(status)
    return " ".join(error.findtext("description") for error in root)


@pytest.fixture
def keys(cases_world):
    return {name: Token.objects.create(user=cases_world[name]).key for name in ("alice", "agency")}


def form(keys, point=WEST_POINT, **overrides):
    lon, lat = lonlat(*point)
    body = {
        "api_key": keys["alice"],
        "jurisdiction_id": "110106021",
        "service_code": "t_urgent",
        "lat": f"{lat:.9f}",
        "long": f"{lon:.9f}",
        "description": "楼道漏水，请尽快处理",
        "first_name": "三",
        "last_name": "张",
        "phone": "13812341234",
        "email": "zhang@example.com",
        "device_id": "tt222111",
    }
    return {key: value for key, value in (body | overrides).items() if value is not None}


def post(body, fmt="xml"):
    return Client().post(f"{BASE}/requests.{fmt}", body)


def nothing_written():
    return Complaint.objects.count() == 0 and ComplaintEvent.objects.count() == 0


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


def test_post_creates_through_the_intake_service(cases_world, keys):
    response = post(form(keys))
    assert response.status_code == 201, response.content
    root = xml_of(response)
    assert root.tag == "service_requests"
    request = root.find("request")
    assert [child.tag for child in request] == ["service_request_id", "service_notice", "account_id"]
    complaint = Complaint.objects.get(pk=int(request.findtext("service_request_id")))
    assert (complaint.channel, complaint.category.code, complaint.status) == ("other", "t_urgent", "received")
    assert (complaint.complainant_name, complaint.complainant_phone) == ("张三", "13812341234")
    assert (complaint.community, complaint.building) == (cases_world["west"], cases_world["building"])
    assert complaint.events.get().actor == cases_world["alice"]


def test_post_answers_json_too(cases_world, keys):
    data = json_of(post(form(keys), fmt="json"))
    assert list(data[0]) == ["service_request_id", "service_notice", "account_id"]
    assert Complaint.objects.filter(pk=data[0]["service_request_id"]).exists()


@pytest.mark.parametrize("api_key", [None, "", "not-a-real-key"])
def test_post_without_a_valid_api_key_is_403(cases_world, keys, api_key):
    assert "api_key" in error_of(post(form(keys, api_key=api_key)), 403)
    data = json_of(post(form(keys, api_key=api_key), fmt="json"))
    assert data[0]["code"] == 403
    assert nothing_written()


def test_post_with_a_read_only_roles_key_is_403(cases_world, keys):
    error_of(post(form(keys, api_key=keys["agency"])), 403)
    assert nothing_written()


@pytest.mark.parametrize(
    "overrides, status, words",
    [
        ({"service_code": "no_such"}, 404, "no_such"),
        ({"service_code": None}, 400, "service_code"),
        ({"lat": None, "long": None}, 400, "location"),
        ({"long": None}, 400, "long"),
        ({"lat": "thirty-nine"}, 400, "lat"),
        ({"long": "116.2x"}, 400, "long"),
        ({"lat": "95", "long": "116.25"}, 400, "not a point on Earth"),
        ({"description": "漏" * 4001}, 400, "4000"),
        ({"attribute[colour]": "red"}, 400, "attribute[colour]"),
        ({"attribute[crs]": "mars2000"}, 400, "attribute[crs]"),
        ({"attribute[client_uuid]": "abc"}, 400, "attribute[client_uuid]"),
        ({"lat": None, "long": None, "address_id": "NOPE"}, 400, "address_id"),
    ],
)
def test_bad_posts_are_refused_as_the_spec_says_and_change_nothing(cases_world, keys, overrides, status, words):
    assert words in error_of(post(form(keys, **overrides)), status)
    assert nothing_written()


def test_every_bad_field_gets_its_own_error(cases_world, keys):
    root = xml_of(post(form(keys, lat="x", description="漏" * 4001)))
    descriptions = [error.findtext("description") for error in root.findall("error")]
    assert len(descriptions) == 2
    assert any(text.startswith("lat:") for text in descriptions)
    assert any(text.startswith("description:") for text in descriptions)


def test_html_in_a_post_stays_text(cases_world, keys):
    text = "<b>漏水</b> & <script>alert(1)</script>"
    pk = xml_of(post(form(keys, description=text))).findtext("request/service_request_id")
    assert Complaint.objects.get(pk=pk).description == text
    response = Client().get(f"{BASE}/requests/{pk}.xml")
    assert b"<script>" not in response.content
    assert xml_of(response).findtext("request/description") == text
    assert json_of(Client().get(f"{BASE}/requests/{pk}.json"))[0]["description"] == text


def test_api_key_in_the_query_string_is_accepted(cases_world, keys):
    body = form(keys, api_key=None)
    response = Client().post(f"{BASE}/requests.xml?api_key={keys['alice']}", body)
    assert response.status_code == 201


@pytest.mark.parametrize("description", [None, ""])
def test_description_is_optional_as_in_the_spec(cases_world, keys, description):
    assert post(form(keys, description=description)).status_code == 201
    assert Complaint.objects.get().description == "测试急事"


def test_gcj02_point_from_a_wechat_client(cases_world, keys):
    lon, lat = lonlat(*WEST_POINT)
    x, y = crs.from_wgs84(lon, lat, "gcj02")
    response = post(form(keys, lat=f"{y:.9f}", long=f"{x:.9f}", **{"attribute[crs]": "gcj02"}))
    assert response.status_code == 201
    assert Complaint.objects.get().building == cases_world["building"]


def test_address_id_and_address_string_locations(cases_world, keys):
    by_id = post(form(keys, lat=None, long=None, address_id="E01-3"))
    assert by_id.status_code == 201
    complaint = Complaint.objects.get()
    assert (complaint.building, complaint.location_source) == (cases_world["building"], "address_match")
    assert complaint.address == "丰西路45号院3号楼"
    by_text = post(form(keys, lat=None, long=None, address_string="北大地西区12号楼1单元502"))
    assert by_text.status_code == 201
    assert Complaint.objects.get(pk=xml_of(by_text).findtext("request/service_request_id")).address == (
        "北大地西区12号楼1单元502"
    )


def test_client_uuid_makes_posts_idempotent_and_is_a_token(cases_world, keys):
    key = str(uuid.uuid4())
    first = post(form(keys, **{"attribute[client_uuid]": key}))
    again = post(form(keys, description="又发了一次", **{"attribute[client_uuid]": key}))
    assert (first.status_code, again.status_code) == (201, 200)
    pk = xml_of(first).findtext("request/service_request_id")
    assert xml_of(again).findtext("request/service_request_id") == pk
    assert Complaint.objects.count() == 1
    token = xml_of(Client().get(f"{BASE}/tokens/{key}.xml")).find("request")
    assert [child.tag for child in token] == ["service_request_id", "token"]
    assert (token.findtext("service_request_id"), token.findtext("token")) == (pk, key)
    assert json_of(Client().get(f"{BASE}/tokens/{key}.json")) == [{"service_request_id": int(pk), "token": key}]
    error_of(Client().get(f"{BASE}/tokens/{uuid.uuid4()}.xml"), 404)
    error_of(Client().get(f"{BASE}/tokens/garbage.xml"), 404)


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
        )

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
    assert request.findtext("description").startswith("李*反映：<b>漏水</b>，电话 *** **** ****")
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


def test_wrong_method_is_refused_with_an_error_document(cases_world):
    response = Client().delete(f"{BASE}/requests.xml")
    assert response.status_code == 405
    assert xml_of(response).findtext("error/code") == "405"


@pytest.mark.django_db(transaction=True)
def test_same_client_uuid_posted_concurrently_makes_one_complaint(live_server, cases_world):
    key = Token.objects.create(user=cases_world["alice"]).key
    body = form({"alice": key}, **{"attribute[client_uuid]": str(uuid.uuid4())})
    barrier = threading.Barrier(6)
    answers = []

    def send():
        barrier.wait()
        response = requests.post(f"{live_server.url}{BASE}/requests.json", data=body, timeout=30)
        answers.append((response.status_code, response.json()[0]["service_request_id"]))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Complaint.objects.count() == 1
    assert {pk for _, pk in answers} == {Complaint.objects.get().pk}
    assert sorted(code for code, _ in answers) == [200] * 5 + [201]
