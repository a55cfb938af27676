"""Reading a layer out of PostGIS as Arrow record batches, with its geometry in the CRS asked for.

PostgreSQL writes the layer's SELECT as CSV through `COPY ... TO STDOUT` and pyarrow's C++ CSV
parser turns each ~16 MB block into typed columns: no Python object per value, which is what
made a million complaints cost minutes through cursor rows. Geometry travels as hex WKB and is
decoded and reprojected vectorised per batch (layers.exporters.wkb, through layers.crs, the only
place that knows coordinate systems). Memory stays at one block whatever the layer's size.
"""

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from django.conf import settings
from django.db import connection

from layers import crs
from layers.exporters import fields as f
from layers.exporters import wkb
from layers.exporters.filters import LayerQuery
from layers.exporters.registry import ExportLayer

BLOCK_BYTES = 16 << 20  # CSV handed to the parser at once: big enough for its threads, small in memory
PARSE_BYTES = 1 << 20  # the parser's own unit of work, one per thread
GEOMETRY = "geometry"  # the WKB column of every batch
# What agencies may ask for. GCJ-02 has no EPSG code: files carry the WGS 84 label (it is
# obfuscated WGS 84, which is how AMap-based platforms load it) and the file name says gcj02.
OUTPUT_CRS = {"4326": crs.WGS84, "4490": crs.CGCS2000, "4548": crs.CGCS2000_GK_CM117, "gcj02": crs.GCJ02}
ARROW_TYPES = {
    f.STR: pa.string(),
    f.INT: pa.int64(),
    f.FLOAT: pa.float64(),
    f.BOOL: pa.bool_(),
    f.DATETIME: pa.string(),
}


def output_crs(value) -> str | int:
    """The output CRS for srid=value (4326, 4490, 4548, gcj02); ValueError otherwise."""
    key = str(value).strip().lower().replace("-", "").replace("epsg:", "")
    if key not in OUTPUT_CRS:
        raise ValueError(f"srid: {value!r} is not one of {', '.join(OUTPUT_CRS)}")
    return OUTPUT_CRS[key]


def epsg_label(target) -> int:
    """The EPSG code written into files for target (GCJ-02 is labelled WGS 84, see OUTPUT_CRS)."""
    return crs.WGS84 if target == crs.GCJ02 else target


def arrow_schema(layer: ExportLayer) -> pa.Schema:
    """The batches' schema: the layer's fields in registry order, then the WKB geometry."""
    columns = [pa.field(x.name, ARROW_TYPES[x.kind]) for x in layer.fields]
    return pa.schema([*columns, pa.field(GEOMETRY, pa.binary())])


def _csv_options(layer: ExportLayer) -> tuple[pa_csv.ParseOptions, pa_csv.ConvertOptions]:
    types = {x.name: ARROW_TYPES[x.kind] for x in layer.fields} | {GEOMETRY: pa.string()}
    return (
        # Descriptions may hold line breaks; PostgreSQL quotes them and the parser must honour that.
        pa_csv.ParseOptions(newlines_in_values=True),
        # COPY writes NULL unquoted and the empty string as "": only the former becomes null.
        pa_csv.ConvertOptions(
            column_types=types,
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
            true_values=["t"],
            false_values=["f"],
        ),
    )


def _column_sql(field: f.Field) -> str:
    if field.timestamp:
        # Local wall-clock time, e.g. 2026-01-05 09:30:00.25; local_times() makes it fields.local_time's text.
        return f"({field.timestamp} AT TIME ZONE '{settings.TIME_ZONE}')"
    return field.sql


def local_times(column: pa.Array) -> pa.Array:
    """'2026-01-05 09:30:00.25' -> '2026-01-05T09:30:00+08:00', as fields.local_time writes it in SQL
    (seconds truncated; +08:00 fixed, see there). Nulls stay null."""
    seconds = pc.replace_substring(pc.utf8_slice_codeunits(column, 0, 19), " ", "T", max_replacements=1)
    return pc.binary_join_element_wise(seconds, "+08:00", "")


def copy_sql(layer: ExportLayer, query: LayerQuery | None) -> tuple[str, list]:
    """COPY of the layer's fields (in order) plus hex WKB in storage CRS, with its params."""
    where, params = layer.where_sql(query)
    columns = ", ".join(f'{_column_sql(x)} AS "{x.name}"' for x in layer.fields)
    select = f"SELECT {columns}, encode(ST_AsBinary({layer.geom}), 'hex') FROM {layer.from_sql} WHERE {where}"
    page = (query or LayerQuery()).page_sql()
    return f"COPY ({select} ORDER BY {layer.id_sql}{page}) TO STDOUT (FORMAT csv)", params


def _blocks(sql: str, params: list) -> Iterator[tuple[bytes, int]]:
    """The COPY output in blocks of whole rows, each with its longest row's length in bytes.

    Each COPY message is one row, line breaks and all, so a block never ends inside a row.
    """
    # COPY takes no server-side parameters; Django's default client-side binding (psycopg's
    # ClientCursor) quotes the filter values into the statement, as it does for every query.
    with connection.cursor() as cursor, cursor.cursor.copy(sql, params or None) as copy:
        rows, size, longest = [], 0, 0
        for row in copy:
            rows.append(row)
            length = len(row)
            size += length
            if length > longest:
                longest = length
            if size >= BLOCK_BYTES:
                yield b"".join(rows), longest
                rows, size, longest = [], 0, 0
        if rows:
            yield b"".join(rows), longest


def _batch(layer: ExportLayer, block: bytes, longest: int, options, schema: pa.Schema, target) -> pa.RecordBatch:
    # A row may straddle one boundary of the parser's units but not two: no unit may be shorter than a row.
    read = pa_csv.ReadOptions(column_names=schema.names, block_size=max(PARSE_BYTES, 2 * longest))
    table = pa_csv.read_csv(pa.py_buffer(block), read, *options)
    *columns, hexes = [column.combine_chunks() for column in table.columns]
    columns = [local_times(c) if x.timestamp else c for x, c in zip(layer.fields, columns, strict=True)]
    geometry = wkb.reproject(wkb.from_hex(hexes), layer.geometry_type, target)
    return pa.RecordBatch.from_arrays([*columns, geometry], schema=schema)


def read_batches(layer: ExportLayer, query: LayerQuery | None, target) -> Iterator[pa.RecordBatch]:
    """Yield the layer's rows (id order) as Arrow record batches, geometry as WKB in target."""
    sql, params = copy_sql(layer, query)
    schema, options = arrow_schema(layer), _csv_options(layer)
    # One COPY statement: every block comes from the same snapshot even if complaints arrive meanwhile.
    for block, longest in _blocks(sql, params):
        yield _batch(layer, block, longest, options, schema, target)
