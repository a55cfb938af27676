"""Reads of the leaders' dashboard that are fetched as plain rows, not model instances.

A district's window is tens of thousands of complaints and ~24,000 (community, grid cell) groups:
Django's row iteration costs more than the queries themselves, so these run the queryset's own SQL
on a cursor and hand back tuples or a numpy array. The caller (layers/api/dashboard/) builds the
queryset: the reader's scope and the filter (selection.filtered).
"""

import numpy as np
from django.db import connection
from django.db.models import Count, FloatField, Func, Q, QuerySet

from layers.models.complaint import overdue_q, unfinished_q

_EXTENT = """
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
FROM (SELECT ST_Extent(ST_Transform(geom, %s)) AS e FROM layers_community) t
"""


class _Coordinate(Func):
    output_field = FloatField()


def _rows(queryset: QuerySet) -> list[tuple]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def window_counts_query(both: QuerySet, start, now) -> QuerySet:
    """Per (community id, grid cell id): count (received from start), previous (before start), open
    (unfinished) and overdue (as of now) among `both`, the complaints of the window and of the window
    before it. Counted over received_at (never NULL), not id: every column this reads is then in the
    index complaint_received_window, and the grouped counts are an index-only scan (layers/models/
    complaint.py). Django refuses Count("*") with a filter."""
    current = Q(received_at__gte=start)
    return (
        both.values_list("community_id", "grid_cell_id")
        .annotate(
            count=Count("received_at", filter=current),
            previous=Count("received_at", filter=Q(received_at__lt=start)),
            open=Count("received_at", filter=current & unfinished_q()),
            overdue=Count("received_at", filter=current & overdue_q(now)),
        )
        .order_by()
    )


def window_count_rows(query: QuerySet) -> list[tuple]:
    """window_counts_query's rows as tuples (community, cell, count, previous, open, overdue)."""
    return _rows(query)


def communities_extent(srid: int) -> tuple[float, float, float, float] | None:
    """xmin, ymin, xmax, ymax of every community in `srid`; None when there are none."""
    with connection.cursor() as cursor:
        cursor.execute(_EXTENT, [srid])
        extent = cursor.fetchone()
    return None if extent[0] is None else extent


def lonlat(queryset: QuerySet) -> np.ndarray:
    """The located complaints of `queryset` as an (n, 2) array of WGS84 longitude, latitude."""
    rows = (
        queryset.filter(location__isnull=False)
        .order_by()
        .annotate(x=_Coordinate("location", function="ST_X"), y=_Coordinate("location", function="ST_Y"))
        .values_list("x", "y")
    )
    return np.array(_rows(rows), dtype=float).reshape(-1, 2)
