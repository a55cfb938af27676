"""/api/layers/*: GeoJSON, bbox, paging, login, and role scoping of grid cells."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from layers.models import Department, GridCell, HousingProject, MilitaryZone, Role
from tests.geometry import lonlat, rect

LAYERS = ["subdistrict", "communities", "housing-projects", "buildings", "military-zones", "grid-cells"]


@pytest.fixture
def world(small_world, make_user):
    west, east = small_world["west"], small_world["east"]
    alice = make_user(Role.GRID_WORKER, "alice", community=west)
    bob = make_user(Role.GRID_WORKER, "bob", community=east)
    GridCell.objects.create(code="110106021001001", community=west, grid_worker=alice, geom=rect(0, 900, 100, 1000))
    GridCell.objects.create(code="110106021001002", community=west, grid_worker=alice, geom=rect(100, 900, 200, 1000))
    GridCell.objects.create(code="110106021002001", community=east, grid_worker=bob, geom=rect(500, 900, 600, 1000))
    HousingProject.objects.create(
        code="E01", name="丰西路45号院", community=west, ownership="multi", geom=rect(10, 10, 200, 200)
    )
    MilitaryZone.objects.create(code="M01", name="某部营区", kind="unit", geom=rect(600, 10, 900, 300))
    return {**small_world, "alice": alice, "bob": bob}


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("layer", LAYERS)
def test_every_layer_needs_login(db, layer):
    assert APIClient().get(f"/api/layers/{layer}/").status_code in (401, 403)


@pytest.mark.parametrize("layer", LAYERS)
def test_layers_are_feature_collections(world, make_user, layer):
    data = client_for(make_user(Role.LEADER)).get(f"/api/layers/{layer}/").json()
    assert data["type"] == "FeatureCollection"
    assert data["count"] == len(data["features"])


def test_features_carry_code_as_id_and_chinese_labels(world, make_user):
    data = client_for(make_user(Role.PLANNER)).get("/api/layers/housing-projects/").json()
    feature = data["features"][0]
    assert feature["id"] == "E01"
    assert feature["geometry"]["type"] == "MultiPolygon"
    assert feature["properties"]["ownership_label"] == "多产权"
    assert feature["properties"]["community_name"] == "西社区"


def test_bbox_and_paging(world, make_user):
    client = client_for(make_user(Role.LEADER))
    (x0, y0), (x1, y1) = lonlat(450, 850), lonlat(1000, 1000)
    data = client.get("/api/layers/grid-cells/", {"bbox": f"{x0},{y0},{x1},{y1}"}).json()
    assert [f["id"] for f in data["features"]] == ["110106021002001"]
    page = client.get("/api/layers/grid-cells/", {"page_size": 2}).json()
    assert page["count"] == 3 and len(page["features"]) == 2 and page["next"]


def test_grid_worker_sees_only_their_cells(world):
    alice = client_for(world["alice"])
    codes = [f["id"] for f in alice.get("/api/layers/grid-cells/").json()["features"]]
    assert codes == ["110106021001001", "110106021001002"]
    assert alice.get("/api/layers/grid-cells/110106021002001/").status_code == 404
    assert alice.get("/api/layers/grid-cells/110106021001001/").status_code == 200


def test_department_and_cadre_scopes(world, make_user):
    dept = Department.objects.create(code="D1", name="城管办")
    world["east"].department = dept
    world["east"].save()
    staff = client_for(make_user(Role.DEPARTMENT, department=dept))
    cadre = client_for(make_user(Role.CADRE, community=world["west"]))
    assert [f["id"] for f in staff.get("/api/layers/grid-cells/").json()["features"]] == ["110106021002001"]
    assert len(cadre.get("/api/layers/grid-cells/").json()["features"]) == 2


def test_user_without_profile_sees_nothing(world, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert client_for(nobody).get("/api/layers/communities/").json()["count"] == 0


def test_layers_are_read_only_even_for_admins(world, make_user):
    client = client_for(make_user(Role.ADMIN))
    assert client.post("/api/layers/communities/", {}, format="json").status_code == 405
    assert client.delete("/api/layers/communities/110106021001/").status_code == 405


def test_token_auth_works(world):
    token = Token.objects.create(user=world["alice"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/layers/grid-cells/").status_code == 200


def test_openapi_schema_lists_the_layers(world, make_user):
    client = client_for(make_user(Role.ADMIN))
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/layers/grid-cells/" in schema["paths"] and "/api/locate/" in schema["paths"]
    page = client.get("/api/schema/ui/")
    assert page.status_code == 200 and b"https://" not in page.content


def test_deleted_token_stops_working_at_once(world):
    token = Token.objects.create(user=world["alice"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/layers/grid-cells/").status_code == 200  # now cached
    token.delete()
    assert client.get("/api/layers/grid-cells/").status_code in (401, 403)
