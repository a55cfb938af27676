"""Deterministic shapes for tests, laid out in metres (EPSG:4548) around the Wulidian anchor.

Tests describe geometry in metres east/north of ANCHOR, which is how a surveyor would; the
helpers return WGS84 (SRID 4326) GEOS geometries for the models.
"""

from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from pyproj import Transformer

ANCHOR_LONLAT = (116.2533, 39.8595)  # DOMAIN.md anchor point
_to_4548 = Transformer.from_crs(4326, 4548, always_xy=True)
_to_4326 = Transformer.from_crs(4548, 4326, always_xy=True)
ANCHOR_XY = _to_4548.transform(*ANCHOR_LONLAT)


def lonlat(east_m: float, north_m: float) -> tuple[float, float]:
    """WGS84 lon/lat of a point east_m, north_m metres from the anchor."""
    return _to_4326.transform(ANCHOR_XY[0] + east_m, ANCHOR_XY[1] + north_m)


def point(east_m: float, north_m: float) -> Point:
    return Point(*lonlat(east_m, north_m), srid=4326)


def rect(x0: float, y0: float, x1: float, y1: float) -> MultiPolygon:
    """Axis-aligned rectangle in metres from the anchor, as a 4326 MultiPolygon."""
    ring = [lonlat(x0, y0), lonlat(x1, y0), lonlat(x1, y1), lonlat(x0, y1), lonlat(x0, y0)]
    return MultiPolygon(Polygon(ring), srid=4326)
