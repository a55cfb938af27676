"""GET requests: parameters → a queryset, with the spec's defaults (90 days, 1,000 requests).

FILTERS is the parameter → lookup table; each parser raises Open311Error naming the parameter
and what was expected, so a bad query gets a 400 the client can act on.
"""

import uuid
from datetime import datetime, time, timedelta

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from layers.models import Category, Community, Complaint, HousingProject
from layers.moments import local_moment

from .mapping import OPEN311_STATUSES

DEFAULT_DAYS = 90
MAX_DAYS = 90
MAX_REQUESTS = 1000


class Open311Error(Exception):
    """A request the spec answers with an error document: HTTP status and one description per problem."""

    def __init__(self, status: int, *descriptions: str, retry_after: int | None = None):
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = descriptions
        self.retry_after = retry_after  # Not in GeoReport v2: a 429 (too many requests) says when to retry


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_ids(value: str, name: str = "service_request_id") -> list[int]:
    items = _items(value)
    if not all(item.isascii() and item.isdigit() for item in items):
        raise Open311Error(400, f"{name}: 应为逗号分隔的数字 (expected comma-separated numbers), got {value!r}")
    return [int(item) for item in items]


def parse_codes(value: str) -> list[str]:
    codes = _items(value)
    known = set(Category.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise Open311Error(400, f"service_code: 未知的服务代码 (unknown service_code) {', '.join(unknown)}")
    return codes


def parse_status(value: str) -> list[str]:
    states = _items(value)
    bad = [state for state in states if state not in OPEN311_STATUSES]
    if bad:
        raise Open311Error(400, f"status: 应为 open 或 closed (expected open or closed), got {', '.join(bad)}")
    return [ours for state in states for ours in OPEN311_STATUSES[state]]


def parse_w3c(value: str, name: str) -> datetime:
    """A w3c datetime (zone required by the spec; a zoneless one is read as Beijing time) or a date."""
    parsed = None
    try:
        parsed = parse_datetime(value)
        if parsed is None and (day := parse_date(value)) is not None:
            parsed = datetime.combine(day, time.min)
    except ValueError:
        parsed = None
    if parsed is None:
        expected = "应为 W3C 日期时间 (expected a w3c datetime, e.g. 2010-01-01T00:00:00Z)"
        raise Open311Error(400, f"{name}: {expected}, got {value!r}")
    try:
        return local_moment(parsed)
    except ValueError as exc:
        raise Open311Error(400, f"{name}: {exc}") from None


def parse_token(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


# parameter → (queryset lookup, parser). Dates are handled by date_window (defaults, 90-day span).
FILTERS = {
    "service_code": ("category__code__in", parse_codes),
    "status": ("status__in", parse_status),
}


def date_window(params) -> tuple[datetime, datetime]:
    start = parse_w3c(params["start_date"], "start_date") if params.get("start_date") else None
    end = parse_w3c(params["end_date"], "end_date") if params.get("end_date") else None
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - timedelta(days=DEFAULT_DAYS)
    if end is None:
        end = start + timedelta(days=DEFAULT_DAYS)
    if end < start:
        raise Open311Error(400, "end_date 早于 start_date (end_date is before start_date)")
    if end - start > timedelta(days=MAX_DAYS):
        raise Open311Error(400, f"start_date..end_date 最多 {MAX_DAYS} 天 (may span at most {MAX_DAYS} days)")
    return start, end


def requests_queryset(params):
    """Complaints for GET requests. service_request_id overrides every other argument (the spec)."""
    # prefetch, not select_related: planning a many-table join costs more than the simple queries.
    queryset = Complaint.objects.prefetch_related(
        "category__department",
        "assigned_department",
        Prefetch("community", queryset=Community.objects.defer("geom")),
        Prefetch("housing_project", queryset=HousingProject.objects.defer("geom")),
    ).order_by("-received_at", "-id")
    if params.get("service_request_id"):
        return queryset.filter(id__in=parse_ids(params["service_request_id"]))[:MAX_REQUESTS]
    start, end = date_window(params)
    queryset = queryset.filter(received_at__gte=start, received_at__lte=end)
    for name, (lookup, parse) in FILTERS.items():
        if params.get(name):
            queryset = queryset.filter(**{lookup: parse(params[name])})
    return queryset[:MAX_REQUESTS]
