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


def totals(start: datetime, end: datetime, category: str | None = None) -> dict:
    """Total in the window, in the previous window and a year before, with % change; one query."""
    span = end - start
    windows = {"count": (start, end), "previous": (start - span, start), "last_year": (start - YEAR, end - YEAR)}
    row = Complaint.objects.filter(out_of_area=False, **({"category__code": category} if category else {})).aggregate(
        **{key: Count("id", filter=Q(received_at__gte=a, received_at__lt=b)) for key, (a, b) in windows.items()}
    )
    row["change_pct"] = _change(row["count"], row["previous"])
    row["yoy_pct"] = _change(row["count"], row["last_year"])
    return row


def counts_by(dimension: str, start: datetime, end: datetime, category: str | None = None) -> list[dict]:
    """Counts per value of a dimension (grid_cell, housing_project, community, category, channel,
    sishi_type, status) in the window, with the previous window and last year; largest first."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {', '.join(DIMENSIONS)}, not {dimension!r}")
    span = end - start
    key = DIMENSIONS[dimension]
    base = Complaint.objects.filter(out_of_area=False, **({"category__code": category} if category else {}))
    base = base.filter(
        Q(received_at__gte=start - span, received_at__lt=end)
        | Q(received_at__gte=start - YEAR, received_at__lt=end - YEAR)
    )
    rows = (
        base.exclude(**{f"{key}__isnull": True})
        .values(key)
        .annotate(
            count=Count("id", filter=Q(received_at__gte=start, received_at__lt=end)),
            previous=Count("id", filter=Q(received_at__gte=start - span, received_at__lt=start)),
            last_year=Count("id", filter=Q(received_at__gte=start - YEAR, received_at__lt=end - YEAR)),
        )
        .order_by("-count", key)
    )
    return [
        {
            "key": r[key],
            "count": r["count"],
            "previous": r["previous"],
            "last_year": r["last_year"],
            "change_pct": _change(r["count"], r["previous"]),
            "yoy_pct": _change(r["count"], r["last_year"]),
        }
        for r in rows
    ]


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
