"""/api/locate/: inside, on a shared border, outside, and in every input CRS."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from rest_framework.test import APIClient

from layers import crs
from layers.models import Building, GridCell, HousingProject, MilitaryZone, Role
from tests.geometry import lonlat, rect


@pytest.fixture
def client(small_world, make_user):
    west = small_world["west"]
    estate = HousingProject.objects.create(
        code="E01", name="丰西路45号院", community=west, ownership="multi", geom=rect(10, 10, 200, 200)
    )
    Building.objects.create(code="E01-3", estate=estate, number="3", geom=rect(50, 50, 80, 80))
    GridCell.objects.create(code="110106021001001", community=west, geom=rect(0, 0, 500, 500))
    MilitaryZone.objects.create(code="M01", name="某部营区", kind="unit", geom=rect(600, 10, 900, 300))
    c = APIClient()
    c.force_authenticate(make_user(Role.GRID_WORKER))
    return c


def locate(client, lon, lat, **extra):
    return client.get("/api/locate/", {"lon": lon, "lat": lat, **extra})


def test_point_inside_gets_every_layer(client):
    data = locate(client, *lonlat(60, 60)).json()
    assert data["inside"] is True
    assert data["subdistrict"]["code"] == "110106021"
    assert data["community"] == {"code": "110106021001", "name": "西社区"}
    assert data["grid_cell"]["code"] == "110106021001001"
    assert data["housing_project"]["name"] == "丰西路45号院"
    assert data["building"]["name"] == "丰西路45号院3号楼"
    assert data["military_zone"] is None


def test_point_in_military_zone(client):
    data = locate(client, *lonlat(700, 100)).json()
    assert data["community"]["code"] == "110106021002"
    assert data["military_zone"]["kind"] == "unit"


def test_point_on_shared_border_goes_to_smallest_code(client, small_world):
    ring = [lonlat(x, y) for x, y in [(0, 0), (500, 0), (1000, 0), (1000, 1000), (500, 1000), (0, 1000), (0, 0)]]
    small_world["subdistrict"].geom = MultiPolygon(Polygon(ring), srid=4326)
    small_world["subdistrict"].save()
    # (500 m, 1000 m) is a vertex both 西社区 (…001) and 东社区 (…002) share, so it lies exactly
    # on their border in floating point (a point computed mid-edge would fall to one side).
    lon, lat = lonlat(500, 1000)
    data = locate(client, lon, lat).json()
    assert data["inside"] is True
    assert data["community"]["code"] == "110106021001"


def test_point_outside_gets_no_guesses(client):
    data = locate(client, *lonlat(-50, 500)).json()
    assert data["inside"] is False
    assert all(data[k] is None for k in ("subdistrict", "community", "grid_cell", "housing_project", "building"))


@pytest.mark.parametrize("name", ["gcj02", "bd09", "cgcs2000", "4548"])
def test_other_crs_are_converted(client, name):
    lon, lat = lonlat(60, 60)
    x, y = crs.from_wgs84(lon, lat, crs.parse_crs(name))
    data = locate(client, x, y, crs=name).json()
    assert data["building"]["code"] == "E01-3"
    assert crs.metres_between(lon, lat, data["point"]["lon"], data["point"]["lat"]) < 0.01


@pytest.mark.parametrize(
    "params",
    [{"lon": "abc", "lat": "39.86"}, {"lon": "116.25"}, {"lon": "500", "lat": "39"}, {"lon": "nan", "lat": "1"}],
)
def test_bad_coordinates_are_refused(client, params):
    response = client.get("/api/locate/", params)
    assert response.status_code == 400


def test_unknown_crs_is_refused(client):
    response = locate(client, 116.25, 39.86, crs="beijing54")
    assert response.status_code == 400 and "crs" in response.json()


def test_locate_needs_login(db):
    assert APIClient().get("/api/locate/", {"lon": 116.25, "lat": 39.86}).status_code in (401, 403)
