"""The monthly 考评 (assessment) of a calendar month, per community and per department: one dict that
the A4 page, the xlsx workbook and `manage.py monthly_report` all render, so they cannot disagree.

Cohort: rates.cohort — in-area cases received (接诉) in the month, duplicates and exemptions out.
Per unit (community: where the case is; department: its 承办科室), judged at `as_of`:
- 三率 and the composite from rates.py (rate_aggregates, score), rank with its minimum sample;
- 超期 overdue: cases whose time limit passed before they were resolved (办结) or put on the
  ledger (挂账 stops the clock, as in Complaint.objects.running), or passed with neither by as_of;
- 挂账: cases on the ledger at as_of (entered, not yet cleared);
- 回头件: repeat cases (is_repeat);
- the change against the previous month (judged at that month's end, as it was reported then);
- the 约谈 list (assessment.interview; thresholds are settings).
as_of is the month's end; while the month is still running it is now, the report says it is not
complete, and no date after now appears in it. A month that has not begun is refused.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, DateTimeField, Q, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from layers.analytics.assessment import COUNT_KEYS, InterviewRule, interview, scored, with_change
from layers.analytics.db import without_jit
from layers.analytics.rates import UNITS, Policy, cohort, month_window, policy, rate_aggregates, score
from layers.i18n import localized
from layers.models import Community, Department, Subdistrict

UNIT_KINDS = ("community", "department")
_UNIT_TABLES = {"community": Community, "department": Department}


def month_bounds(month: str, now: datetime | None = None) -> tuple[datetime, datetime, datetime, bool]:
    """(start, end, as_of, complete) of '2026-11'; ValueError for a bad month or one not begun."""
    start, end = month_window(month)
    now = now or timezone.now()
    if start > now:
        raise ValueError(f"{start:%Y-%m} has not begun (今天 {timezone.localdate(now):%Y-%m-%d})")
    return start, end, min(end, now), end <= now


def previous_month(start: datetime) -> str:
    return f"{start - timedelta(days=1):%Y-%m}"


def interview_rule() -> InterviewRule:
    below = getattr(settings, "KAOPING_INTERVIEW_BELOW", 85.0)
    return InterviewRule(
        below=None if below in (None, "") else float(below),
        bottom=int(getattr(settings, "KAOPING_INTERVIEW_BOTTOM", 0)),
    )


def _aggregates(pol: Policy, as_of: datetime) -> dict:
    moment = Value(as_of, output_field=DateTimeField())
    # The clock stops at 办结 or 挂账, and nothing after as_of is known yet.
    stopped = Least(Coalesce("resolved_at", moment), Coalesce("ledger_at", moment), moment)
    on_ledger = Q(ledger_at__lte=as_of) & (Q(ledger_cleared_at__isnull=True) | Q(ledger_cleared_at__gt=as_of))
    return {
        **rate_aggregates(pol, as_of),
        "overdue": Count("id", filter=Q(due_at__lt=stopped)),
        "ledger": Count("id", filter=on_ledger),
        "repeat": Count("id", filter=Q(is_repeat=True)),
    }


def unit_counts(unit: str, start: datetime, end: datetime, as_of: datetime, pol: Policy) -> dict[str, dict]:
    """{unit code: its counts} for the cohort of [start, end), one grouped query."""
    key = UNITS[unit][0]
    grouped = (
        cohort(start, end, pol)
        .exclude(**{f"{key}__isnull": True})
        .values(key)
        .annotate(**_aggregates(pol, as_of))
        .order_by(key)
    )
    return {g[key]: {k: g[k] for k in COUNT_KEYS} for g in grouped}


def _units(unit: str, counts: dict) -> list[tuple[str, str]]:
    """Every community / department, with or without cases: a unit with none is in the table too.
    Departments are named in the reader's language (Department.name_en); communities are proper nouns."""
    model = _UNIT_TABLES[unit]
    if any(field.name == "name_en" for field in model._meta.get_fields()):
        rows = model.objects.order_by("code").values_list("code", "name", "name_en")
        units = [(code, localized(name, name_en)) for code, name, name_en in rows]
    else:
        units = list(model.objects.order_by("code").values_list("code", "name"))
    known = {code for code, _name in units}
    return units + [(code, code) for code in sorted(counts) if code not in known]


def _ranking(unit: str, start: datetime, end: datetime, as_of: datetime, pol: Policy) -> list[dict]:
    counts = unit_counts(unit, start, end, as_of, pol)
    return scored(_units(unit, counts), counts, pol)


def _totals(start: datetime, end: datetime, as_of: datetime, pol: Policy) -> dict:
    counts = cohort(start, end, pol).aggregate(**_aggregates(pol, as_of))
    return {**counts, **score(counts, pol)}


def monthly_report(month: str, now: datetime | None = None) -> dict:
    """Every figure of the month's 考评 (see the module docstring)."""
    start, end, as_of, complete = month_bounds(month, now)
    before = previous_month(start)
    before_start, before_end = month_window(before)
    pol = policy()
    with without_jit():
        units = {}
        # While the month runs, its cohort ends now: nothing received "later" (a clock set wrong).
        for unit in UNIT_KINDS:
            rows = _ranking(unit, start, as_of, as_of, pol)
            previous = _ranking(unit, before_start, before_end, before_end, pol)
            units[unit] = with_change(rows, previous)
        totals = _totals(start, as_of, as_of, pol)
        previous_totals = _totals(before_start, before_end, before_end, pol)
        subdistrict = Subdistrict.objects.filter(code=settings.SUBDISTRICT_CODE).values_list("name", flat=True).first()
    rule = interview_rule()
    return {
        "month": f"{start:%Y-%m}",
        "previous_month": before,
        "subdistrict": subdistrict or "五里店街道",
        "start": start,
        "end": end,
        "as_of": as_of,
        "complete": complete,
        "last_day": (as_of - timedelta(microseconds=1)).date() if complete else timezone.localdate(as_of),
        "totals": totals,
        "previous_totals": previous_totals,
        "units": units,
        "interview": {unit: interview(units[unit], rule) for unit in UNIT_KINDS},
        "policy": {
            "weights": pol.weights,
            "min_sample": pol.min_sample,
            "interview_below": rule.below,
            "interview_bottom": rule.bottom,
        },
    }
