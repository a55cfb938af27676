"""WKB columns for the Arrow export path: hex decoding and reprojection, vectorised per batch.

PostgreSQL's CSV carries geometry as hex WKB (`encode(ST_AsBinary(...), 'hex')`); decoding it is
one table look-up over the whole batch's bytes. Reprojection goes through layers.crs: points
(a million complaints) are rewritten in place as coordinate arrays, other shapes through
shapely.transform, which hands crs the coordinate arrays of the whole batch at once.
"""

import numpy as np
import pyarrow as pa
import shapely

from layers import crs

POINT_WKB_BYTES = 21  # byte order (1), type (4), x and y (8 + 8)
_POINT_HEADER = np.array([1, 1, 0, 0, 0], dtype=np.uint8)  # little-endian, wkbPoint
_NIBBLE = np.zeros(256, dtype=np.uint8)
_NIBBLE[np.frombuffer(b"0123456789abcdef", dtype=np.uint8)] = np.arange(16, dtype=np.uint8)


def _buffers(column: pa.Array) -> tuple[pa.Buffer | None, np.ndarray, np.ndarray]:
    """(validity, offsets, bytes) of a string/binary array with no slice offset."""
    if column.offset:
        column = pa.concat_arrays([column])
    validity, offsets, data = column.buffers()
    ends = np.frombuffer(offsets, dtype=np.int32, count=len(column) + 1)
    raw = np.frombuffer(data, dtype=np.uint8)[: ends[-1]] if data is not None else np.empty(0, dtype=np.uint8)
    return (validity if column.null_count else None), ends, raw


def from_hex(column: pa.Array) -> pa.Array:
    """A binary array from an array of lower-case hex strings (nulls stay null)."""
    validity, ends, digits = _buffers(column)
    nibbles = _NIBBLE[digits]
    raw = (nibbles[0::2] << 4) | nibbles[1::2]
    offsets = (ends // 2).astype(np.int32)
    buffers = [validity, pa.py_buffer(offsets), pa.py_buffer(raw)]
    return pa.Array.from_buffers(pa.binary(), len(column), buffers, null_count=column.null_count)


def _points_in_place(column: pa.Array, target) -> pa.Array | None:
    """Reproject a column of little-endian 2D points without leaving numpy; None if it is not one."""
    validity, ends, raw = _buffers(column)
    lengths = np.diff(ends)
    present = lengths > 0
    if not np.all(lengths[present] == POINT_WKB_BYTES):
        return None
    records = raw.reshape(-1, POINT_WKB_BYTES)
    if not np.array_equal(records[:, :5], np.broadcast_to(_POINT_HEADER, (len(records), 5))):
        return None
    xy = records[:, 5:].copy().view("<f8")
    x, y = crs.from_wgs84(xy[:, 0], xy[:, 1], target)
    out = records.copy()
    out[:, 5:] = np.column_stack([x, y]).astype("<f8").view(np.uint8)
    buffers = [validity, pa.py_buffer(ends.copy()), pa.py_buffer(out)]
    return pa.Array.from_buffers(pa.binary(), len(column), buffers, null_count=column.null_count)


def reproject(column: pa.Array, geometry_type: str, target) -> pa.Array:
    """WKB in storage CRS (EPSG:4326) to WKB in target (an EPSG code or crs.GCJ02)."""
    if target == crs.WGS84:
        return column
    if geometry_type == "Point":
        points = _points_in_place(column, target)
        if points is not None:
            return points
    shapes = shapely.from_wkb(column.to_numpy(zero_copy_only=False))
    return pa.array(shapely.to_wkb(crs.transform_geometry(shapes, crs.WGS84, target)), type=pa.binary())
