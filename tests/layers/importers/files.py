"""Write small real layer files (with real GDAL) for import tests.

Geometry is given in metres east/north of the anchor (tests/geometry.py) and written in the
CRS the test asks for, so a test says "a 4548 shapefile" and gets exactly that.
"""

from pathlib import Path

import geopandas as gpd
import shapely
from pyproj import Transformer

from tests.geometry import ANCHOR_XY


def metric_rect(x0, y0, x1, y1):
    """Rectangle in EPSG:4548 metres, offsets from the anchor."""
    ax, ay = ANCHOR_XY
    return shapely.box(ax + x0, ay + y0, ax + x1, ay + y1)


def write_layer(path: Path, records: list[dict], geoms_4548: list, srid: int | None = 4548, **kwargs) -> Path:
    """Write records + 4548 geometries to path (format by suffix), reprojected to srid."""
    frame = gpd.GeoDataFrame(records, geometry=list(geoms_4548), crs=4548)
    if srid not in (None, 4548):
        frame = frame.to_crs(srid)
    if srid is None:
        frame = frame.set_crs(None, allow_override=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_file(path, engine="pyogrio", **kwargs)
    return path


def to_4326(geom_4548):
    t = Transformer.from_crs(4548, 4326, always_xy=True)
    return shapely.transform(geom_4548, lambda xy: __import__("numpy").column_stack(t.transform(xy[:, 0], xy[:, 1])))
