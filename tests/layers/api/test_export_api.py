"""/api/export/ downloads and the database-assembled GeoJSON: roles, formats, filters, privacy."""

import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from layers.exporters import FORMATS, LAYERS
from layers.models import Role
from tests.layers.exporters import world
from tests.layers.exporters.readback import all_bytes, ogrinfo_summary

export_world = world.export_world
ALLOWED = [Role.AGENCY, Role.LEADER, Role.PLANNER, Role.ADMIN]
REFUSED = [Role.DEPARTMENT, Role.CADRE, Role.GRID_WORKER]


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_needs_login(export_world):
    assert APIClient().get("/api/export/", {"layer": "communities", "format": "gpkg"}).status_code in (401, 403)
    assert APIClient().get("/api/layers/complaints.geojson").status_code in (401, 403)


@pytest.mark.parametrize("role", REFUSED)
def test_partial_view_roles_are_refused(export_world, make_user, role):
    client = token_client(make_user(role))
    assert client.get("/api/export/", {"layer": "communities", "format": "gpkg"}).status_code == 403
    assert client.get("/api/layers/complaints.geojson").status_code == 403


@pytest.mark.parametrize("role", ALLOWED)
def test_allowed_roles_download_a_file_gdal_reads(export_world, make_user, tmp_path, role):
    response = token_client(make_user(role)).get(
        "/api/export/", {"layer": "complaints", "format": "shp", "srid": "4548", "status": "closed"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="complaints_4548.zip"'
    path = tmp_path / "complaints_4548.zip"
    path.write_bytes(_body(response))
    assert ogrinfo_summary(path) == (2, 4548) and response["X-Feature-Count"] == "2"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_downloads_without_personal_data(export_world, make_user, tmp_path, fmt):
    response = token_client(make_user(Role.AGENCY)).get("/api/export/", {"layer": "complaints", "format": fmt})
    assert response.status_code == 200
    path = tmp_path / f"download{FORMATS[fmt].extension}"
    path.write_bytes(_body(response))
    assert ogrinfo_summary(path)[0] == 5
    data = all_bytes(path)
    assert world.PLANTED_NAME.encode() not in data and world.PLANTED_PHONE.encode() not in data


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"layer": "roads", "format": "gpkg"}, "Unknown layer 'roads'"),
        ({"layer": "communities", "format": "dwg"}, "Unknown format 'dwg'"),
        ({"layer": "communities", "format": "gpkg", "srid": "3857"}, "srid: '3857' is not one of"),
        ({"layer": "complaints", "format": "gpkg", "status": "lost"}, "status: unknown lost"),
        ({"layer": "complaints", "format": "gpkg", "bbox": "1,2,3"}, "bbox"),
        ({"layer": "complaints", "format": "gpkg", "since": "0721-01-01"}, "since: 须在 1901-01-01"),
    ],
)
def test_bad_parameters_are_400_naming_them(export_world, make_user, params, message):
    response = token_client(make_user(Role.AGENCY)).get("/api/export/", params)
    assert response.status_code == 400 and message in response.json()["detail"]


def test_fast_geojson_is_a_feature_collection_without_personal_data(export_world, make_user):
    response = token_client(make_user(Role.LEADER)).get("/api/layers/complaints.geojson", {"category": "c_noise"})
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    body = _body(response)
    data = json.loads(body)
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    feature = data["features"][0]
    assert feature["geometry"]["type"] == "Point" and feature["properties"]["category_name"] == "噪音扰民"
    assert feature["id"] == feature["properties"]["id"]
    assert world.PLANTED_NAME.encode() not in body and world.PLANTED_PHONE.encode() not in body


@pytest.mark.parametrize("layer", list(LAYERS))
def test_fast_geojson_serves_every_layer_like_the_file_export(export_world, make_user, layer):
    response = token_client(make_user(Role.PLANNER)).get(f"/api/export/geojson/{layer}/")
    data = json.loads(_body(response))
    ids = sorted(str(f["id"]) for f in data["features"])
    assert ids == sorted(str(v) for v in LAYERS[layer].model_ids())
    assert all(set(f["properties"]) == {x.name for x in LAYERS[layer].fields} for f in data["features"])


def test_fast_geojson_matches_the_drf_gis_geometry(export_world, make_user):
    client = token_client(make_user(Role.PLANNER))
    ours = json.loads(_body(client.get("/api/export/geojson/housing-projects/")))
    theirs = client.get("/api/layers/housing-projects/").json()
    for a, b in zip(ours["features"], theirs["features"], strict=True):
        assert a["id"] == b["id"] and a["properties"]["name"] == b["properties"]["name"]
        ring_a, ring_b = a["geometry"]["coordinates"][0][0], b["geometry"]["coordinates"][0][0]
        assert len(ring_a) == len(ring_b) == 5
        assert [c for xy in ring_a for c in xy] == pytest.approx([c for xy in ring_b for c in xy], abs=1e-7)
