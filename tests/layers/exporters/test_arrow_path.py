"""The Arrow export path's edge cases: empty selections, NULLs, awkward text, block boundaries,
points reprojected in place, and files that GDAL 3.6 (Debian 12, QGIS-era) reads without a warning."""

import json
import subprocess
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyogrio
import pytest
import shapely

from layers import crs
from layers.exporters import ComplaintFilters, LayerQuery, export_layer, fetch, file_name, get_format, get_layer, wkb
from layers.exporters.fields import FORBIDDEN
from layers.exporters.geojson import single_feature
from layers.models import Complaint, HousingProject
from tests.geometry import ANCHOR_XY
from tests.layers.exporters import world
from tests.layers.exporters.readback import gdal_path, ogrinfo_features, ogrinfo_summary, read

export_world = world.export_world
FILE_FORMATS = ["gpkg", "shp", "geojson", "fgb"]  # the formats that carry a schema and a CRS
AWKWARD = '第一行，含逗号, "引号" 与反斜杠 \\N\n第二行\r\n第三行 😀'


def _export(tmp_path, layer, fmt, srid="4326", query=None):
    path = tmp_path / file_name(get_layer(layer), get_format(fmt), srid)
    return export_layer(layer, fmt, srid, path, query)


def _names(layer, fmt):
    return [x.shp if fmt == "shp" else x.name for x in get_layer(layer).fields]


@pytest.mark.parametrize("fmt", FILE_FORMATS)
@pytest.mark.parametrize("srid", ["4326", "4548"])
def test_empty_selection_is_a_layer_with_the_full_schema_and_crs(export_world, tmp_path, fmt, srid):
    query = LayerQuery(complaints=ComplaintFilters.parse({"since": "2030-01-01"}))
    result = _export(tmp_path, "complaints", fmt, srid, query)
    assert result.count == 0
    assert ogrinfo_summary(result.path) == (0, int(srid))
    info = pyogrio.read_info(gdal_path(result.path), force_feature_count=True)
    assert info["features"] == 0
    if fmt == "geojson":  # GeoJSON declares no schema: its fields and geometry type are those of its features
        return
    assert info["geometry_type"] == "Point"
    assert list(info["fields"]) == _names("complaints", fmt)
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["id"] == "int64" and types["ticket_no"] == "object"
    if fmt == "gpkg":  # Shapefile, FlatGeobuf and GeoJSON have no boolean field type to keep
        assert types["out_of_area"] == "bool"


def test_null_attributes_stay_null_and_empty_text_stays_empty(export_world, tmp_path):
    first = Complaint.objects.filter(location__isnull=False).order_by("id").first()
    Complaint.objects.filter(pk=first.pk).update(ticket_no=None, satisfaction="", address=AWKWARD)
    frame = read(_export(tmp_path, "complaints", "gpkg").path).set_index("id")
    row = frame.loc[first.id]
    assert row["ticket_no"] is None and row["satisfaction"] == ""
    assert row["community_name"] == "西社区" and row["grid_cell_code"] is None
    assert row["address"] == AWKWARD  # line breaks, quotes, commas and a 4-byte character intact
    estates = read(_export(tmp_path, "housing-projects", "gpkg").path).set_index("code")
    assert estates.loc["E01", "build_year"] == 1988 and np.isnan(estates.loc["E02", "build_year"])
    assert pd.isna(estates.loc["E02", "owner_units"]) and not estates.loc["E02", "is_old_estate"]


@pytest.mark.parametrize("fmt", ["geojson", "fgb", "csv", "kml", "shp"])
def test_awkward_chinese_text_survives_every_format(export_world, tmp_path, fmt):
    first = Complaint.objects.filter(location__isnull=False).order_by("id").first()
    Complaint.objects.filter(pk=first.pk).update(address=AWKWARD)
    frame = read(_export(tmp_path, "complaints", fmt).path)
    column = "address" if fmt != "shp" else next(x.shp for x in get_layer("complaints").fields if x.name == "address")
    texts = set(frame[column].dropna())
    # Text formats may normalise the CR of a CRLF away; nothing else may change.
    assert AWKWARD in texts or AWKWARD.replace("\r\n", "\n") in texts


def test_rows_split_over_many_blocks_keep_their_order_and_text(export_world, tmp_path, monkeypatch):
    Complaint.objects.filter(location__isnull=False).update(description=AWKWARD)
    monkeypatch.setattr(fetch, "BLOCK_BYTES", 64)  # every row its own CSV block and Arrow batch
    batches = list(fetch.read_batches(get_layer("complaints"), None, crs.WGS84))
    assert [b.num_rows for b in batches] == [1] * 5
    ids = [b.column(0)[0].as_py() for b in batches]
    assert ids == sorted(Complaint.objects.filter(location__isnull=False).values_list("id", flat=True))
    description = [x.name for x in get_layer("complaints").fields].index("description")
    assert {b.column(description)[0].as_py() for b in batches} == {AWKWARD}
    result = _export(tmp_path, "complaints", "gpkg")
    assert result.count == 5 and sorted(read(result.path)["id"]) == ids


@pytest.mark.parametrize("fmt", ["gpkg", "fgb", "shp"])
def test_complaint_points_in_4548_land_within_a_centimetre(export_world, tmp_path, fmt):
    frame = read(_export(tmp_path, "complaints", fmt, "4548").path).sort_values("id")
    x0, y0 = ANCHOR_XY
    expected = [(x0 + east, y0 + north) for east, north, *_ in world.COMPLAINTS]
    got = shapely.get_coordinates(frame.geometry.values)
    assert np.allclose(got, expected, atol=0.01, rtol=0)


def test_gpkg_reads_in_gdal_3_6_without_warnings_and_with_its_values(export_world, tmp_path):
    assert "GDAL 3.6" in subprocess.run(["ogrinfo", "--version"], capture_output=True, text=True).stdout
    for layer in ("complaints", "housing-projects"):
        path = _export(tmp_path, layer, "gpkg", "4548").path
        out = ogrinfo_features(path)
        assert out.stderr == "", out.stderr  # no "partially supported" GeoPackage version, no bad blobs
        assert "Geometry Column = geom" in out.stdout
    assert "name (String) = 丰西路45号院" in out.stdout
    assert "is_old_estate (Integer(Boolean)) = 1" in out.stdout
    assert "MULTIPOLYGON" in out.stdout and 'ID["EPSG",4548]]' in out.stdout
    complaints = ogrinfo_features(tmp_path / "complaints_4548.gpkg").stdout
    assert complaints.count("OGRFeature(complaints)") == 5 and "category_name (String) = 噪音扰民" in complaints
    assert world.PLANTED_NAME not in complaints and world.PLANTED_PHONE not in complaints
    assert not any(f"{name} (" in complaints for name in FORBIDDEN)


def test_hex_wkb_decodes_with_nulls():
    points = [shapely.Point(116.25, 39.86), None, shapely.Point(116.26, 39.87)]
    hexes = pa.array([shapely.to_wkb(p, hex=True).lower() if p else None for p in points])
    decoded = wkb.from_hex(hexes)
    assert decoded.null_count == 1 and decoded[1].as_py() is None
    assert shapely.equals(shapely.from_wkb(decoded[2].as_py()), points[2])


@pytest.mark.parametrize("target", [crs.CGCS2000_GK_CM117, crs.GCJ02, crs.CGCS2000])
def test_points_reprojected_in_place_match_crs_and_keep_nulls(target):
    lon = np.array([116.2533, 116.2600, 116.2673])
    lat = np.array([39.8595, 39.8640, 39.8685])
    shapes = [shapely.Point(lon[0], lat[0]), None, shapely.Point(lon[2], lat[2])]
    column = pa.array([shapely.to_wkb(s) if s else None for s in shapes], type=pa.binary())
    out = wkb.reproject(column, "Point", target)
    assert out.null_count == 1 and out[1].as_py() is None
    x, y = crs.from_wgs84(lon[[0, 2]], lat[[0, 2]], target)
    got = shapely.get_coordinates(shapely.from_wkb([out[0].as_py(), out[2].as_py()]))
    assert np.array_equal(got, np.column_stack([x, y]))
    # The generic (shapely.transform) path gives the very same numbers.
    generic = wkb.reproject(column, "MultiPoint", target)
    assert generic.null_count == 1 and generic[0].as_py() == out[0].as_py()


def test_polygons_take_the_shapely_path_to_gcj02(export_world, tmp_path):
    estate = HousingProject.objects.get(code="E02")
    frame = read(_export(tmp_path, "housing-projects", "fgb", "gcj02").path).set_index("code")
    lon, lat = shapely.get_coordinates(shapely.from_wkb(bytes(estate.geom.wkb)))[0]
    expected = crs.wgs84_to_gcj02(lon, lat)
    assert shapely.get_coordinates(frame.loc["E02", "geometry"])[0] == pytest.approx(expected, abs=1e-9)


def test_local_times_match_the_sql_text_of_the_feeds(export_world, tmp_path):
    """Files build the local time text in Arrow, the GeoJSON/OGC feeds in SQL: the same text."""
    first = Complaint.objects.filter(location__isnull=False).order_by("id").first()
    late = datetime(2026, 1, 31, 23, 59, 59, 987654, tzinfo=world.BEIJING)  # fraction dropped, not rounded
    Complaint.objects.filter(pk=first.pk).update(received_at=late, closed_at=datetime(2026, 2, 1, tzinfo=UTC))
    frame = read(_export(tmp_path, "complaints", "gpkg").path).set_index("id")
    feed = json.loads(single_feature(get_layer("complaints"), str(first.id)))["properties"]
    assert frame.loc[first.id, "received_at"] == feed["received_at"] == "2026-01-31T23:59:59+08:00"
    assert frame.loc[first.id, "closed_at"] == feed["closed_at"] == "2026-02-01T08:00:00+08:00"
    assert frame.loc[first.id, "resolved_at"] is None and feed["resolved_at"] is None
