"""The analytics API: same numbers as the functions, GeoJSON hotspots, clear 400s, role checks."""

import pytest

from layers.models import Role
from tests.layers.analytics.conftest import at


@pytest.fixture
def leader_client(client, make_user):
    client.force_login(make_user(Role.LEADER))
    return client


@pytest.fixture
def cluster(grid_world, new_complaint):
    # A planted cluster in the south-west corner cell, a trickle elsewhere (week 2026-W47).
    for i in range(40):
        new_complaint(60 + i, 60, at(16 + i % 7), category="a_parking", description="丰西路45号院停车难")
    for x, y in [(400, 400), (600, 600), (900, 100), (100, 900), (650, 350)]:
        new_complaint(x, y, at(18))
    return grid_world


def test_hotspots_geojson(leader_client, cluster):
    r = leader_client.get("/api/hotspots/", {"level": "grid-cells", "start": "2026-11-16", "end": "2026-11-23"})
    assert r.status_code == 200
    body = r.json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 16
    corner = next(f for f in body["features"] if f["id"] == cluster["cells"][(0, 0)].code)
    props = corner["properties"]
    assert props["count"] == 40 and props["n_neighbours"] == 3
    assert {"gi_z", "gi_p", "gi_p_fdr", "class"} <= props.keys() and props["gi_z"] > 0
    assert corner["geometry"]["type"] == "MultiPolygon"
    r = leader_client.get(
        "/api/hotspots/",
        {"level": "communities", "start": "2026-11-16", "end": "2026-11-23", "weights": "distance", "distance": 600},
    )
    assert r.status_code == 200 and len(r.json()["features"]) == 2
    r = leader_client.get("/api/hotspots/", {"start": "2026-11-16", "end": "2026-11-23", "category": "a_parking"})
    assert sum(f["properties"]["count"] for f in r.json()["features"]) == 40


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"level": "streets"}, "level"),
        ({"weights": "distance"}, "distance"),
        ({"start": "16/11/2026"}, "start"),
        ({"start": "2026-11-23", "end": "2026-11-16"}, "end"),
    ],
)
def test_bad_parameters_are_named(leader_client, cluster, query, field):
    r = leader_client.get("/api/hotspots/", query)
    assert r.status_code == 400 and field in r.json()


def test_moments_in_any_offset_and_out_of_range(leader_client, cluster):
    # Found by the fuzz run: an offset beyond PostgreSQL's ±15:59 was a 500; a time before 1901 came
    # back with Beijing's local mean time offset (+08:05:43), which is not an RFC 3339 date-time.
    emerging = leader_client.get("/api/stats/emerging/", {"end": "2026-11-23T15:51:32+22:21", "weeks": 4})
    assert emerging.status_code == 200 and emerging.json()["end"] == "2026-11-23T01:30:32+08:00"
    for url, query, field in [
        ("/api/stats/emerging/", {"end": "0250-10-02T23:51:32+22:21"}, "end"),
        ("/api/stats/ledger/", {"as_of": "0504-06-02"}, "as_of"),
        ("/api/stats/totals/", {"start": "2101-01-01", "end": "2101-02-01"}, "start"),
        ("/api/stats/rates/", {"month": "0877-03"}, "month"),
        ("/api/dashboard/summary/", {"start": "1900-12-31"}, "start"),
    ]:
        refused = leader_client.get(url, query)
        assert refused.status_code == 400 and field in refused.json(), (url, refused.content)
    assert leader_client.get("/api/stats/weekly/0877-W12/").status_code == 404


def test_stats_endpoints_agree_with_the_report(leader_client, cluster):
    week = {"start": "2026-11-16", "end": "2026-11-23"}
    totals = leader_client.get("/api/stats/totals/", week).json()
    report = leader_client.get("/api/stats/weekly/2026-W47/").json()
    assert totals["count"] == report["totals"]["count"] == 45
    counts = leader_client.get("/api/stats/counts/", {**week, "by": "category"}).json()["rows"]
    assert [(r["key"], r["count"]) for r in counts] == [(r["key"], r["count"]) for r in report["categories"]]
    units = leader_client.get("/api/stats/units/", {**week, "level": "housing-projects"}).json()["rows"]
    assert {u["code"]: u["per_1000_households"] for u in units} == {"E1": 100.0, "E2": 0.0}
    rates = leader_client.get("/api/stats/rates/", {"unit": "community", "start": "2026-11-16", "end": "2026-11-23"})
    assert rates.status_code == 200 and [r["n"] for r in rates.json()["rows"]] == [42, 3]
    assert leader_client.get("/api/stats/rates/", {"unit": "community"}).status_code == 400
    assert leader_client.get("/api/stats/rates/", {"month": "2026-13"}).status_code == 400
    assert leader_client.get("/api/stats/ledger/").json()["open"] == 0
    assert leader_client.get("/api/stats/weekly/2026-W60/").status_code == 404


def test_density_and_emerging(leader_client, cluster):
    density = leader_client.get("/api/stats/density/", {"start": "2026-11-16", "end": "2026-11-23", "bandwidth": 150})
    body = density.json()
    assert body["points"] == 45 and body["cells"]
    lon, lat, peak = max(body["cells"], key=lambda c: c[2])
    from tests.geometry import lonlat

    corner = lonlat(80, 60)
    assert abs(lon - corner[0]) < 0.001 and abs(lat - corner[1]) < 0.001
    emerging = leader_client.get("/api/stats/emerging/", {"end": "2026-11-23", "weeks": 4}).json()
    assert len(emerging["rows"]) == 16 and emerging["rows"][0]["weekly"].__len__() == 4
    assert sum(sum(r["weekly"]) for r in emerging["rows"]) == 45


def test_analytics_need_a_sub_district_role(client, make_user, cluster):
    assert client.get("/api/stats/totals/").status_code == 403
    client.force_login(make_user(Role.CADRE, community=cluster["west"]))
    assert client.get("/api/hotspots/").status_code == 403
    client.force_login(make_user(Role.DEPARTMENT))
    assert client.get("/api/stats/totals/").status_code == 200
