"""Complaint counts over a time window: one set-based query per breakdown.

Windows are half-open [start, end) on received_at (接诉时间). Change is reported against the
window shifted back by its own length (week-over-week for a week) and by 364 days (year-over-year:
52 weeks, so an ISO week is compared with the same weekdays a year before, not a Monday with a
Sunday). Rates are per 1,000 households (户) of the unit, for units that record households.
"""

from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, Q

from layers.analytics.levels import DIMENSIONS, level
from layers.models import Complaint

YEAR = timedelta(days=364)


def complaints_in(start: datetime, end: datetime, category: str | None = None):
    """In-area complaints received in [start, end), optionally of one category code."""
    qs = Complaint.objects.filter(received_at__gte=start, received_at__lt=end, out_of_area=False)
    return qs.filter(category__code=category) if category else qs


def _change(current: int, previous: int) -> float | None:
    return None if previous == 0 else round((current - previous) / previous * 100.0, 1)


def totals(start: datetime, end: datetime, category: str | None = None, shift: timedelta | None = None) -> dict:
    """Total in the window, in the previous window and a year before, with % change; one query.
    The previous window is the window moved back by `shift` (default: its own length); a week still
    running passes shift=7 days, so Monday to Wednesday noon is compared with the same hours a week before."""
    shift = shift or end - start
    windows = {
        "count": (start, end),
        "previous": (start - shift, end - shift),
        "last_year": (start - YEAR, end - YEAR),
    }
    row = Complaint.objects.filter(out_of_area=False, **({"category__code": category} if category else {})).aggregate(
        **{key: Count("id", filter=Q(received_at__gte=a, received_at__lt=b)) for key, (a, b) in windows.items()}
    )
    row["change_pct"] = _change(row["count"], row["previous"])
    row["yoy_pct"] = _change(row["count"], row["last_year"])
    return row


# Dimension -> (SQL expression of its key, the join it needs); keys as in levels.DIMENSIONS.
_DIMENSION_SQL = {
    "grid_cell": ("g.code", "LEFT JOIN layers_gridcell g ON g.id = c.grid_cell_id"),
    "housing_project": ("h.code", "LEFT JOIN layers_housingproject h ON h.id = c.housing_project_id"),
    "community": ("m.code", "LEFT JOIN layers_community m ON m.id = c.community_id"),
    "category": ("k.code", "LEFT JOIN layers_category k ON k.id = c.category_id"),
    "channel": ("c.channel", ""),
    "sishi_type": ("c.sishi_type", ""),
    "status": ("c.status", ""),
}
# One scan for several breakdowns: GROUPING SETS groups the same rows once per dimension, and
# GROUPING() tells the sets apart. In the set of one dimension the others' keys are NULL, so the
# COALESCE of all keys is that dimension's key.
_COUNTS_SQL = """
SELECT GROUPING({keys}) AS grouping_set, COALESCE({text_keys}) AS key,
       count(*) FILTER (WHERE c.received_at >= %(start)s AND c.received_at < %(end)s) AS count,
       count(*) FILTER (WHERE c.received_at >= %(previous)s AND c.received_at < %(previous_end)s) AS previous,
       count(*) FILTER (WHERE c.received_at >= %(year_start)s AND c.received_at < %(year_end)s) AS last_year
FROM layers_complaint c {joins}
WHERE NOT c.out_of_area {category}
  AND ((c.received_at >= %(previous)s AND c.received_at < %(end)s)
       OR (c.received_at >= %(year_start)s AND c.received_at < %(year_end)s))
GROUP BY GROUPING SETS ({sets})
HAVING COALESCE({text_keys}) IS NOT NULL
ORDER BY grouping_set, count DESC, key
"""


def counts_by(dimension: str, start: datetime, end: datetime, category: str | None = None) -> list[dict]:
    """Counts per value of a dimension (grid_cell, housing_project, community, category, channel,
    sishi_type, status) in the window, with the previous window and last year; largest first."""
    return counts_by_many([dimension], start, end, category)[dimension]


def counts_by_many(
    dimensions, start: datetime, end: datetime, category: str | None = None, shift: timedelta | None = None
) -> dict[str, list]:
    """counts_by for several dimensions in one query: {dimension: rows as counts_by returns them};
    `shift` moves the previous window back as in totals()."""
    dimensions = list(dict.fromkeys(dimensions))
    for dimension in dimensions:
        if dimension not in DIMENSIONS:
            raise ValueError(f"dimension must be one of {', '.join(DIMENSIONS)}, not {dimension!r}")
    keys = [_DIMENSION_SQL[d][0] for d in dimensions]
    sql = _COUNTS_SQL.format(
        keys=", ".join(keys),
        text_keys=", ".join(f"{k}::text" for k in keys),
        joins=" ".join(_DIMENSION_SQL[d][1] for d in dimensions),
        sets=", ".join(f"({k})" for k in keys),
        category="AND c.category_id = (SELECT id FROM layers_category WHERE code = %(category)s)" if category else "",
    )
    shift = shift or end - start
    params = {
        "start": start,
        "end": end,
        "previous": start - shift,
        "previous_end": end - shift,
        "year_start": start - YEAR,
        "year_end": end - YEAR,
        "category": category,
    }
    # GROUPING(k1, ..., kn) sets the bit of every key not grouped on: all bits but the dimension's own.
    every = (1 << len(keys)) - 1
    by_set = {every ^ (1 << (len(keys) - 1 - i)): d for i, d in enumerate(dimensions)}
    result = {d: [] for d in dimensions}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for grouping_set, key, count, previous, last_year in cursor.fetchall():
            result[by_set[grouping_set]].append(
                {
                    "key": key,
                    "count": count,
                    "previous": previous,
                    "last_year": last_year,
                    "change_pct": _change(count, previous),
                    "yoy_pct": _change(count, last_year),
                }
            )
    return result


_UNIT_SQL = """
SELECT u.id, u.code, {name} AS name, {households} AS households, COALESCE(c.n, 0) AS count{geometry}
FROM {table} u
LEFT JOIN (
    SELECT {fk} AS unit_id, count(*) AS n
    FROM layers_complaint
    WHERE received_at >= %s AND received_at < %s AND NOT out_of_area {category}
    GROUP BY {fk}
) c ON c.unit_id = u.id
ORDER BY u.code
"""


def unit_counts(level_key: str, start: datetime, end: datetime, category: str | None = None, geometry=False):
    """Every unit of a level (zeros included: Gi* needs them) with its count and rate per 1,000
    households, ordered by code. geometry=True adds GeoJSON (WGS84, 6 decimals) built in SQL."""
    lv = level(level_key)
    sql = _UNIT_SQL.format(
        # Grid cells have no name: their 15-digit code is what staff call them.
        name="u.code" if lv.key == "grid-cells" else "u.name",
        households="u.households" if lv.has_households else "NULL::integer",
        geometry=", ST_AsGeoJSON(u.geom, 6) AS geojson" if geometry else "",
        table=lv.table,
        fk=lv.fk_column,
        category="AND category_id = (SELECT id FROM layers_category WHERE code = %s)" if category else "",
    )
    params = [start, end] + ([category] if category else [])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c.name for c in cursor.description]
        rows = [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
    for r in rows:
        r["per_1000_households"] = round(r["count"] * 1000.0 / r["households"], 2) if r.get("households") else None
    return rows
