"""File writers: GeoPackage, Shapefile (zipped), GeoJSON, KML, CSV with WKT and FlatGeobuf.

All go through GDAL's Arrow interface (pyogrio.write_arrow): the record batches read from PostGIS
(layers.exporters.fetch) stream into the driver column by column, never as Python objects, with
the layer's fields in registry order. Files are written into a temporary directory beside the
target and moved into place at the end, so a failed export never leaves a half-written file
under the requested name.
"""

import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyogrio
from pyogrio.raw import write_arrow

from layers import crs
from layers.exporters import fields as f
from layers.exporters.fetch import GEOMETRY, arrow_schema, epsg_label, output_crs, read_batches
from layers.exporters.filters import LayerQuery
from layers.exporters.registry import ExportLayer, get_layer

# LIBKML turns a field called "id" into the Placemark's XML id ("complaints.1" on reading back);
# pointing it at a name no layer has keeps the complaint id an ordinary attribute.
pyogrio.set_gdal_config_options({"LIBKML_ID_FIELD": "kml_placemark_id"})
SHP_TEXT_BYTES = 254  # dBase character fields hold at most 254 bytes (84 Chinese characters in UTF-8)


@dataclass(frozen=True)
class Format:
    key: str
    driver: str
    extension: str  # of the file handed over (.zip for Shapefile)
    media_type: str
    layer_options: tuple[tuple[str, str], ...] = ()
    wgs84_only: bool = False
    dataset_options: tuple[tuple[str, str], ...] = ()


FORMATS = {
    fmt.key: fmt
    for fmt in (
        # GeoPackage 1.3, not GDAL 3.12's default 1.4: the GDAL 3.6 of Debian 12 and the QGIS builds
        # on it warn that a 1.4 file "may only be partially supported"; we use nothing 1.4 adds.
        Format("gpkg", "GPKG", ".gpkg", "application/geopackage+sqlite3", dataset_options=(("VERSION", "1.3"),)),
        Format("shp", "ESRI Shapefile", ".zip", "application/zip", (("ENCODING", "UTF-8"),)),
        Format("geojson", "GeoJSON", ".geojson", "application/geo+json", (("RFC7946", "NO"),)),
        # KML coordinates are always longitude/latitude on WGS 84 (OGC KML 2.2, section 6.2).
        Format("kml", "LIBKML", ".kml", "application/vnd.google-earth.kml+xml", (), True),
        # The BOM lets Excel open the Chinese text as UTF-8 (without it Excel assumes GBK).
        Format("csv", "CSV", ".csv", "text/csv; charset=utf-8", (("GEOMETRY", "AS_WKT"), ("WRITE_BOM", "YES"))),
        Format("fgb", "FlatGeobuf", ".fgb", "application/vnd.flatgeobuf"),
    )
}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    count: int
    layer: str
    format: str
    srid: str


def get_format(key: str) -> Format:
    try:
        return FORMATS[key.lower()]
    except KeyError:
        raise ValueError(f"Unknown format {key!r}; expected one of: {', '.join(FORMATS)}") from None


def file_name(layer: ExportLayer, fmt: Format, srid: str) -> str:
    return f"{layer.table_name}_{srid}{fmt.extension}"


def _shp_text(column: pa.Array) -> pa.Array:
    """Cut text to 254 bytes on a character boundary (GDAL would cut mid-character and warn).

    Only the rare over-long values are touched in Python; the rest of the column stays in Arrow.
    """
    too_long = pc.fill_null(pc.greater(pc.binary_length(column), SHP_TEXT_BYTES), False)
    if not pc.any(too_long).as_py():
        return column
    rows = np.flatnonzero(too_long.to_numpy(zero_copy_only=False))
    cut = [column[int(i)].as_py().encode()[:SHP_TEXT_BYTES].decode(errors="ignore") for i in rows]
    return pc.replace_with_mask(column, too_long, pa.array(cut, type=column.type))


def _adapt(layer: ExportLayer, fmt: Format, batch: pa.RecordBatch) -> pa.RecordBatch:
    """The batch as the driver wants it: short names and 254-byte text for dBase, 0/1 for KML."""
    columns, names = list(batch.columns), list(batch.schema.names)
    for i, field in enumerate(layer.fields):
        if fmt.key == "shp":
            names[i] = field.shp
            if field.kind in (f.STR, f.DATETIME):
                columns[i] = _shp_text(columns[i])
        elif fmt.key == "kml" and field.kind == f.BOOL:
            # LIBKML writes booleans as 0 whatever their value; 0/1 integers survive.
            columns[i] = columns[i].cast(pa.int64())
    return pa.RecordBatch.from_arrays(columns, names=names)


def _stream(layer: ExportLayer, fmt: Format, query: LayerQuery | None, target, counted: list) -> pa.RecordBatchReader:
    """A reader over the adapted batches; counted[0] holds the rows handed to GDAL so far."""
    schema = _adapt(layer, fmt, pa.RecordBatch.from_pylist([], schema=arrow_schema(layer))).schema

    def batches() -> Iterator[pa.RecordBatch]:
        for batch in read_batches(layer, query, target):
            counted[0] += batch.num_rows
            yield _adapt(layer, fmt, batch)

    return pa.RecordBatchReader.from_batches(schema, batches())


def _write_all(path: Path, layer: ExportLayer, fmt: Format, query: LayerQuery | None, target) -> int:
    # One write call for the whole layer: GDAL then builds GeoPackage's R-tree once at the end,
    # where appending batch by batch would update it through triggers row by row.
    counted = [0]
    write_arrow(
        _stream(layer, fmt, query, target, counted),
        str(path),
        layer=layer.table_name,
        driver=fmt.driver,
        geometry_name=GEOMETRY,
        geometry_type=layer.geometry_type,
        crs=f"EPSG:{crs.WGS84 if fmt.wgs84_only else epsg_label(target)}",
        layer_options=dict(fmt.layer_options),
        dataset_options=dict(fmt.dataset_options),
    )
    return counted[0]


def _zip_shapefile(folder: Path, stem: str, out: Path):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.glob(f"{stem}.*")):
            archive.write(part, part.name)


def export_layer(layer_name: str, fmt_key: str, srid, out_path, query: LayerQuery | None = None) -> ExportResult:
    """Write one layer (complaints filtered by query) as fmt in srid to out_path; return the count.

    Raises ValueError for an unknown layer, format or srid, or KML asked in projected 4548;
    nothing is written then.
    """
    layer, fmt, target = get_layer(layer_name), get_format(fmt_key), output_crs(srid)
    if fmt.wgs84_only and target == crs.CGCS2000_GK_CM117:
        raise ValueError("format kml: KML coordinates are always longitude/latitude; use srid 4326, 4490 or gcj02")
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_path.parent, prefix=".export-") as tmp:
        folder = Path(tmp)
        extension = ".shp" if fmt.key == "shp" else fmt.extension
        written = folder / f"{layer.table_name}{extension}"
        count = _write_all(written, layer, fmt, query, target)
        if fmt.key == "shp":
            archive = folder / "archive.zip"
            _zip_shapefile(folder, layer.table_name, archive)
            written = archive
        os.replace(written, out_path)
    return ExportResult(out_path, count, layer.name, fmt.key, str(srid))
