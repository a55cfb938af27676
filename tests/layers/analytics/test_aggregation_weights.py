"""Counts per breakdown, change, rates per 1,000 households, PostGIS weights and hotspots on real PostGIS."""

import os

import numpy as np
import pytest

from layers.analytics.aggregation import counts_by, totals, unit_counts
from layers.analytics.hotspot_map import feature_collection, hotspot_rows
from layers.analytics.weights import distance_band, distance_weights, queen_weights
from tests.layers.analytics.conftest import at


@pytest.fixture
def weeks(grid_world, new_complaint):
    # ISO week 2026-W47 (16-22 Nov): 6 in cell (0,0)/E1, 2 in (3,3)/E2 (one parking); week before: 4;
    # 52 weeks before: 2.
    for day in (16, 17, 18, 19, 20, 21):
        new_complaint(100, 100, at(day))
    new_complaint(800, 800, at(17), category="a_parking", description="停车难")
    new_complaint(800, 800, at(22, 23))
    for day in (9, 10, 11, 12):
        new_complaint(600, 100, at(day))
    for day in (18, 19):
        new_complaint(100, 600, at(day, year=2025, hour=9))
    return grid_world


def test_totals_with_week_over_week_and_year_over_year(weeks):
    t = totals(at(16, 0), at(23, 0))
    assert (t["count"], t["previous"], t["last_year"]) == (8, 4, 2)
    assert t["change_pct"] == 100.0 and t["yoy_pct"] == 300.0
    # 2025-11-18 and 19 lie 364 days before 2026-11-17 and 18, the same weekdays.
    t = totals(at(17, 0), at(19, 0))
    assert (t["count"], t["last_year"], t["yoy_pct"]) == (3, 2, 50.0)
    assert totals(at(16, 0), at(23, 0), category="a_parking")["count"] == 1


def test_counts_by_each_dimension(weeks):
    window = (at(16, 0), at(23, 0))
    by_community = {r["key"]: (r["count"], r["previous"]) for r in counts_by("community", *window)}
    assert by_community == {weeks["west"].code: (6, 0), weeks["east"].code: (2, 4)}
    assert [(r["key"], r["count"]) for r in counts_by("category", *window)] == [("a_noise", 7), ("a_parking", 1)]
    assert counts_by("channel", *window)[0] == {
        "key": "hotline_12345",
        "count": 8,
        "previous": 4,
        "last_year": 2,
        "change_pct": 100.0,
        "yoy_pct": 300.0,
    }
    assert {r["key"] for r in counts_by("sishi_type", *window)} == {"difficult", "hoped"}
    assert counts_by("status", *window)[0]["key"] == "received"
    assert counts_by("housing_project", *window)[0] == pytest.approx(
        {"key": "E1", "count": 6, "previous": 0, "last_year": 0, "change_pct": None, "yoy_pct": None}
    )
    with pytest.raises(ValueError, match="dimension must be one of"):
        counts_by("weather", *window)


def test_unit_counts_include_zeros_and_rates_per_1000_households(weeks):
    cells = unit_counts("grid-cells", at(16, 0), at(23, 0))
    assert len(cells) == 16 and sum(r["count"] for r in cells) == 8
    assert [r["code"] for r in cells] == sorted(r["code"] for r in cells)
    estates = {r["code"]: r for r in unit_counts("housing-projects", at(16, 0), at(23, 0))}
    assert estates["E1"]["per_1000_households"] == 15.0  # 6 / 400 households
    assert estates["E2"]["per_1000_households"] == 20.0  # 2 / 100
    communities = {r["code"]: r for r in unit_counts("communities", at(16, 0), at(23, 0), category="a_parking")}
    assert communities[weeks["east"].code]["count"] == 1 and communities[weeks["west"].code]["count"] == 0
    with pytest.raises(ValueError, match="level must be one of"):
        unit_counts("streets", at(16, 0), at(23, 0))


def test_queen_weights_from_postgis(grid_world):
    cells = grid_world["cells"]
    ids = [cells[(r, c)].id for r in range(4) for c in range(4)]
    w = queen_weights("grid-cells", ids).toarray()
    assert w.sum(axis=1).tolist() == [3, 5, 5, 3, 5, 8, 8, 5, 5, 8, 8, 5, 3, 5, 5, 3]
    assert w[0, 5] == 1 and w[0, 2] == 0 and (w == w.T).all() and np.diag(w).sum() == 0
    # Distance band 260 m between centroids 250 m apart: rook neighbours only.
    assert distance_weights("grid-cells", ids, 260).sum(axis=1).A1.tolist()[:4] == [2, 3, 3, 2]
    with pytest.raises(ValueError, match="positive"):
        distance_band(np.zeros((2, 2)), 0)


def test_hotspot_rows_and_geojson(weeks, new_complaint):
    for _ in range(30):
        new_complaint(100, 100, at(18))
    rows = hotspot_rows("grid-cells", at(16, 0), at(23, 0), geometry=True)
    corner = next(r for r in rows if r["code"] == weeks["cells"][(0, 0)].code)
    assert corner["count"] == 36 and corner["n_neighbours"] == 3 and corner["gi_z"] > 0
    assert {"gi_z", "gi_p", "gi_p_fdr", "class", "n_neighbours"} <= corner.keys()
    fc = feature_collection(rows)
    assert fc["features"][0]["geometry"]["type"] == "MultiPolygon" and "geojson" not in fc["features"][0]["properties"]
    with pytest.raises(ValueError, match="distance"):
        hotspot_rows("grid-cells", at(16, 0), at(23, 0), weights="distance")


def test_cached_queen_weights_follow_a_boundary_change(grid_world):
    from tests.geometry import rect

    cells = grid_world["cells"]
    ids = [cells[(r, c)].id for r in range(4) for c in range(4)]
    assert queen_weights("grid-cells", ids)[0].sum() == 3
    moved = cells[(0, 1)]
    moved.geom = rect(250, -400, 500, -300)  # no longer touches the corner cell
    moved.save()
    assert queen_weights("grid-cells", ids)[0].sum() == 2


def test_queen_pairs_come_from_the_disk_cache_in_a_fresh_process(grid_world, settings, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from layers.analytics import weights

    settings.ANALYTICS_CACHE_DIR = str(tmp_path)
    cells = grid_world["cells"]
    ids = [cells[(r, c)].id for r in range(4) for c in range(4)]
    weights._PAIRS_CACHE.clear()
    first = queen_weights("grid-cells", ids).toarray()
    assert len(list(tmp_path.glob("queen-*.npy"))) == 1
    # A new process starts with an empty memory cache: the pairs are read back, no self-join runs.
    weights._PAIRS_CACHE.clear()
    with CaptureQueriesContext(connection) as queries:
        again = queen_weights("grid-cells", ids).toarray()
    assert (again == first).all()
    assert not [q for q in queries.captured_queries if "ST_DWithin" in q["sql"]]
    # Changed geometry, changed fingerprint: the join runs again and its pairs are stored beside.
    weights._PAIRS_CACHE.clear()
    cells[(0, 0)].delete()
    with CaptureQueriesContext(connection) as queries:
        queen_weights("grid-cells", ids[1:])
    assert [q for q in queries.captured_queries if "ST_DWithin" in q["sql"]]
    assert len(list(tmp_path.glob("queen-*.npy"))) == 2


def test_several_breakdowns_in_one_query_equal_one_at_a_time(weeks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from layers.analytics.aggregation import counts_by_many
    from layers.analytics.levels import DIMENSIONS

    window = (at(16, 0), at(23, 0))
    with CaptureQueriesContext(connection) as queries:
        together = counts_by_many(list(DIMENSIONS), *window)
    assert len(queries) == 1
    assert together == {d: counts_by(d, *window) for d in DIMENSIONS}
    assert counts_by_many(["category", "community"], *window, category="a_parking")["community"] == [
        {"key": weeks["east"].code, "count": 1, "previous": 0, "last_year": 0, "change_pct": None, "yoy_pct": None}
    ]


def test_the_disk_cache_drops_the_least_recently_used(settings, tmp_path, monkeypatch):
    from layers.analytics import disk_cache

    settings.ANALYTICS_CACHE_DIR = str(tmp_path)
    monkeypatch.setattr(disk_cache, "KEEP", 2)
    disk_cache.store("t", "district", np.arange(3))
    disk_cache.store("t", "test-a", np.arange(1))
    assert disk_cache.load("t", "district").tolist() == [0, 1, 2]  # used again: now the most recent
    disk_cache.store("t", "test-b", np.arange(2))
    assert disk_cache.load("t", "test-a") is None
    assert disk_cache.load("t", "district").tolist() == [0, 1, 2]
    assert disk_cache.load("t", "test-b").tolist() == [0, 1]


def test_the_disk_cache_ignores_a_directory_of_another_user(settings, tmp_path, monkeypatch):
    from layers.analytics import disk_cache

    settings.ANALYTICS_CACHE_DIR = str(tmp_path)
    disk_cache.store("t", "k", np.arange(3))
    # As if tmp_path had been made by someone else (the real uid owns it; this process claims another).
    other = os.getuid() + 1
    monkeypatch.setattr(disk_cache.os, "getuid", lambda: other)
    assert disk_cache.load("t", "k") is None
    disk_cache.store("t", "other", np.arange(2))
    assert sorted(p.name.split("-")[0] for p in tmp_path.glob("*.npy")) == ["t"]
