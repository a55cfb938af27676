"""File writers: GeoPackage, Shapefile (zipped), GeoJSON, KML, CSV with WKT and FlatGeobuf.

All go through GDAL (pyogrio) with the layer's fields in registry order. Files are written into a
temporary directory beside the target and moved into place at the end, so a failed export never
leaves a half-written file under the requested name.
"""

import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyogrio
from pyogrio.raw import write

from layers import crs
from layers.exporters import fields as f
from layers.exporters.fetch import Chunk, epsg_label, output_crs, read_chunks
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


FORMATS = {
    fmt.key: fmt
    for fmt in (
        Format("gpkg", "GPKG", ".gpkg", "application/geopackage+sqlite3"),
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


def _shp_text(column: np.ndarray) -> np.ndarray:
    """Cut text to 254 bytes on a character boundary (GDAL would cut mid-character and warn)."""
    out = column.copy()
    for i, value in enumerate(column):
        if isinstance(value, str) and len(value) > SHP_TEXT_BYTES // 4 and len(value.encode()) > SHP_TEXT_BYTES:
            out[i] = value.encode()[:SHP_TEXT_BYTES].decode(errors="ignore")
    return out


def _write_chunk(path: Path, layer: ExportLayer, fmt: Format, chunk: Chunk, target):
    shapefile = fmt.key == "shp"
    names = [x.shp if shapefile else x.name for x in layer.fields]
    columns = chunk.columns
    if shapefile:
        text = (f.STR, f.DATETIME)
        columns = [_shp_text(c) if x.kind in text else c for x, c in zip(layer.fields, columns, strict=True)]
    if fmt.key == "kml":
        # LIBKML writes numpy booleans as 0 whatever their value; 0/1 integers survive.
        columns = [c.astype(np.int64) if x.kind == f.BOOL else c for x, c in zip(layer.fields, columns, strict=True)]
    write(
        str(path),
        chunk.geometry,
        columns,
        names,
        field_mask=chunk.masks,
        layer=layer.table_name,
        driver=fmt.driver,
        geometry_type=layer.geometry_type,
        crs=f"EPSG:{crs.WGS84 if fmt.wgs84_only else epsg_label(target)}",
        layer_options=dict(fmt.layer_options),
    )


def _concat(chunks: list[Chunk], layer: ExportLayer) -> Chunk:
    if not chunks:
        empty = [np.array([], dtype=object) for _ in layer.fields]
        return Chunk(empty, [None] * len(layer.fields), np.array([], dtype=object))
    masks = []
    for i in range(len(layer.fields)):
        parts = [c.masks[i] if c.masks[i] is not None else np.zeros(len(c), bool) for c in chunks]
        merged = np.concatenate(parts)
        masks.append(merged if merged.any() else None)
    columns = [np.concatenate([c.columns[i] for c in chunks]) for i in range(len(layer.fields))]
    return Chunk(columns, masks, np.concatenate([c.geometry for c in chunks]))


def _write_all(path: Path, layer: ExportLayer, fmt: Format, query: LayerQuery | None, target) -> int:
    # One write call for the whole layer: GDAL then builds GeoPackage's R-tree once at the end,
    # where appending chunk by chunk would update it through triggers row by row.
    merged = _concat(list(read_chunks(layer, query, target)), layer)
    _write_chunk(path, layer, fmt, merged, target)
    return len(merged)


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
