"""Database side of the heatmap and emerging hotspots: points and weekly counts in one query each."""

from datetime import datetime, timedelta

import numpy as np
from django.conf import settings
from django.db import connection

from layers import crs
from layers.analytics.aggregation import unit_counts
from layers.analytics.density import kernel_density
from layers.analytics.emerging import EMERGING_LABELS, emerging_classes
from layers.analytics.hotspot_map import unit_weights
from layers.analytics.levels import level

_POINTS = """
SELECT ST_X(p), ST_Y(p) FROM (
    SELECT ST_Transform(location, {srid}) AS p FROM layers_complaint
    WHERE received_at >= %s AND received_at < %s AND NOT out_of_area AND location IS NOT NULL {category}
) t
"""
_EXTENT = """
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
FROM (SELECT ST_Extent(ST_Transform(geom, {srid})) AS e FROM layers_community) t
"""
_CATEGORY = "AND category_id = (SELECT id FROM layers_category WHERE code = %s)"


def density_cells(start: datetime, end: datetime, category: str | None = None, bandwidth=200.0, cell=None) -> dict:
    """Kernel density of complaint points over the communities' extent: the non-zero cells as
    [lon, lat, cases per km²] (cell centres in WGS84), ready for a heatmap layer."""
    srid = settings.METRIC_SRID
    with connection.cursor() as cursor:
        cursor.execute(_EXTENT.format(srid=srid))
        extent = cursor.fetchone()
        cursor.execute(
            _POINTS.format(srid=srid, category=_CATEGORY if category else ""),
            [start, end, *([category] if category else [])],
        )
        xy = np.array(cursor.fetchall(), dtype=float).reshape(-1, 2)
    if extent[0] is None:
        return {"bandwidth_m": bandwidth, "cell_m": cell, "points": 0, "cells": []}
    surface = kernel_density(xy[:, 0], xy[:, 1], extent, bandwidth=bandwidth, cell=cell)
    rows, cols = np.nonzero(surface.density)
    x = surface.x0 + (cols + 0.5) * surface.cell
    y = surface.y0 + (rows + 0.5) * surface.cell
    lon, lat = crs.to_wgs84(x, y, srid)
    values = surface.density[rows, cols]
    cells = [
        [round(float(a), 6), round(float(b), 6), round(float(v), 2)] for a, b, v in zip(lon, lat, values, strict=True)
    ]
    return {"bandwidth_m": bandwidth, "cell_m": surface.cell, "points": len(xy), "cells": cells}


_WEEKLY = """
SELECT {fk}, floor(extract(epoch FROM (received_at - %s)) / 604800)::int AS week, count(*)
FROM layers_complaint
WHERE received_at >= %s AND received_at < %s AND NOT out_of_area AND {fk} IS NOT NULL {category}
GROUP BY 1, 2
"""


def emerging(
    level_key: str, end: datetime, weeks: int = 12, category: str | None = None, weights="queen", distance=None
):
    """Emerging-hotspot class per unit over the `weeks` weeks before `end`."""
    if not 2 <= weeks <= 104:
        raise ValueError(f"weeks must be between 2 and 104, not {weeks}")
    lv = level(level_key)
    start = end - timedelta(weeks=weeks)
    units = unit_counts(level_key, start, end, category)
    ids = [u["id"] for u in units]
    position = {unit_id: i for i, unit_id in enumerate(ids)}
    counts = np.zeros((len(ids), weeks))
    with connection.cursor() as cursor:
        sql = _WEEKLY.format(fk=lv.fk_column, category=_CATEGORY if category else "")
        cursor.execute(sql, [start, start, end, *([category] if category else [])])
        for unit_id, week, n in cursor.fetchall():
            counts[position[unit_id], week] = n
    classes = emerging_classes(counts, unit_weights(level_key, ids, weights, distance)) if ids else []
    return [
        {
            "code": u["code"],
            "name": u["name"],
            "weekly": counts[i].astype(int).tolist(),
            "class": str(classes[i]),
            "class_label": EMERGING_LABELS[str(classes[i])],
        }
        for i, u in enumerate(units)
    ]
