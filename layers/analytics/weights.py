"""Spatial weights for Gi*: queen contiguity from PostGIS, or a distance band in EPSG:4548.

Both return a binary scipy.sparse CSR matrix with a zero diagonal, rows and columns in the order
of the ids passed in (the order of the counts vector); hotspots.py adds the self-weight.
"""

import numpy as np
from django.conf import settings
from django.db import connection
from scipy import sparse

from layers.analytics import disk_cache
from layers.analytics.db import without_jit
from layers.analytics.levels import level


def _symmetric(n: int, i: np.ndarray, j: np.ndarray) -> sparse.csr_matrix:
    data = np.ones(2 * i.size)
    w = sparse.csr_matrix((data, (np.concatenate([i, j]), np.concatenate([j, i]))), shape=(n, n))
    w.sum_duplicates()
    w.data[:] = 1.0
    return w


def _positions(ids, pairs) -> tuple[np.ndarray, np.ndarray]:
    ids = np.asarray(ids, dtype=np.int64)
    order = np.argsort(ids)
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    a = order[np.searchsorted(ids, pairs[:, 0], sorter=order)]
    b = order[np.searchsorted(ids, pairs[:, 1], sorter=order)]
    return a, b


def queen_weights(level_key: str, ids) -> sparse.csr_matrix:
    """Units that share at least one boundary point are neighbours (queen contiguity).

    One self-join on the GiST index. ST_DWithin(a, b, 0) is ST_Intersects (distance 0 = the
    shapes meet), not ST_Touches, so two polygons overlapping by a digitising sliver still count
    as neighbours; measured on 26,624 cells it runs in 60 % of ST_Intersects' time.
    """
    lv = level(level_key)
    ids = list(ids)
    pairs = _touching_pairs(lv)
    pairs = pairs[np.isin(pairs, np.asarray(ids, dtype=np.int64)).all(axis=1)]
    a, b = _positions(ids, pairs)
    return _symmetric(len(ids), a, b)


# Touching pairs per (table, geometry fingerprint): boundaries change a few times a year, the
# self-join costs seconds on a district's 25,000 cells, the fingerprint tens of milliseconds.
# Kept in process memory and on disk (disk_cache), so a fresh process (the weekly_report command,
# a new server worker) does not pay the self-join either. Bump the kind if the join changes.
_PAIRS_CACHE: dict[str, tuple[str, np.ndarray]] = {}
_KIND = "queen-dwithin0"
# No ORDER BY (it doubles the cost): rows come in physical order, which any write changes, so an
# edit can only cause a needless recompute, never a stale hit.
_FINGERPRINT = "SELECT count(*), md5(string_agg(int8send(id) || ST_AsBinary(geom), ''::bytea)) FROM {table}"


def _touching_pairs(lv) -> np.ndarray:
    with connection.cursor() as cursor:
        cursor.execute(_FINGERPRINT.format(table=lv.table))
        fingerprint = ":".join(str(v) for v in cursor.fetchone())
    cached = _PAIRS_CACHE.get(lv.table)
    if cached is None or cached[0] != fingerprint:
        # One geometry version per table is kept in memory: the current one.
        key = f"{lv.table}:{fingerprint}"
        pairs = disk_cache.load(_KIND, key)
        if pairs is None:
            pairs = _query_pairs(lv)
            disk_cache.store(_KIND, key, pairs)
        cached = _PAIRS_CACHE[lv.table] = (fingerprint, pairs)
    return cached[1]


def _query_pairs(lv) -> np.ndarray:
    # All touching pairs of the table, then kept where both ends are wanted (numpy). Filtering the
    # far side in SQL (= ANY(array) or a join on unnest) made the planner loop over the array for
    # every candidate pair: minutes at 26,000 cells instead of under a second.
    sql = f"SELECT a.id, b.id FROM {lv.table} a JOIN {lv.table} b ON a.id < b.id AND ST_DWithin(a.geom, b.geom, 0)"
    with without_jit(), connection.cursor() as cursor:
        cursor.execute(sql)
        return np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 2)


def distance_band(xy, threshold: float) -> sparse.csr_matrix:
    """Binary weights between points (metres) no farther apart than threshold; pure."""
    if not threshold > 0:
        raise ValueError(f"distance must be a positive number of metres, not {threshold}")
    # Imported here: scipy.spatial adds 0.2-0.35 s to every fresh process (loaded machine), and the
    # weekly report uses queen weights only.
    from scipy.spatial import cKDTree

    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    pairs = cKDTree(xy).query_pairs(threshold, output_type="ndarray")
    return _symmetric(len(xy), pairs[:, 0], pairs[:, 1])


def centroids(level_key: str, ids) -> np.ndarray:
    """Centroids of the units in EPSG:4548 metres, in the order of ids."""
    lv = level(level_key)
    ids = list(ids)
    sql = f"""
        SELECT id, ST_X(c), ST_Y(c) FROM (
            SELECT u.id, ST_Transform(ST_Centroid(u.geom), {settings.METRIC_SRID}) AS c
            FROM {lv.table} u JOIN unnest(%s::bigint[]) AS i(id) ON i.id = u.id
        ) t
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids])
        rows = {r[0]: (r[1], r[2]) for r in cursor.fetchall()}
    return np.array([rows[i] for i in ids], dtype=float).reshape(-1, 2)


def distance_weights(level_key: str, ids, threshold: float) -> sparse.csr_matrix:
    """Units whose centroids lie within threshold metres of each other are neighbours."""
    return distance_band(centroids(level_key, ids), threshold)
