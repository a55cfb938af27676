"""/tiles/<layer>/<z>/<x>/<y>.pbf: PostGIS MVT decoded back to exactly the features in the tile."""

import math

import mapbox_vector_tile
import pytest
import shapely
from rest_framework.test import APIClient

from layers import crs
from layers.models import Complaint, GridCell, Role
from tests.geometry import lonlat
from tests.layers.exporters import world

export_world = world.export_world


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """Slippy-map tile numbers (the XYZ scheme ST_TileEnvelope uses)."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def tile_box(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a tile in degrees."""
    n = 2**z

    def lat(row):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)


def world_complaint(export_world, index: int) -> int:
    return export_world["complaints"][index].id


@pytest.fixture
def leader(make_user):
    client = APIClient()
    client.force_authenticate(make_user(Role.LEADER))
    return client


def _decode(response) -> dict:
    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    return mapbox_vector_tile.decode(response.content, default_options={"y_coord_down": True})


def test_complaint_tile_holds_exactly_the_points_inside_it(export_world, leader):
    z = 16
    x, y = tile_of(*lonlat(100, 100), z)
    west, south, east, north = tile_box(z, x, y)
    located = Complaint.objects.filter(location__isnull=False)
    inside = {c.id for c in located if west <= c.location.x < east and south < c.location.y <= north}
    assert 0 < len(inside) < located.count()  # the tile splits the complaints: the test can fail
    tile = _decode(leader.get(f"/tiles/complaints/{z}/{x}/{y}.pbf"))["complaints"]
    assert {f["id"] for f in tile["features"]} == inside
    # Positions: tile units from the north-west corner, in Web Mercator, to the nearest unit.
    (x0, y1), (x1, y0) = crs.from_wgs84(west, north, 3857), crs.from_wgs84(east, south, 3857)
    for feature in tile["features"]:
        point = Complaint.objects.get(id=feature["id"]).location
        mx, my = crs.from_wgs84(point.x, point.y, 3857)
        expected = ((mx - x0) / (x1 - x0) * 4096, (y1 - my) / (y1 - y0) * 4096)
        assert feature["geometry"]["coordinates"] == pytest.approx(expected, abs=1)
        assert feature["properties"]["category_name"] in ("房屋漏雨", "噪音扰民", "屋顶漏雨")
        assert set(feature["properties"]) <= {
            "category_code",
            "category_name",
            "status",
            "status_label",
            "sishi_type",
            "received_at",
        }


def test_polygon_tiles_hold_the_cells_and_estates_that_touch_them(export_world, leader):
    z = 17
    x, y = tile_of(*lonlat(250, 250), z)
    box = shapely.box(*tile_box(z, x, y))
    expected = {c.code for c in GridCell.objects.all() if shapely.from_wkb(bytes(c.geom.wkb)).intersects(box)}
    assert 0 < len(expected) < 4
    cells = _decode(leader.get(f"/tiles/grid-cells/{z}/{x}/{y}.pbf"))["grid_cells"]["features"]
    assert {f["properties"]["code"] for f in cells} == expected
    estates = _decode(leader.get(f"/tiles/housing-projects/{z}/{x}/{y}.pbf"))["housing_projects"]["features"]
    assert {f["properties"]["name"] for f in estates} == {"丰西路45号院"}


def test_empty_tile_is_204_and_caching_headers(export_world, leader):
    empty = leader.get("/tiles/complaints/10/0/0.pbf")
    assert empty.status_code == 204 and empty.content == b"" and empty["Cache-Control"].startswith("private")
    x, y = tile_of(*lonlat(100, 100), 15)
    first = leader.get(f"/tiles/complaints/15/{x}/{y}.pbf")
    assert first.status_code == 200 and first["ETag"] and "max-age" in first["Cache-Control"]
    again = leader.get(f"/tiles/complaints/15/{x}/{y}.pbf", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    Complaint.objects.filter(id=world_complaint(export_world, 0)).update(status="closed")  # the one at (100, 100)
    changed = leader.get(f"/tiles/complaints/15/{x}/{y}.pbf", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_no_personal_data_in_tiles(export_world, leader):
    x, y = tile_of(*lonlat(500, 500), 11)
    data = leader.get(f"/tiles/complaints/11/{x}/{y}.pbf").content
    assert len(_decode(leader.get(f"/tiles/complaints/11/{x}/{y}.pbf"))["complaints"]["features"]) == 5
    assert world.PLANTED_NAME.encode() not in data and world.PLANTED_PHONE.encode() not in data


@pytest.mark.parametrize(
    "url", ["/tiles/roads/14/1/1.pbf", "/tiles/complaints/14/99999/1.pbf", "/tiles/complaints/30/0/0.pbf"]
)
def test_unknown_layer_or_tile_is_404(export_world, leader, url):
    assert leader.get(url).status_code == 404


def test_tiles_need_login_and_role(export_world, make_user):
    assert APIClient().get("/tiles/complaints/14/0/0.pbf").status_code in (401, 403)
    cadre = APIClient()
    cadre.force_authenticate(make_user(Role.CADRE))
    assert cadre.get("/tiles/complaints/14/0/0.pbf").status_code == 403
