"""Helpers for the Open311 tests: spec element names, format checks, a valid POST form, api keys."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from layers.models import Complaint, ComplaintEvent
from tests.geometry import lonlat
from tests.layers.api.cases_world import WEST_POINT

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


@pytest.fixture(name="keys")
def keys_fixture(cases_world):
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
