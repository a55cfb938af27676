"""The held-back list through every output that shows a case to a reader: per role, whole for the
case's handlers, masked for planners and agencies (and Open311's public), no secret in the bytes.

Outputs: /api/complaints/ list and detail, the dashboard's unit panel, Open311 requests (.json, .xml,
one request), OGC API items (GeoJSON and HTML, one item), the fast GeoJSON, vector tiles and
/api/export/ in every format. Reports, the ledger and notifications: test_report_outputs.py.
"""

import json
import xml.etree.ElementTree as ET

import mapbox_vector_tile
import pytest
from rest_framework.test import APIClient

from layers.api.dashboard import unit
from layers.api.tiles.mvt import TILE_LAYERS
from layers.exporters import FORMATS
from layers.selectors.cases import complaint_for_role
from tests.geometry import lonlat
from tests.layers.api.cases_world import WEST_POINT, cases_world_fixture, categories_fixture  # noqa: F401
from tests.layers.api.test_tiles import tile_of
from tests.layers.exporters.readback import all_bytes, read
from tests.layers.privacy.world import leaks, planted_fixture  # noqa: F401

READERS = ["planner", "agency"]


@pytest.fixture
def reader(cases_world, make_user, request):
    """A client for a planner or an agency (the roles that read every case and handle none)."""
    user = cases_world.get(request.param) or make_user(request.param)
    client = APIClient()
    client.force_authenticate(user)
    return client


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(response) -> bytes:
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content) if response.streaming else response.content


def _api_cases(client, planted, **params) -> dict:
    body = _body(client.get("/api/complaints/", {"page_size": 500, **params}))
    data = json.loads(body)
    assert data["count"] >= len(planted)
    return body, {case["id"]: case for case in data["results"]}


def _api_fields(case: dict) -> dict:
    return {
        "description": case["description"],
        "address": case["address"],
        "remark": case["callbacks"][0]["remark"],
        "ledger_owner": case["ledger_owner"],
    }


@pytest.mark.parametrize("reader", READERS, indirect=True)
def test_cases_api_list_and_detail_mask_for_readers(reader, planted):
    body, by_id = _api_cases(reader, planted)
    assert leaks(body, planted) == []
    for case in planted:
        assert _api_fields(by_id[case.pk]) == {field: case.masked(field) for field in _api_fields(by_id[case.pk])}
        detail = _body(reader.get(f"/api/complaints/{case.pk}/"))
        assert leaks(detail, [case]) == []
        assert json.loads(detail)["description"] == case.masked("description")


@pytest.mark.parametrize("handler", ["leader", "alice", "dept"])
def test_cases_api_shows_the_handlers_the_whole_text(cases_world, planted, handler):
    client = _client(cases_world[handler])
    _, by_id = _api_cases(client, planted)
    for case in planted:
        assert _api_fields(by_id[case.pk]) == {field: case.whole(field) for field in _api_fields(by_id[case.pk])}
    assert json.loads(_body(client.get(f"/api/complaints/{planted[0].pk}/")))["description"] == planted[0].whole(
        "description"
    )


@pytest.fixture
def every_case_in_the_panel(monkeypatch, planted):
    monkeypatch.setattr(unit, "CASES_SHOWN", len(planted) + 10)


@pytest.mark.parametrize(("role", "whole"), [("planner", False), ("agency", False), ("leader", True)])
def test_dashboard_unit_panel(cases_world, make_user, planted, every_case_in_the_panel, role, whole):
    client = _client(cases_world.get(role) or make_user(role))
    code = cases_world["cells"]["sw"].code
    body = _body(client.get("/api/dashboard/unit/", {"level": "grid-cells", "code": code}))
    by_id = {case["id"]: case for case in json.loads(body)["cases"]}
    assert set(by_id) == {case.pk for case in planted}
    for case in planted:
        shown = case.whole if whole else case.masked
        assert (by_id[case.pk]["description"], by_id[case.pk]["address"]) == (shown("description"), shown("address"))
    assert (leaks(body, planted) == []) is not whole


def test_open311_requests_are_masked_for_the_public(planted):
    client = APIClient()
    window = {"start_date": planted[0].complaint.received_at.date().isoformat()}
    listed = _body(client.get("/open311/v2/requests.json", window))
    by_id = {item["service_request_id"]: item for item in json.loads(listed)}
    xml = _body(client.get("/open311/v2/requests.xml", window))
    by_id_xml = {int(r.findtext("service_request_id")): r.findtext("description") for r in ET.fromstring(xml)}
    for body in (listed, xml):
        assert leaks(body, planted) == []
    for case in planted:
        assert by_id[case.pk]["description"] == by_id_xml[case.pk] == case.masked("description")
        one = _body(client.get(f"/open311/v2/requests/{case.pk}.json"))
        assert leaks(one, [case]) == [] and json.loads(one)[0]["description"] == case.masked("description")


@pytest.mark.parametrize("reader", [*READERS, "leader"], indirect=True)
def test_ogc_items_and_fast_geojson_are_masked_for_every_reader(reader, planted):
    # Feeds for GIS clients leave the sub-district's hands like files: masked whoever reads them.
    items = _body(reader.get("/ogcapi/collections/complaints/items", {"limit": 1000}))
    fast = _body(reader.get("/api/layers/complaints.geojson"))
    html = _body(reader.get("/ogcapi/collections/complaints/items", {"limit": 1000, "f": "html"}))
    for body in (items, fast, html):
        assert leaks(body, planted) == []
    for body in (items, fast):
        properties = {f["properties"]["id"]: f["properties"] for f in json.loads(body)["features"]}
        for case in planted:
            shown = properties[case.pk]
            assert (shown["description"], shown["address"]) == (case.masked("description"), case.masked("address"))
    for case in planted[:5]:
        one = _body(reader.get(f"/ogcapi/collections/complaints/items/{case.pk}"))
        assert leaks(one, planted) == [] and json.loads(one)["properties"]["description"] == case.masked("description")


@pytest.mark.parametrize("reader", READERS, indirect=True)
def test_vector_tiles_carry_no_free_text(reader, planted):
    z = 16
    x, y = tile_of(*lonlat(*WEST_POINT), z)
    body = _body(reader.get(f"/tiles/complaints/{z}/{x}/{y}.pbf"))
    features = mapbox_vector_tile.decode(body)["complaints"]["features"]
    assert {f["id"] for f in features} >= {case.pk for case in planted}
    assert {key for f in features for key in f["properties"]} <= set(TILE_LAYERS["complaints"].properties)
    assert leaks(json.dumps([f["properties"] for f in features], ensure_ascii=False), planted) == []
    assert [case for case in planted if any(s.encode() in body for s in case.secrets if len(s) >= 9)] == []


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("reader", [*READERS, "leader"], indirect=True)
def test_every_export_format_is_masked_for_every_reader(reader, planted, tmp_path, fmt):
    body = _body(reader.get("/api/export/", {"layer": "complaints", "format": fmt}))
    path = tmp_path / f"complaints{FORMATS[fmt].extension}"
    path.write_bytes(body)
    frame = read(path)
    description, address = ("descr", "address") if fmt == "shp" else ("description", "address")
    rows = {int(row["id"]): row for _, row in frame.iterrows()}
    for case in planted:
        assert (rows[case.pk][description], rows[case.pk][address]) == (
            case.masked("description"),
            case.masked("address"),
        )
    assert leaks(all_bytes(path), planted) == []


@pytest.mark.parametrize(("role", "whole"), [("planner", False), ("agency", False), ("alice", True), ("bob", False)])
def test_a_case_as_plain_data_follows_the_same_rule(cases_world, make_user, planted, role, whole):
    # complaint_for_role: the case as the desk and other pages read it. bob works another cell.
    user = cases_world.get(role) or make_user(role)
    for case in planted:
        data = complaint_for_role(user, case.complaint)
        shown = case.whole if whole else case.masked
        assert (data["description"], data["address"]) == (shown("description"), shown("address"))
