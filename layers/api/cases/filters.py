"""Query parameters of /api/complaints/ → queryset filters, each with its own clear error.

FILTERS is the parameter → parser table; every parser returns a Q, so `?status=received,dispatched&
overdue=true&community=110106021001` is one WHERE clause. Comma-separated values mean "any of".
"""

from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.exceptions import ValidationError

from layers.models import Complaint, SishiType
from layers.models.complaint import overdue_q
from layers.moments import local_moment


def _values(param: str, raw: str, choices=None) -> list[str]:
    values = [value.strip() for value in raw.split(",") if value.strip()]
    if choices is not None:
        bad = [value for value in values if value not in choices.values]
        if bad:
            expected = ", ".join(choices.values)
            message = f"未知取值 (unknown value) {', '.join(bad)}; 可选 (expected one of) {expected}"
            raise ValidationError({param: message})
    return values


def _boolean(param: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise ValidationError({param: f"应为 true 或 false (expected true or false), got {raw!r}"})


def _moment(param: str, raw: str, end_of_day: bool) -> datetime:
    value = None
    try:
        value = parse_datetime(raw)
        if value is None and (day := parse_date(raw)) is not None:
            # A bare date means the whole day: from its first moment, or through its last.
            value = datetime.combine(day, time.max if end_of_day else time.min)
    except ValueError:
        value = None
    if value is None:
        raise ValidationError({param: f"应为日期或 ISO 8601 时间 (expected a date or ISO 8601 datetime), got {raw!r}"})
    try:
        return local_moment(value)
    except ValueError as exc:
        raise ValidationError({param: str(exc)}) from None


def _overdue(param: str, raw: str) -> Q:
    late = overdue_q(timezone.now())
    return late if _boolean(param, raw) else ~late


FILTERS = {
    "status": lambda p, raw: Q(status__in=_values(p, raw, Complaint.Status)),
    "category": lambda p, raw: Q(category__code__in=_values(p, raw)),
    "channel": lambda p, raw: Q(channel__in=_values(p, raw, Complaint.Channel)),
    "sishi_type": lambda p, raw: Q(sishi_type__in=_values(p, raw, SishiType)),
    "community": lambda p, raw: Q(community__code__in=_values(p, raw)),
    "grid_cell": lambda p, raw: Q(grid_cell__code__in=_values(p, raw)),
    "received_after": lambda p, raw: Q(received_at__gte=_moment(p, raw, end_of_day=False)),
    "received_before": lambda p, raw: Q(received_at__lte=_moment(p, raw, end_of_day=True)),
    "overdue": _overdue,
    "needs_review": lambda p, raw: Q(needs_review=_boolean(p, raw)),
    "out_of_area": lambda p, raw: Q(out_of_area=_boolean(p, raw)),
}
FILTER_HELP = {
    "status": "状态 (status), e.g. received,dispatched",
    "category": "分类编码 (category code)",
    "channel": "来源渠道 (channel)",
    "sishi_type": "四事四办类型 (urgent, difficult, worrying, hoped)",
    "community": "社区编码 (community code)",
    "grid_cell": "网格编码 (grid cell code)",
    "received_after": "接诉时间起 (received from), date or ISO 8601",
    "received_before": "接诉时间止 (received until), date or ISO 8601",
    "overdue": "超期 (overdue): true/false",
    "needs_review": "待人工核定 (in the review queue): true/false",
    "out_of_area": "非本辖区 (outside the sub-district): true/false",
}
# Paging parameters pass through to the paginator.
PASSTHROUGH = {"page", "page_size", "format"}


def complaint_filter(params) -> Q:
    """One Q from the query string; unknown parameters are refused so a typo is not silently ignored."""
    unknown = sorted(set(params) - set(FILTERS) - PASSTHROUGH)
    if unknown:
        raise ValidationError(
            {name: f"未知的筛选参数 (unknown filter); 可用 (expected one of) {', '.join(FILTERS)}" for name in unknown}
        )
    condition = Q()
    for name, build in FILTERS.items():
        raw = params.get(name)
        if raw not in (None, ""):
            condition &= build(name, raw)
    return condition
