"""One grid cell or estate under the filter: its newest cases (as the cases API shows them, personal
data masked per role) and its weekly counts for the trend sparkline."""

from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone
from rest_framework.exceptions import NotFound

from layers.analytics.levels import level
from layers.api.cases.serializers import complaint_data, related_prefetches
from layers.api.dashboard.selection import filtered, grid_cells_for

UNIT_LEVELS = ("grid-cells", "housing-projects")
CASES_SHOWN = 20
# The trend covers the filter's window, and at least this many weeks so a short window still shows a shape.
MIN_WEEKS, MAX_WEEKS = 12, 104


def _monday(moment):
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def weekly(queryset, start, end) -> list[dict]:
    """Counts per ISO week (Monday, local time) from start's week to end's, zeros included."""
    # TruncWeek truncates in the current time zone (Beijing) and returns an aware datetime.
    rows = queryset.annotate(week=TruncWeek("received_at")).values("week").annotate(n=Count("id")).order_by()
    counts = {timezone.localtime(row["week"]).date(): row["n"] for row in rows}
    first, last = _monday(start), _monday(end - timedelta(microseconds=1))
    weeks = []
    day = first
    while day <= last:
        weeks.append({"week": day.isoformat(), "count": counts.get(day, 0)})
        day += timedelta(days=7)
    return weeks


def unit_detail(user, q: dict, level_key: str, code: str) -> dict:
    """Newest cases and weekly trend of the unit `code`; 404 for a unit the user may not see."""
    lv = level(level_key)
    units = grid_cells_for(user) if level_key == "grid-cells" else lv.model.objects.all()
    unit = units.filter(code=code).first()
    if unit is None:
        raise NotFound(f"{lv.label} {code} 不存在或无权查看 / not found or not yours")
    cases = filtered(user, q).filter(**{lv.fk: unit})
    span_weeks = min(max(MIN_WEEKS, -(-(q["end"] - q["start"]).days // 7)), MAX_WEEKS)
    trend_start = min(q["start"], q["end"] - timedelta(weeks=span_weeks))
    trend = filtered(user, q, window=(trend_start, q["end"])).filter(**{lv.fk: unit})
    newest = cases.prefetch_related(*related_prefetches()).order_by("-received_at", "-id")
    return {
        "level": level_key,
        "code": unit.code,
        "name": getattr(unit, "name", "") or unit.code,
        "total": cases.count(),
        "cases": [complaint_data(c, user, photos=False) for c in newest[:CASES_SHOWN]],
        "weekly": weekly(trend, trend_start, q["end"]),
    }
