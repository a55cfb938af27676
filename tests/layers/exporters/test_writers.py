"""Every format, every layer, written and read back by GDAL: counts, CRS, attributes, geometry."""

import zipfile

import numpy as np
import pytest
import shapely

from layers import crs
from layers.exporters import FORMATS, LAYERS, export_layer, file_name, get_format, get_layer
from layers.exporters.fields import FORBIDDEN
from layers.models import Complaint
from tests.geometry import ANCHOR_XY, lonlat
from tests.layers.exporters import world
from tests.layers.exporters.readback import all_bytes, ogrinfo_summary, read
from tests.layers.exporters.world import PLANTED_NAME, PLANTED_PHONE

export_world = world.export_world

EXPECTED_COUNTS = {
    "subdistrict": 1,
    "communities": 2,
    "housing-projects": 2,
    "buildings": 1,
    "military-zones": 1,
    "grid-cells": 4,
    "complaints": 5,
}
KEY = {layer: get_layer(layer).id_field for layer in LAYERS}


def _export(tmp_path, layer, fmt, srid="4326", **kwargs):
    path = tmp_path / file_name(get_layer(layer), get_format(fmt), srid)
    result = export_layer(layer, fmt, srid, path, **kwargs)
    assert result.path == path and path.exists()
    return result


def _column(frame, layer, fmt, name):
    """A field by its long name; Shapefiles use the ≤ 10-byte name, KML moves `name` to `Name`."""
    field = next(x for x in get_layer(layer).fields if x.name == name)
    if fmt == "shp":
        return frame[field.shp]
    if fmt == "kml" and name == "name":
        return frame["Name"]
    return frame[name]


def _rows(frame, layer, fmt, names):
    keys = _column(frame, layer, fmt, KEY[layer]).astype(str)
    columns = [_column(frame, layer, fmt, n) for n in names]
    # GeoJSON readers parse ISO text into date-times; str() then prints a space for the "T".
    return {key: tuple(str(c.iloc[i]).replace(" ", "T") for c in columns) for i, key in enumerate(keys)}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("layer", list(LAYERS))
def test_every_layer_in_every_format_reads_back(export_world, tmp_path, layer, fmt):
    result = _export(tmp_path, layer, fmt)
    count, epsg = ogrinfo_summary(result.path)
    assert result.count == count == EXPECTED_COUNTS[layer]
    # CSV has no place for a CRS; the others carry EPSG:4326.
    assert epsg == (None if fmt == "csv" else 4326)
    frame = read(result.path)
    assert len(frame) == count
    assert sorted(_column(frame, layer, fmt, KEY[layer]).astype(str)) == sorted(
        str(v) for v in get_layer(layer).model_ids()
    )


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_chinese_attributes_survive(export_world, tmp_path, fmt):
    estates = read(_export(tmp_path, "housing-projects", fmt).path)
    names = ["name", "owner_units", "housing_types", "ownership_label", "aliases"]
    rows = _rows(estates, "housing-projects", fmt, names)
    assert rows["E01"] == ("丰西路45号院", "中国铁路北京局", "回迁房;商品房", "多产权", "45号院;丰西45")
    flags = _rows(estates, "housing-projects", fmt, ["is_old_estate", "build_year"])
    assert flags["E01"][0] in ("True", "1") and flags["E02"][0] in ("False", "0")
    assert float(flags["E01"][1]) == 1988
    complaints = read(_export(tmp_path, "complaints", fmt).path)
    rows = _rows(complaints, "complaints", fmt, ["category_name", "status_label", "received_at", "community_name"])
    first = Complaint.objects.filter(location__isnull=False).order_by("id").first()
    assert rows[str(first.id)] == ("房屋漏雨", "接诉", "2026-01-05T09:30:00+08:00", "西社区")


@pytest.mark.parametrize("fmt", ["gpkg", "shp", "geojson", "csv", "fgb"])
def test_4548_lands_within_a_centimetre(export_world, tmp_path, fmt):
    frame = read(_export(tmp_path, "housing-projects", fmt, "4548").path)
    geometry = frame.geometry if fmt != "csv" else shapely.from_wkt(frame["WKT"])
    estate = geometry[_column(frame, "housing-projects", fmt, "code").astype(str) == "E01"].iloc[0]
    x0, y0 = ANCHOR_XY
    assert np.allclose(shapely.bounds(estate), [x0 + 10, y0 + 10, x0 + 200, y0 + 200], atol=0.01, rtol=0)
    assert ogrinfo_summary(tmp_path / file_name(get_layer("housing-projects"), get_format(fmt), "4548"))[1] == (
        None if fmt == "csv" else 4548
    )


def test_4490_is_labelled_and_gcj02_is_shifted(export_world, tmp_path):
    assert ogrinfo_summary(_export(tmp_path, "grid-cells", "gpkg", "4490").path)[1] == 4490
    frame = read(_export(tmp_path, "complaints", "gpkg", "gcj02").path)
    first = frame.sort_values("id").geometry.iloc[0]
    lon, lat = lonlat(100, 100)
    expected = crs.wgs84_to_gcj02(lon, lat)
    assert first.x == pytest.approx(expected[0], abs=1e-9) and first.y == pytest.approx(expected[1], abs=1e-9)
    assert crs.metres_between(lon, lat, first.x, first.y) > 300  # the GCJ-02 offset really was applied


def test_kml_refuses_projected_output_and_writes_nothing(export_world, tmp_path):
    with pytest.raises(ValueError, match="KML"):
        export_layer("communities", "kml", "4548", tmp_path / "x.kml")
    assert list(tmp_path.iterdir()) == []


def test_shapefile_zip_has_prj_cpg_and_short_names(export_world, tmp_path):
    Complaint.objects.filter(received_at__day=10).update(description="漏" * 200)
    path = _export(tmp_path, "complaints", "shp", "4548").path
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        assert names == [f"complaints.{ext}" for ext in ("cpg", "dbf", "prj", "shp", "shx")]
        assert archive.read("complaints.cpg").decode().strip() == "UTF-8"
        assert "CGCS2000" in archive.read("complaints.prj").decode()
    frame = read(path)
    fields = get_layer("complaints").fields
    assert [c for c in frame.columns if c != "geometry"] == [x.shp for x in fields]
    assert all(len(x.shp.encode()) <= 10 for layer in LAYERS.values() for x in layer.fields)
    # 200 characters of 3 bytes: cut to 254 bytes on a character boundary, 84 characters.
    assert "漏" * 84 in set(frame["descr"])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_no_complainant_name_or_phone_in_any_export(export_world, tmp_path, fmt):
    for srid in ("4326", "4490", "gcj02"):
        data = all_bytes(_export(tmp_path, "complaints", fmt, srid).path)
        assert PLANTED_NAME.encode() not in data and PLANTED_PHONE.encode() not in data
    assert not set(FORBIDDEN) & {x.name for x in get_layer("complaints").fields}
    # The planted text really was there to find: the description kept its substance.
    assert "屋顶漏雨".encode() in data


def test_empty_selection_still_writes_a_readable_layer(export_world, tmp_path):
    from layers.exporters import ComplaintFilters, LayerQuery

    query = LayerQuery(complaints=ComplaintFilters.parse({"since": "2030-01-01"}))
    for fmt in FORMATS:
        result = _export(tmp_path, "complaints", fmt, query=query)
        assert result.count == 0 and ogrinfo_summary(result.path)[0] == 0
