"""Open311 email, device_id and media_url: stored; email and device id are personal data (shown to
those who handle the case, masked or absent for others, never published); media_url published."""

import json

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
    BASE,
    error_of,
    form,
    json_of,
    keys_fixture,
    nothing_written,
    post,
    xml_of,
)

PICTURE = "https://img.example.org/p/9f2c.jpg"


def test_email_device_and_media_url_are_stored(cases_world, keys):
    response = post(form(keys, media_url=PICTURE))
    assert response.status_code == 201, response.content
    pk = int(xml_of(response).find("request").findtext("service_request_id"))
    stored = Complaint.objects.get(pk=pk)
    assert (stored.complainant_email, stored.device_id, stored.media_url) == (
        "zhang@example.com",
        "tt222111",
        PICTURE,
    )


def test_media_url_is_returned_and_personal_data_is_not_published(cases_world, keys):
    text = "漏水，联系 zhang.san@example.com"
    pk = json_of(post(form(keys, media_url=PICTURE, description=text), fmt="json"))[0]["service_request_id"]
    without = json_of(post(form(keys, email=None, device_id=None), fmt="json"))[0]["service_request_id"]
    listed = {item["service_request_id"]: item for item in json_of(Client().get(f"{BASE}/requests.json"))}
    assert (listed[pk]["media_url"], listed[without]["media_url"]) == (PICTURE, None)
    assert listed[pk]["description"] == "漏水，联系 z***@example.com"
    one = xml_of(Client().get(f"{BASE}/requests/{pk}.xml")).find("request")
    assert one.findtext("media_url") == PICTURE
    for body in (Client().get(f"{BASE}/requests.xml").content.decode(), json.dumps(listed, ensure_ascii=False)):
        assert "zhang@example.com" not in body and "tt222111" not in body and "zhang.san@" not in body


def test_staff_see_email_and_device_as_their_role_allows(cases_world, keys):
    pk = json_of(post(form(keys), fmt="json"))[0]["service_request_id"]

    def person(user):
        data = client_for(cases_world[user]).get(f"/api/complaints/{pk}/").json()
        return data["complainant_email"], data["device_id"], data["personal_data_masked"]

    assert person("alice") == ("zhang@example.com", "tt222111", False)  # the cell's grid worker
    assert person("dept") == ("zhang@example.com", "tt222111", False)  # the community's 包片 department
    assert person("planner") == ("z***@example.com", None, True)
    assert person("agency") == (None, None, True)


def test_a_resent_case_is_answered_with_the_same_personal_data_rule(cases_world):
    body = {
        "client_uuid": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "channel": "grid_patrol",
        "description": "楼道漏水",
        "category": "t_urgent",
        "lon": lonlat(*WEST_POINT)[0],
        "lat": lonlat(*WEST_POINT)[1],
        "complainant_phone": "13812341234",
        "complainant_email": "li@example.com",
    }
    first = client_for(cases_world["alice"]).post("/api/complaints/", body, format="json")
    assert first.status_code == 201, first.content
    # The department handles the case through the community it 包s: the resend's answer (built by
    # relations.py, not by the intake) must know that too.
    again = client_for(cases_world["dept"]).post("/api/complaints/", body, format="json")
    assert again.status_code == 200
    assert (again.json()["complainant_email"], again.json()["complainant_phone"]) == ("li@example.com", "13812341234")


def test_bad_email_or_media_url_is_refused_and_nothing_is_written(cases_world, keys):
    assert "email" in error_of(post(form(keys, email="not an address")), 400)
    assert "media_url" in error_of(post(form(keys, media_url="javascript:alert(1)")), 400)
    assert "media_url" in error_of(post(form(keys, media_url="https://x.org/" + "a" * 1100)), 400)
    assert nothing_written()
