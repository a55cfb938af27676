"""Open311 GeoReport v2 POST requests: api_key, refusals as the spec says, locations, idempotency."""

import threading
import uuid

import pytest
import requests
from django.test import Client
from rest_framework.authtoken.models import Token

from layers import crs
from layers.models import Complaint
from tests.geometry import lonlat
from tests.layers.api.cases_world import (  # noqa: F401 (fixtures)
    WEST_POINT,
    cases_world_fixture,
    categories_fixture,
)
from tests.layers.api.open311_helpers import (  # noqa: F401 (fixtures)
    BASE,
    error_of,
    form,
    json_of,
    keys_fixture,
    nothing_written,
    post,
    xml_of,
)


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
        # An unknown service_code and unusable coordinates land for review instead
        # (test_intake_review_api.py); a request without any location is refused as the spec says.
        ({"service_code": None}, 400, "service_code"),
        ({"lat": None, "long": None}, 400, "location"),
        ({"description": "漏" * 32_768}, 400, "32767"),
        ({"attribute[colour]": "red"}, 400, "attribute[colour]"),
        ({"attribute[client_uuid]": "abc"}, 400, "attribute[client_uuid]"),
        ({"lat": None, "long": None, "address_id": "NOPE"}, 400, "address_id"),
    ],
)
def test_bad_posts_are_refused_as_the_spec_says_and_change_nothing(cases_world, keys, overrides, status, words):
    assert words in error_of(post(form(keys, **overrides)), status)
    assert nothing_written()


def test_every_bad_field_gets_its_own_error(cases_world, keys):
    root = xml_of(post(form(keys, **{"attribute[client_uuid]": "abc"}, description="漏" * 32_768)))
    descriptions = [error.findtext("description") for error in root.findall("error")]
    assert len(descriptions) == 2
    assert any(text.startswith("attribute[client_uuid]:") for text in descriptions)
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
