"""layers.crs: reference values from DOMAIN.md, round trips to centimetres, axis order, parsing."""

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon

from layers import crs

ANCHOR = (116.2533, 39.8595)

# A 7 x 4 grid across Wulidian (116.24-116.30 E, 39.85-39.88 N).
GRID_LON, GRID_LAT = (a.ravel() for a in np.meshgrid(np.linspace(116.24, 116.30, 7), np.linspace(39.85, 39.88, 4)))


def test_reference_wgs84_to_gcj02():
    lon, lat = crs.wgs84_to_gcj02(116.404, 39.915)
    assert lon == pytest.approx(116.41024449916938, abs=1e-9)
    assert lat == pytest.approx(39.91640428150164, abs=1e-9)


def test_reference_gcj02_to_bd09():
    lon, lat = crs.gcj02_to_bd09(116.404, 39.915)
    assert lon == pytest.approx(116.41036949371029, abs=1e-9)
    assert lat == pytest.approx(39.92133699351021, abs=1e-9)


def test_scalar_input_gives_python_floats():
    for func in (crs.wgs84_to_gcj02, crs.gcj02_to_wgs84, crs.bd09_to_wgs84, crs.wgs84_to_bd09):
        lon, lat = func(*ANCHOR)
        assert type(lon) is float and type(lat) is float
    assert type(crs.metres_between(*ANCHOR, *ANCHOR)) is float


@pytest.mark.parametrize(
    ("to_wgs84", "from_wgs84"),
    [(crs.gcj02_to_wgs84, crs.wgs84_to_gcj02), (crs.bd09_to_wgs84, crs.wgs84_to_bd09)],
    ids=["gcj02", "bd09"],
)
def test_round_trip_within_a_centimetre_across_wulidian(to_wgs84, from_wgs84):
    back_lon, back_lat = from_wgs84(*to_wgs84(GRID_LON, GRID_LAT))
    errors = crs.metres_between(GRID_LON, GRID_LAT, back_lon, back_lat)
    assert errors.shape == GRID_LON.shape
    assert errors.max() < 0.01


def test_inverse_beats_the_one_step_reference():
    """The reference gcj02->wgs84 errs by up to ~2 m; the iterated inverse must not."""
    gcj_lon, gcj_lat = crs.wgs84_to_gcj02(GRID_LON, GRID_LAT)
    lon, lat = crs.gcj02_to_wgs84(gcj_lon, gcj_lat)
    assert np.abs(lon - GRID_LON).max() < 1e-9
    assert np.abs(lat - GRID_LAT).max() < 1e-9


def test_gcj_offset_in_beijing_is_plausible():
    offsets = crs.metres_between(GRID_LON, GRID_LAT, *crs.wgs84_to_gcj02(GRID_LON, GRID_LAT))
    assert 400 < offsets.min() <= offsets.max() < 700


def test_vectorised_matches_scalar():
    for func in (crs.wgs84_to_gcj02, crs.gcj02_to_wgs84, crs.gcj02_to_bd09, crs.bd09_to_gcj02):
        lons, lats = func(GRID_LON, GRID_LAT)
        for i in (0, 9, len(GRID_LON) - 1):
            # Iteration stops on the worst point of the batch, so allow last-bit differences.
            assert (lons[i], lats[i]) == pytest.approx(func(float(GRID_LON[i]), float(GRID_LAT[i])), abs=1e-12)
    xs, ys = crs.from_wgs84(GRID_LON, GRID_LAT, 4548)
    assert (xs[5], ys[5]) == pytest.approx(crs.from_wgs84(GRID_LON[5], GRID_LAT[5], 4548), abs=1e-6)


@pytest.mark.parametrize("point", [(2.35, 48.86), (-74.0, 40.7), (151.2, -33.9)])
def test_out_of_china_unchanged(point):
    assert not crs.in_rough_china(*point)
    for func in (crs.wgs84_to_gcj02, crs.gcj02_to_wgs84, crs.wgs84_to_bd09, crs.bd09_to_wgs84):
        assert func(*point) == point


def test_in_rough_china_is_vectorised():
    assert crs.in_rough_china(*ANCHOR)
    inside = crs.in_rough_china(np.array([116.25, 2.35]), np.array([39.86, 48.86]))
    assert inside.tolist() == [True, False]


def test_4548_anchor_is_easting_first_and_round_trips():
    x, y = crs.from_wgs84(*ANCHOR, 4548)
    _, _, to_central_meridian = Geod(ellps="GRS80").inv(*ANCHOR, 117.0, ANCHOR[1])
    assert x == pytest.approx(500_000 - to_central_meridian, abs=5)  # ~436 km: false easting minus ~64 km
    assert 4_400_000 < y < 4_420_000
    lon, lat = crs.to_wgs84(x, y, "EPSG:4548")
    assert lon == pytest.approx(ANCHOR[0], abs=1e-9)
    assert lat == pytest.approx(ANCHOR[1], abs=1e-9)


def test_4527_is_4548_with_the_zone_prefix():
    x48, y48 = crs.from_wgs84(*ANCHOR, 4548)
    x27, y27 = crs.from_wgs84(*ANCHOR, 4527)
    assert x27 - x48 == pytest.approx(39_000_000, abs=1e-3)
    assert y27 == pytest.approx(y48, abs=1e-3)
    assert crs.to_wgs84(x27, y27, 4527) == pytest.approx(ANCHOR, abs=1e-9)


def test_cgcs2000_geographic_equals_wgs84():
    assert crs.to_wgs84(*ANCHOR, "cgcs2000") == ANCHOR
    assert crs.from_wgs84(*ANCHOR, 4490) == ANCHOR


def test_web_mercator_round_trip():
    x, y = crs.from_wgs84(*ANCHOR, 3857)
    assert x == pytest.approx(116.2533 * 20037508.342789244 / 180, abs=1e-3)
    assert crs.to_wgs84(x, y, "3857") == pytest.approx(ANCHOR, abs=1e-9)


def test_metres_between_known_distance():
    """0.01 degree of latitude is ~1110 m; 4548 grid scale near 116.25E adds only ~5e-5."""
    assert crs.metres_between(116.25, 39.86, 116.25, 39.87) == pytest.approx(1110.4, abs=1.0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("wgs84", 4326),
        ("WGS-84", 4326),
        ("cgcs2000", 4490),
        ("gcj02", "gcj02"),
        ("GCJ-02", "gcj02"),
        ("bd09", "bd09"),
        ("4326", 4326),
        ("4490", 4490),
        ("4548", 4548),
        ("4527", 4527),
        ("3857", 3857),
        (4548, 4548),
        (np.int64(4527), 4527),
        ("EPSG:4548", 4548),
        (" epsg:3857 ", 3857),
    ],
)
def test_parse_crs_accepts_project_names(value, expected):
    assert crs.parse_crs(value) == expected


@pytest.mark.parametrize("value", ["4547", 4547, "beijing local", "", None, True, 4326.0, "EPSG:9999"])
def test_parse_crs_refuses_the_rest_and_lists_what_it_accepts(value):
    with pytest.raises(ValueError, match="accepted:.*gcj02") as excinfo:
        crs.parse_crs(value)
    assert "4548" in str(excinfo.value)


def test_transform_geometry_from_gcj02():
    gcj = crs.wgs84_to_gcj02(*ANCHOR)
    point = crs.transform_geometry(Point(gcj), "gcj02")
    assert (point.x, point.y) == pytest.approx(ANCHOR, abs=1e-9)


def test_transform_geometry_4548_polygon_keeps_shape_and_z():
    x, y = crs.from_wgs84(*ANCHOR, 4548)
    square = Polygon([(x, y, 5), (x + 100, y, 5), (x + 100, y + 100, 5), (x, y + 100, 5)])
    wgs = crs.transform_geometry(square, 4548)
    assert wgs.has_z and shapely.get_coordinates(wgs, include_z=True)[:, 2].tolist() == [5.0] * 5
    assert wgs.exterior.coords[0][:2] == pytest.approx(ANCHOR, abs=1e-9)
    assert crs.transform_geometry(wgs, 4326, 4548).area == pytest.approx(10_000, rel=1e-9)


def test_transform_geometry_bd09_to_gcj02_and_arrays():
    line = LineString([(116.25, 39.86), (116.26, 39.87)])
    bd = crs.transform_geometry(line, "wgs84", "bd09")
    gcj = crs.transform_geometry(bd, "bd09", "gcj02")
    expected = crs.wgs84_to_gcj02(np.array([116.25, 116.26]), np.array([39.86, 39.87]))
    assert shapely.get_coordinates(gcj) == pytest.approx(np.column_stack(expected), abs=1e-9)
    assert crs.transform_geometry(line, "bd09", "BD-09") is line
    many = crs.transform_geometry(np.array([line, bd]), "wgs84", "bd09")
    assert shapely.get_coordinates(many[0]) == pytest.approx(shapely.get_coordinates(bd), abs=1e-12)
