"""Geometry checks and repairs for polygon layers, vectorised with shapely 2."""

import numpy as np
import shapely
from shapely.validation import explain_validity

from layers import crs

POLYGONAL = {"Polygon", "MultiPolygon"}
# Same tolerance as check_layers: below 1 m² a difference is digitising noise, not a finding.
AREA_TOLERANCE_M2 = 1.0


def as_multipolygon(geom):
    """The polygonal part of geom as a MultiPolygon, or None if nothing polygonal is left."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type == "Polygon":
        return shapely.MultiPolygon([geom])
    if geom.geom_type == "MultiPolygon":
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in POLYGONAL]
    polygons = [p for part in parts for p in (part.geoms if part.geom_type == "MultiPolygon" else [part])]
    return shapely.MultiPolygon(polygons) if polygons else None


def prepare(geom):
    """(multipolygon, repair_note, refusal) for one source geometry, before any reprojection."""
    if geom is None or geom.is_empty:
        return None, None, "几何为空 (empty or missing geometry)"
    if geom.geom_type not in POLYGONAL:
        return None, None, f"几何类型应为面 (expected Polygon/MultiPolygon), got {geom.geom_type}"
    geom = shapely.force_2d(geom)
    if geom.is_valid:
        return as_multipolygon(geom), None, None
    reason = explain_validity(geom)
    repaired = as_multipolygon(shapely.make_valid(geom))
    if repaired is None or repaired.is_empty:
        return None, None, f"无效几何无法修复 (invalid geometry, repair left no polygon): {reason}"
    return repaired, f"已修复无效几何 (repaired invalid geometry): {reason}", None


def area_outside_m2(geoms_wgs84: list, boundary_wgs84) -> np.ndarray:
    """Area (m², measured in EPSG:4548) of each geometry lying outside the boundary."""
    metric = [crs.transform_geometry(g, crs.WGS84, crs.CGCS2000_GK_CM117) for g in geoms_wgs84]
    outer = crs.transform_geometry(boundary_wgs84, crs.WGS84, crs.CGCS2000_GK_CM117)
    shapely.prepare(outer)
    return shapely.area(shapely.difference(np.array(metric, dtype=object), outer))
