"""Moments that people and programs send: in Beijing time and within the years the service handles.

Any offset passes RFC 3339 and Python (up to ±24 h), but PostgreSQL refuses one beyond ±15:59, so
a query with 2026-01-05T10:00+22:21 failed inside the database (a 500). And before 1901 Asia/Shanghai
kept local mean time, +08:05:43, an offset RFC 3339 cannot write: a case "received" in the year 721
came back as 0721-…+08:05:43, which no client reads as a time. So every moment taken in is converted
to Beijing time and must lie in [FIRST, END); the callers name the field and turn the ValueError into
their own error (400, the spec's error document, a review item).
"""

from datetime import date, datetime, time

from django.utils import timezone

FIRST_DAY, LAST_DAY = date(1901, 1, 1), date(2100, 12, 31)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


FIRST, END = _local_midnight(FIRST_DAY), _local_midnight(date(2101, 1, 1))
EXPECTED = f"须在 {FIRST_DAY} 至 {LAST_DAY} 之间 (expected a time from {FIRST_DAY} to {LAST_DAY})"


def local_moment(value: datetime) -> datetime:
    """value in Beijing time (a naive value is Beijing wall-clock time); ValueError outside [FIRST, END)."""
    try:
        local = timezone.localtime(value) if timezone.is_aware(value) else timezone.make_aware(value)
    except OverflowError:
        local = None
    if local is None or not FIRST <= local < END:
        raise ValueError(f"{EXPECTED}, got {value.isoformat()}")
    return local


def in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY
