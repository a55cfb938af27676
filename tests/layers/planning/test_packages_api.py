"""GET /api/planning/packages/ on the hand-built layout: GeoJSON, parameters, errors, roles."""

import json

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.urls import reverse
from rest_framework.test import APIClient

from layers.models import HousingProject, Role
from tests.layers.planning.packages_world import HAND_TOTAL_INFRA, packages_world  # noqa: F401
from tests.layers.planning.test_packages_pure import EXPECTED, EXPECTED_TWO

pytestmark = pytest.mark.django_db
URL = reverse("planning-packages")
HAND = {"start": "2026-01-01", "end": "2026-10-31", "max_distance_m": "150", "max_estates": "4"}
HAND_HOUSEHOLDS = {**HAND, "max_households": "1000"}


@pytest.fixture
def planner(make_user):
    client = APIClient()
    client.force_authenticate(make_user(Role.PLANNER))
    return client


def test_packages_as_geojson(planner, packages_world):  # noqa: F811
    response = planner.get(URL, HAND_HOUSEHOLDS)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert (body["start"], body["end"], body["max_distance_m"], body["max_estates"], body["max_households"]) == (
        "2026-01-01",
        "2026-10-31",
        150.0,
        4,
        1000,
    )
    props = [f["properties"] for f in body["features"]]
    assert [tuple(c.removeprefix("T-") for c in p["estate_codes"]) for p in props] == [e[0] for e in EXPECTED]
    assert [p["rank"] for p in props] == [1, 2, 3, 4]
    assert [p["infra_count"] for p in props] == [e[1] for e in EXPECTED]
    assert [p["households"] for p in props] == [e[2] for e in EXPECTED]
    assert [p["infra_share"] for p in props] == pytest.approx([e[1] / HAND_TOTAL_INFRA for e in EXPECTED], abs=1e-6)
    assert props[0]["estate_names"] == ["测试A院", "测试B院", "测试I院"]
    assert all(isinstance(p["score"], float) for p in props)


def test_package_geometry_is_the_union_of_its_estates_in_wgs84(planner, packages_world):  # noqa: F811
    first = planner.get(URL, HAND_HOUSEHOLDS).json()["features"][0]
    shape = GEOSGeometry(json.dumps(first["geometry"]), srid=4326)
    assert -180 <= shape.extent[0] <= 180 and -90 <= shape.extent[1] <= 90
    members = HousingProject.objects.filter(code__in=first["properties"]["estate_codes"])
    assert members.count() == 3
    metric = shape.transform(4548, clone=True)
    assert metric.area == pytest.approx(3 * 100 * 100, rel=1e-3)
    for estate in members:
        assert shape.buffer(1e-7).covers(estate.geom)


def test_caps_default_from_settings_and_each_one_changes_the_answer(planner, packages_world, settings):  # noqa: F811
    settings.RENOVATION_PACKAGE_MAX_DISTANCE_M = 150
    settings.RENOVATION_PACKAGE_MAX_ESTATES = 4
    settings.RENOVATION_PACKAGE_MAX_HOUSEHOLDS = 1000
    body = planner.get(URL, {"start": "2026-01-01", "end": "2026-10-31"}).json()
    assert body["max_households"] == 1000
    assert len(body["features"]) == len(EXPECTED)
    two = planner.get(URL, {**HAND_HOUSEHOLDS, "max_estates": "2"}).json()["features"]
    assert [tuple(c.removeprefix("T-") for c in f["properties"]["estate_codes"]) for f in two] == EXPECTED_TWO
    near = planner.get(URL, {**HAND_HOUSEHOLDS, "max_distance_m": "10"}).json()["features"]
    assert all(len(f["properties"]["estate_codes"]) == 1 for f in near)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"max_distance_m": "abc"}, "max_distance_m"),
        ({"max_distance_m": "-5"}, "max_distance_m"),
        ({"max_distance_m": "99999"}, "max_distance_m"),
        ({"max_estates": "0"}, "max_estates"),
        ({"max_estates": "2.5"}, "max_estates"),
        ({"max_households": "-1"}, "max_households"),
        ({"max_households": "many"}, "max_households"),
        ({"start": "2026-13-01"}, "start"),
        ({"end": "2025-01-01"}, "end"),
    ],
)
def test_bad_parameters_are_400_naming_the_field(planner, packages_world, change, field):  # noqa: F811
    response = planner.get(URL, {**HAND_HOUSEHOLDS, **change})
    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_roles(make_user, packages_world, role):  # noqa: F811
    client = APIClient()
    client.force_authenticate(make_user(role))
    response = client.get(URL, HAND_HOUSEHOLDS)
    assert response.status_code == (403 if role == Role.GRID_WORKER else 200)


def test_login_required(packages_world):  # noqa: F811
    assert APIClient().get(URL, HAND_HOUSEHOLDS).status_code in (401, 403)
