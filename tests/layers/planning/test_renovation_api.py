"""/api/planning/estates/, …/estates/export/ and /api/planning/before-after/ on the hand-built world:
roles, the GeoJSON with every component, exports of a selection readable as files, clear 400s."""

import io
import json
from datetime import date

import pyogrio
import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from layers.models import Role
from tests.layers.planning.renovation_world import WEIGHTS, renovation_world  # noqa: F401 (fixture)

QUERY = {"start": "2026-01-01", "end": "2026-04-30"}
SEE = [Role.LEADER, Role.PLANNER, Role.ADMIN, Role.CADRE, Role.DEPARTMENT, Role.AGENCY]
pytestmark = pytest.mark.usefixtures("renovation_world")


@pytest.fixture(autouse=True)
def weights(settings):
    settings.RENOVATION_WEIGHTS = WEIGHTS


@pytest.fixture
def planner(client, make_user):
    client.force_login(make_user(Role.PLANNER))
    return client


@pytest.mark.parametrize("role", SEE)
def test_roles_that_see_the_ranking(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("planning-estates"), QUERY).status_code == 200
    assert client.get(reverse("planning-before-after")).status_code == 200


def test_grid_workers_and_anonymous_are_refused(client, make_user):
    urls = [reverse("planning-estates"), reverse("planning-estates-export"), reverse("planning-before-after")]
    assert {client.get(url, {**QUERY, "format": "gpkg"}).status_code for url in urls} == {403}
    client.force_login(make_user(Role.GRID_WORKER))
    responses = [client.get(url, {**QUERY, "format": "gpkg"}) for url in urls]
    assert {r.status_code for r in responses} == {403}
    assert "网格员" in responses[0].json()["detail"]


def test_geojson_ranking_with_components(planner):
    body = planner.get(reverse("planning-estates"), QUERY).json()
    assert body["type"] == "FeatureCollection" and (body["start"], body["end"]) == ("2026-01-01", "2026-04-30")
    props = [f["properties"] for f in body["features"]]
    assert [(p["rank"], p["code"]) for p in props] == [(1, "A"), (2, "B"), (3, "D"), (4, "C")]
    a = props[0]
    assert a["name"] == "测试A号院" and a["community"] == "西社区" and a["score"] == pytest.approx(0.755, abs=1e-3)
    assert (a["infra_count"], a["infra_per_100"], a["repeat_count"], a["unresolved_count"]) == (10, 5.0, 3, 4)
    assert a["score"] == pytest.approx(sum(WEIGHTS[k] * v for k, v in a["components"].items()), abs=1e-3)
    c = props[3]
    assert c["renovated"] and c["renovation"] == "done" and c["renovation_label"] == "已完成"
    assert (c["renovation_start"], c["renovation_end"]) == ("2026-03-01", "2026-04-30")
    assert c["is_military_property"] and props[0]["ownership_label"] == "多产权"
    lon, lat = body["features"][0]["geometry"]["coordinates"][0][0][0]
    assert 116.2 < lon < 116.3 and 39.8 < lat < 39.9  # WGS84


def test_bad_dates_are_a_400_naming_the_field(planner):
    response = planner.get(reverse("planning-estates"), {"start": "2026-05-01", "end": "2026-04-30"})
    assert response.status_code == 400 and "end" in response.json()
    response = planner.get(reverse("planning-estates"), {"start": "1 May"})
    assert response.status_code == 400 and "start" in response.json()


def test_centuries_and_dates_out_of_range_are_a_400_not_minutes_of_work(planner):
    # Found by the fuzz run: start=0259-09-23 kept a worker busy for 99 s (a monthly rate per estate
    # and month), end=9999-12-31 overflowed the next midnight (500).
    for query in ({"start": "0259-09-23"}, {"start": "2020-01-01", "end": "2026-01-01"}, {"end": "9999-12-31"}):
        for url in (reverse("planning-estates"), reverse("planning-estates-export"), reverse("planning-packages")):
            response = planner.get(url, {**query, "format": "xlsx"})
            assert response.status_code == 400, (url, query, response.content)
            assert set(response.json()) & {"start", "end"}, response.json()
    assert planner.get(reverse("planning-estates"), {"start": "2021-05-01", "end": "2026-04-30"}).status_code == 200


def test_export_selection_as_geopackage(planner, tmp_path):
    response = planner.get(reverse("planning-estates-export"), {**QUERY, "codes": "C,A", "format": "gpkg"})
    assert response.status_code == 200 and response["Content-Type"] == "application/geopackage+sqlite3"
    assert "attachment" in response["Content-Disposition"] and response["X-Feature-Count"] == "2"
    path = tmp_path / "selection.gpkg"
    path.write_bytes(b"".join(response.streaming_content))
    frame = pyogrio.read_dataframe(path, layer="estates")
    assert list(frame.code) == ["A", "C"] and list(frame.name) == ["测试A号院", "测试C号院"]
    assert frame.c_trend.iloc[0] == pytest.approx(0.8666, abs=1e-4) and frame.crs.to_epsg() == 4326


def test_export_selection_as_xlsx(planner):
    response = planner.get(reverse("planning-estates-export"), {**QUERY, "codes": "B", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["评分"]
    rows = list(sheet.values)
    assert rows[0][:3] == ("排名 Rank", "编码 Code", "名称 Name") and len(rows) == 2
    assert rows[1][1:3] == ("B", "测试B号院") and rows[1][9] == pytest.approx(0.2883, abs=1e-4)


def test_export_refuses_unknown_codes_and_formats(planner):
    response = planner.get(reverse("planning-estates-export"), {**QUERY, "codes": "A,ZZ", "format": "gpkg"})
    assert response.status_code == 400 and "ZZ" in json.dumps(response.json(), ensure_ascii=False)
    response = planner.get(reverse("planning-estates-export"), {**QUERY, "format": "shp"})
    assert response.status_code == 400 and "format" in response.json()


def test_before_after_json(planner):
    body = planner.get(reverse("planning-before-after"), {"category": ["housing_repair", "roads"]}).json()
    rows = body["results"]
    # C: works 1 March - 30 April 2026; its 8 cases were all before (Jan, Feb), none since.
    assert [(r["code"], r["category"]) for r in rows] == [("C", "housing_repair"), ("C", "roads")]
    assert sum(r["before_count"] for r in rows) == 8 and all(r["after_count"] == 0 for r in rows)
    assert rows[0]["renovation_end"] == "2026-04-30" and date.fromisoformat(rows[0]["renovation_start"])
    assert body["totals"][0]["before_count"] == 8
    # A and B (no works) are the control. Leaks before (from the first case on record, A's of
    # 2025-12-31, to 1 March): A 3 (31 Dec, Jan, Feb; its duplicate left out) + B 2 = 5; after 30 April:
    # A's of 1 May 00:10 = 1. C went from 4 to 0: -100 % beyond the control too.
    row = rows[0]
    assert (row["control_before_count"], row["control_after_count"], row["adjusted_change_pct"]) == (5, 1, -100.0)
    response = planner.get(reverse("planning-before-after"), {"category": "leaks"})
    assert response.status_code == 400 and "leaks" in response.json()["category"][0]


def test_the_openapi_schema_lists_the_routes_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", urlconf="layers.api.planning.renovation", fail_on_warn=True, file=str(target))
    schema = target.read_text()
    for route in ("/estates/:", "/estates/export/:", "/before-after/:"):
        assert f"\n  {route}\n" in schema, route
