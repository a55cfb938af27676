"""Geometry for printed patrol maps: each worker's cells as SVG path data, in one query."""

from collections.abc import Collection

from django.conf import settings
from django.db import connection

# EPSG:4548 metres (true to scale); ST_AsSVG negates y, as SVG's y axis points down.
_CELL_PATHS = """
SELECT u.username, ST_AsSVG(ST_Transform(g.geom, {srid}), 0, 1)
FROM layers_gridcell g JOIN auth_user u ON u.id = g.grid_worker_id
WHERE u.username = ANY(%s)
ORDER BY u.username, g.code
"""


def worker_cell_paths(usernames: Collection[str]) -> dict[str, list[str]]:
    """SVG path data (absolute, 0.1 m) of every cell of each named worker."""
    with connection.cursor() as cursor:
        cursor.execute(_CELL_PATHS.format(srid=settings.METRIC_SRID), [list(usernames)])
        paths: dict[str, list[str]] = {}
        for username, path in cursor.fetchall():
            paths.setdefault(username, []).append(path)
    return paths
