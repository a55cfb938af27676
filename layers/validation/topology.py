"""Topology of communities, estates and buildings against their parents."""

from collections.abc import Callable

from .base import (
    _LAYER_LABELS,
    ERROR,
    STRADDLE_ERROR_SHARE,
    TOLERANCE_M2,
    WARNING,
    Finding,
    _fetch,
    _m2,
    _sql,
    _table,
)

# --- geometry validity -------------------------------------------------------------------------


def invalid_geometries() -> list[Finding]:
    """Self-intersections and the like: GEOS refuses to overlay them, so they come first."""
    sql = " UNION ALL ".join(
        f"SELECT '{layer}', code, ST_IsValidReason(geom) FROM {_table(layer)} WHERE NOT ST_IsValid(geom)"
        for layer in _LAYER_LABELS
    )
    return [
        Finding("invalid_geometry", ERROR, f"{_LAYER_LABELS[layer]} {code} 的几何无效：{reason}", (code,))
        for layer, code, reason in _fetch(sql + " ORDER BY 1, 2")
    ]


# --- communities -------------------------------------------------------------------------------

OVERLAPS_SQL = """
    SELECT a.code, b.code, o.area
    FROM {community} a
    JOIN {community} b ON a.id < b.id AND ST_Intersects(a.geom, b.geom)
    CROSS JOIN LATERAL (
        SELECT ST_Area(ST_Intersection(ST_Transform(a.geom, {srid}), ST_Transform(b.geom, {srid}))) AS area
    ) o
    WHERE o.area > %(tol)s
    ORDER BY o.area DESC, a.code, b.code
"""


def community_overlaps() -> list[Finding]:
    """Pairs of communities sharing more than the tolerance: a place would have two owners."""
    return [
        Finding("community_overlap", ERROR, f"社区 {a} 与社区 {b} 重叠 {_m2(area)}", (a, b), area)
        for a, b, area in _fetch(_sql(OVERLAPS_SQL))
    ]


# What of each parent its children leave uncovered, one row per separate piece. A parent with no
# children at all is one big gap: the COALESCE keeps it rather than a NULL.
COVERAGE_GAPS_SQL = """
    WITH gap AS (
        SELECT p.code, COALESCE(
                   ST_Difference(ST_Transform(p.geom, {srid}), ST_Union(ST_Transform(k.geom, {srid}))),
                   ST_Transform(p.geom, {srid})) AS geom
        FROM {parent} p LEFT JOIN {child} k ON k.{fk} = p.id
        GROUP BY p.id
    ), part AS (
        SELECT code, (ST_Dump(geom)).geom AS geom FROM gap
    ), measured AS (
        SELECT code, ST_Area(geom) AS area, ST_Transform(ST_PointOnSurface(geom), 4326) AS point FROM part
    )
    SELECT code, area, ST_X(point), ST_Y(point) FROM measured
    WHERE area > %(tol)s
    ORDER BY area DESC, code
"""


def _gap_findings(check: str, severity: str, parent: str, child: str, fk: str) -> list[Finding]:
    rows = _fetch(_sql(COVERAGE_GAPS_SQL, parent=_table(parent), child=_table(child), fk=fk))
    return [
        Finding(
            check,
            severity,
            f"{_LAYER_LABELS[parent]} {code} 有 {_m2(area)} 未被{_LAYER_LABELS[child]}覆盖，"
            f"位于 ({lon:.6f}, {lat:.6f}) 附近",
            (code,),
            area,
            point=(lon, lat),
        )
        for code, area, lon, lat in rows
    ]


def subdistrict_gaps() -> list[Finding]:
    """Parts of the sub-district no community covers: cases there would have nobody to go to."""
    return _gap_findings("subdistrict_gap", ERROR, "subdistrict", "community", "subdistrict_id")


# Children reaching outside their own parent, with the other parents they reach into.
# ST_CoveredBy is a cheap prepared-geometry test that clears the usual clean rows before the
# costly ST_Difference. Other parents count only when they share more than the tolerance, so a
# neighbour whose edge the child merely follows is not named.
OUTSIDE_PARENT_SQL = """
    WITH outside AS (
        SELECT k.id, k.code, k.geom, p.id AS parent_id, p.code AS parent_code,
               ST_Area(ST_Transform(k.geom, {srid})) AS total,
               ST_Area(ST_Difference(ST_Transform(k.geom, {srid}), ST_Transform(p.geom, {srid}))) AS outside
        FROM {child} k JOIN {parent} p ON p.id = k.{fk}
        WHERE NOT ST_CoveredBy(k.geom, p.geom)
    )
    SELECT o.code, o.parent_code, o.outside, o.total,
           COALESCE(array_agg(q.code ORDER BY q.code) FILTER (WHERE q.code IS NOT NULL), '{{}}')
    FROM outside o
    LEFT JOIN {parent} q ON q.id <> o.parent_id AND ST_Intersects(q.geom, o.geom)
         AND ST_Area(ST_Intersection(ST_Transform(q.geom, {srid}), ST_Transform(o.geom, {srid}))) > %(tol)s
    WHERE o.outside > %(tol)s
    GROUP BY o.id, o.code, o.parent_code, o.outside, o.total
    ORDER BY o.outside DESC, o.code
"""


def _outside_findings(check: str, child: str, parent: str, fk: str, severity: Callable[[float], str]) -> list[Finding]:
    """severity maps the share of the child lying outside its parent to ERROR or WARNING."""
    rows = _fetch(_sql(OUTSIDE_PARENT_SQL, child=_table(child), parent=_table(parent), fk=fk))
    child_label, parent_label = _LAYER_LABELS[child], _LAYER_LABELS[parent]
    findings = []
    for code, parent_code, outside, total, others in rows:
        share = outside / total
        where = "完全" if outside >= total - TOLERANCE_M2 else f"有 {_m2(outside)}（{share:.0%}）"
        text = f"{child_label} {code} {where}在所属{parent_label} {parent_code} 之外"
        if others:
            text += f"，伸入{parent_label} {'、'.join(others)}"
        findings.append(Finding(check, severity(share), text, (code, parent_code, *others), outside))
    return findings


def _always(severity: str) -> Callable[[float], str]:
    return lambda share: severity


def communities_outside_subdistrict() -> list[Finding]:
    return _outside_findings(
        "community_outside_subdistrict", "community", "subdistrict", "subdistrict_id", _always(ERROR)
    )


# --- estates and buildings ---------------------------------------------------------------------


def estates_straddling() -> list[Finding]:
    """Estates reaching into other communities; an error once most of the estate lies outside."""
    return _outside_findings(
        "estate_straddling",
        "estate",
        "community",
        "community_id",
        lambda share: ERROR if share > STRADDLE_ERROR_SHARE else WARNING,
    )


def buildings_outside_estate() -> list[Finding]:
    return _outside_findings("building_outside_estate", "building", "estate", "estate_id", _always(WARNING))
