"""Reading a layer out of PostGIS in column chunks, with its geometry in the CRS asked for.

Rows come through a server-side cursor in chunks so a million complaints never sit in memory as
Python tuples at once; geometry travels as WKB and is converted with layers.crs (the only place
that knows coordinate systems), vectorised over the whole chunk.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import shapely
from django.db import connection, transaction

from layers import crs
from layers.exporters import fields as f
from layers.exporters.filters import LayerQuery
from layers.exporters.registry import ExportLayer

CHUNK_ROWS = 100_000
# What agencies may ask for. GCJ-02 has no EPSG code: files carry the WGS 84 label (it is
# obfuscated WGS 84, which is how AMap-based platforms load it) and the file name says gcj02.
OUTPUT_CRS = {"4326": crs.WGS84, "4490": crs.CGCS2000, "4548": crs.CGCS2000_GK_CM117, "gcj02": crs.GCJ02}
_NUMPY = {f.INT: np.int64, f.FLOAT: np.float64, f.BOOL: np.bool_}


def output_crs(value) -> str | int:
    """The output CRS for srid=value (4326, 4490, 4548, gcj02); ValueError otherwise."""
    key = str(value).strip().lower().replace("-", "").replace("epsg:", "")
    if key not in OUTPUT_CRS:
        raise ValueError(f"srid: {value!r} is not one of {', '.join(OUTPUT_CRS)}")
    return OUTPUT_CRS[key]


def epsg_label(target) -> int:
    """The EPSG code written into files for target (GCJ-02 is labelled WGS 84, see OUTPUT_CRS)."""
    return crs.WGS84 if target == crs.GCJ02 else target


@dataclass
class Chunk:
    columns: list[np.ndarray]  # one array per layer field, in field order
    masks: list[np.ndarray | None]  # True where the value is NULL (numeric and bool fields only)
    geometry: np.ndarray  # WKB (object array of bytes) in the target CRS

    def __len__(self):
        return len(self.geometry)


def _column(kind: str, values: tuple) -> tuple[np.ndarray, np.ndarray | None]:
    if kind not in _NUMPY:
        return np.array(values, dtype=object), None
    mask = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
    if not mask.any():
        return np.array(values, dtype=_NUMPY[kind]), None
    filled = [0 if v is None else v for v in values]
    return np.array(filled, dtype=_NUMPY[kind]), mask


def _to_chunk(layer: ExportLayer, rows: list[tuple], target) -> Chunk:
    by_column = list(zip(*rows, strict=True))
    columns, masks = [], []
    for field, values in zip(layer.fields, by_column[:-1], strict=True):
        column, mask = _column(field.kind, values)
        columns.append(column)
        masks.append(mask)
    wkb = np.array([bytes(g) for g in by_column[-1]], dtype=object)
    if target != crs.WGS84:
        wkb = shapely.to_wkb(crs.transform_geometry(shapely.from_wkb(wkb), crs.WGS84, target))
    return Chunk(columns, masks, wkb)


def read_chunks(layer: ExportLayer, query: LayerQuery | None, target, chunk_rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
    """Yield the layer's rows as Chunks of at most chunk_rows, geometry converted to target."""
    sql, params = layer.select_sql(query)
    # Inside a transaction the server-side cursor needs no WITH HOLD, which would make PostgreSQL
    # materialise the whole result at the first commit before the first row is fetched.
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_rows):
            yield _to_chunk(layer, rows, target)
