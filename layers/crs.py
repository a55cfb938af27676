"""Coordinate systems: the only module in the project that knows them.

Storage is WGS84 (EPSG:4326); everything else is converted here, on input or for display.

- CGCS2000 (EPSG:4490) is treated as equal to WGS84. Both are ITRF-aligned earth-centred frames;
  their ellipsoids differ only in flattening (semi-minor axes 0.1 mm apart) and at a common epoch
  they agree to centimetres. What remains is epoch: CGCS2000 data is fixed at epoch 2000.0, while
  GNSS gives current-epoch WGS84, so plate motion (a few cm per year in Beijing) accumulates to a
  few decimetres today; still below phone GPS error (metres) and agency digitising accuracy. No
  official CGCS2000->WGS84 parameters exist and PROJ itself only offers a "ballpark" null offset,
  so the equality is made explicit here rather than left to PROJ's choice of operation.
- EPSG:4548 / EPSG:4527 are CGCS2000 3-degree Gauss-Krueger, CM 117E; 4527 carries the zone number
  39 as a 39,000,000 m easting prefix. Their official axis order is northing first, so every
  pyproj Transformer is built with always_xy=True: x is always easting / longitude.
- GCJ-02 (AMap, Tencent, WeChat) and BD-09 (Baidu) are obfuscated WGS84, not real datums. Their
  formulas and constants follow the MIT reference wandergis/coordTransform_py. The reference's
  inverses are one-step approximations (GCJ errors up to ~2 m); ours iterate the forward formula
  to below 1e-9 degrees (~0.1 mm).
- Outside the reference's coarse China box (lon 72.004-137.8347, lat 0.8293-55.8271) GCJ-02 is
  not applied, and neither is BD-09, which is defined on top of GCJ-02 (the reference would apply
  Baidu's part alone). The box also covers neighbouring countries; irrelevant for Beijing.

All functions accept plain floats (returning floats) or numpy arrays (returning arrays).
"""

from functools import lru_cache
from math import pi

import numpy as np
import shapely
from pyproj import Transformer

WGS84 = 4326
CGCS2000 = 4490
CGCS2000_GK_CM117 = 4548
CGCS2000_GK_ZONE39 = 4527
WEB_MERCATOR = 3857
GCJ02 = "gcj02"
BD09 = "bd09"

_EPSG_CODES = (WGS84, CGCS2000, CGCS2000_GK_CM117, CGCS2000_GK_ZONE39, WEB_MERCATOR)
# Projected CRSs mapped to the geographic CRS of their own datum, so PROJ never picks a datum shift.
_GEOGRAPHIC_BASE = {CGCS2000_GK_CM117: CGCS2000, CGCS2000_GK_ZONE39: CGCS2000, WEB_MERCATOR: WGS84}

CRS_ALIASES: dict[str, str | int] = {
    "wgs84": WGS84,
    "cgcs2000": CGCS2000,
    "gcj02": GCJ02,
    "bd09": BD09,
    **{str(code): code for code in _EPSG_CODES},
    **{f"epsg:{code}": code for code in _EPSG_CODES},
}

# Constants of wandergis/coordTransform_py (Krasovsky 1940 ellipsoid, Baidu's x_pi).
_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = pi * 3000.0 / 180.0
_CHINA_BOX = (72.004, 137.8347, 0.8293, 55.8271)
_TOLERANCE_DEG = 1e-9
_MAX_ITERATIONS = 30


def parse_crs(value) -> str | int:
    """Normalise a CRS name/code to an EPSG int or "gcj02"/"bd09"; raise ValueError for the unknown.

    Case, spaces, "-" and "_" are ignored ("GCJ-02", "EPSG:4548"), so agency files and
    form fields can pass what they carry. Anything else is refused rather than guessed: a wrong CRS
    moves features hundreds of metres (or kilometres, e.g. EPSG:4547 is CM 114E) without any error.
    """
    if isinstance(value, int | np.integer) and not isinstance(value, bool) and int(value) in _EPSG_CODES:
        return int(value)
    if isinstance(value, str):
        key = value.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
        if key in CRS_ALIASES:
            return CRS_ALIASES[key]
    accepted = ", ".join(sorted(CRS_ALIASES))
    raise ValueError(f"Unsupported CRS {value!r}; accepted: {accepted} (or an int among {_EPSG_CODES})")


def _arrays(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Float arrays of a common shape, so one code path serves floats, lists and arrays."""
    return np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))


def _out(x, y):
    """Floats back for scalar input (copies for arrays, never views of the caller's data)."""
    return (float(x), float(y)) if np.ndim(x) == 0 else (x, y)


def in_rough_china(lon, lat):
    """True inside the reference's coarse China box, where GCJ-02/BD-09 offsets apply."""
    lon, lat = _arrays(lon, lat)
    west, east, south, north = _CHINA_BOX
    inside = (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
    return bool(inside) if inside.ndim == 0 else inside


def _gcj_shift(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The GCJ-02 offset in degrees at a WGS84 point (reference formulas, no China test)."""
    x, y = lon - 105.0, lat - 35.0
    common = 20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat += (common + 20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += (common + 20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    radlat = lat / 180.0 * pi
    magic = 1 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * pi)
    return dlon, dlat


def _gcj_forward(lon, lat):
    dlon, dlat = _gcj_shift(lon, lat)
    return lon + dlon, lat + dlat


def _bd_forward(lon, lat):
    z = np.hypot(lon, lat) + 0.00002 * np.sin(lat * _X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def _bd_one_step_inverse(lon, lat):
    x, y = lon - 0.0065, lat - 0.006
    z = np.hypot(x, y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta), z * np.sin(theta)


def _invert(forward, x, y, lon, lat):
    """Solve forward(lon, lat) == (x, y) by fixed-point iteration from the guess (lon, lat).

    The offsets vary by well under 1% per degree, so each step shrinks the error ~100x; 2-3 steps
    usually suffice and the iteration cap only guards against pathological input.
    """
    for _ in range(_MAX_ITERATIONS):
        fx, fy = forward(lon, lat)
        dx, dy = x - fx, y - fy
        lon, lat = lon + dx, lat + dy
        if max(np.max(np.abs(dx), initial=0.0), np.max(np.abs(dy), initial=0.0)) < _TOLERANCE_DEG:
            break
    return lon, lat


def _in_china_only(convert, x, y):
    """Apply convert inside the China box and leave other points untouched."""
    x, y = _arrays(x, y)
    inside = in_rough_china(x, y)
    cx, cy = convert(x, y)
    return _out(np.where(inside, cx, x), np.where(inside, cy, y))


def wgs84_to_gcj02(lon, lat):
    """WGS84 -> GCJ-02 (AMap/Tencent), e.g. to place our data on an AMap base map."""
    return _in_china_only(_gcj_forward, lon, lat)


def gcj02_to_wgs84(lon, lat):
    """GCJ-02 -> WGS84 to centimetres: the reference one-step guess refined by iteration."""

    def convert(x, y):
        dlon, dlat = _gcj_shift(x, y)
        return _invert(_gcj_forward, x, y, x - dlon, y - dlat)

    return _in_china_only(convert, lon, lat)


def gcj02_to_bd09(lon, lat):
    """GCJ-02 -> BD-09 (Baidu), the second offset Baidu adds on top of GCJ-02."""
    return _in_china_only(_bd_forward, lon, lat)


def bd09_to_gcj02(lon, lat):
    """BD-09 -> GCJ-02; the reference inverse is off by ~0.1 m in Beijing, so it is iterated too."""
    return _in_china_only(lambda x, y: _invert(_bd_forward, x, y, *_bd_one_step_inverse(x, y)), lon, lat)


def wgs84_to_bd09(lon, lat):
    """WGS84 -> BD-09 via GCJ-02."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon, lat):
    """BD-09 -> WGS84 via GCJ-02."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


@lru_cache(maxsize=32)
def _transformer(source: int, target: int) -> Transformer:
    """Cached because building a Transformer costs milliseconds; pyproj >= 3.1 makes it thread-safe."""
    return Transformer.from_crs(source, target, always_xy=True)


def to_wgs84(x, y, crs):
    """Any supported CRS -> WGS84 (lon, lat); projected input is x = easting, y = northing."""
    crs = parse_crs(crs)
    if crs == GCJ02:
        return gcj02_to_wgs84(x, y)
    if crs == BD09:
        return bd09_to_wgs84(x, y)
    x, y = _arrays(x, y)
    if crs in _GEOGRAPHIC_BASE:
        x, y = _transformer(crs, _GEOGRAPHIC_BASE[crs]).transform(x, y)
    return _out(np.array(x, dtype=float), np.array(y, dtype=float))


def from_wgs84(lon, lat, crs):
    """WGS84 (lon, lat) -> any supported CRS; projected output is x = easting, y = northing."""
    crs = parse_crs(crs)
    if crs == GCJ02:
        return wgs84_to_gcj02(lon, lat)
    if crs == BD09:
        return wgs84_to_bd09(lon, lat)
    lon, lat = _arrays(lon, lat)
    if crs in _GEOGRAPHIC_BASE:
        lon, lat = _transformer(_GEOGRAPHIC_BASE[crs], crs).transform(lon, lat)
    return _out(np.array(lon, dtype=float), np.array(lat, dtype=float))


def transform_geometry(geom, from_crs, to_crs=WGS84):
    """Reproject a shapely geometry (or array of them), always passing through WGS84.

    Same CRS in and out returns the input as is (no round-trip noise); Z values, if present, are
    carried over unchanged. Importers use it to bring GCJ-02, BD-09 and Gauss-Krueger files into
    storage; exports use it for agencies that want 4548.
    """
    source, target = parse_crs(from_crs), parse_crs(to_crs)
    if source == target:
        return geom

    def apply(x, y, *z):
        return (*from_wgs84(*to_wgs84(x, y, source), target), *z)

    return shapely.transform(geom, apply, include_z=None, interleaved=False)


def metres_between(lon1, lat1, lon2, lat2):
    """Distance in metres between WGS84 points, measured in EPSG:4548 like every project distance.

    Grid distance: the Gauss-Krueger scale error ~64 km from CM 117E is ~5e-5 (5 cm per km),
    negligible at sub-district scale and consistent with areas and buffers computed in 4548.
    """
    x1, y1 = from_wgs84(lon1, lat1, CGCS2000_GK_CM117)
    x2, y2 = from_wgs84(lon2, lat2, CGCS2000_GK_CM117)
    distance = np.hypot(np.subtract(x2, x1), np.subtract(y2, y1))
    return float(distance) if np.ndim(distance) == 0 else distance
