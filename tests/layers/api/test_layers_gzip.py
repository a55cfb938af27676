"""/api/layers/*: gzip'd answers decode to the same GeoJSON; ETags revalidate; an edit is seen at once."""

import gzip
import json

import pytest
from django.test import Client

from layers.models import Community, GridCell, HousingProject, Role
from tests.geometry import rect


@pytest.fixture
def leader(make_user):
    client = Client()
    client.force_login(make_user(Role.LEADER))
    return client


@pytest.mark.parametrize("layer", ["communities", "subdistrict"])
def test_gzipped_layer_decodes_to_the_same_geojson(small_world, leader, layer):
    plain = leader.get(f"/api/layers/{layer}/")
    packed = leader.get(f"/api/layers/{layer}/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    decoded = json.loads(gzip.decompress(packed.content))
    assert decoded == plain.json()
    assert decoded["count"] == len(decoded["features"]) > 0


# Committed writes, as in production: the layer's version reads the row versions' transaction ids.
@pytest.mark.django_db(transaction=True)
def test_etag_revalidates_and_an_edit_changes_the_answer(small_world, leader):
    first = leader.get("/api/layers/communities/")
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    again = leader.get("/api/layers/communities/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    # A gzip'd answer carries the weak form of the same tag; the weak form revalidates too.
    weak = leader.get("/api/layers/communities/", HTTP_ACCEPT_ENCODING="gzip")["ETag"]
    assert weak == f"W/{etag}"
    assert leader.get("/api/layers/communities/", HTTP_IF_NONE_MATCH=weak).status_code == 304

    Community.objects.filter(pk=small_world["west"].pk).update(name="西社区（更名）")
    changed = leader.get("/api/layers/communities/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "西社区（更名）" in {f["properties"]["name"] for f in changed.json()["features"]}


@pytest.mark.django_db(transaction=True)
def test_an_edit_of_a_related_table_changes_the_answer(small_world, leader):
    west = small_world["west"]
    HousingProject.objects.create(
        code="E01", name="丰西路45号院", community=west, ownership="multi", geom=rect(10, 10, 200, 200)
    )
    first = leader.get("/api/layers/housing-projects/")
    assert first.json()["features"][0]["properties"]["community_name"] == "西社区"
    # The estate's row is untouched: only its community's name changes.
    Community.objects.filter(pk=west.pk).update(name="西社区（更名）")
    changed = leader.get("/api/layers/housing-projects/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed.json()["features"][0]["properties"]["community_name"] == "西社区（更名）"


def test_cached_grid_cells_stay_scoped_per_reader(small_world, make_user):
    west, east = small_world["west"], small_world["east"]
    alice = make_user(Role.GRID_WORKER, "alice", community=west)
    bob = make_user(Role.GRID_WORKER, "bob", community=east)
    GridCell.objects.create(code="110106021001001", community=west, grid_worker=alice, geom=rect(0, 900, 100, 1000))
    GridCell.objects.create(code="110106021002001", community=east, grid_worker=bob, geom=rect(500, 900, 600, 1000))
    seen = {}
    for user in (alice, bob, alice):
        client = Client()
        client.force_login(user)
        seen.setdefault(user.username, []).append(
            {f["id"] for f in client.get("/api/layers/grid-cells/").json()["features"]}
        )
    assert seen["alice"] == [{"110106021001001"}, {"110106021001001"}]
    assert seen["bob"] == [{"110106021002001"}]
