"""三率 (响应率, 解决率, 满意率), the composite score, rankings with a minimum sample, and the 挂账 ledger.

Beijing ranks streets monthly on these three rates, but the official definitions and weights are
not published (DOMAIN.md marks them [U]), so everything that is a policy choice is a setting:

- The cohort of a period is every in-area complaint received (接诉) in [start, end), minus
  confirmed duplicates (they follow their primary case and would count it twice) and minus
  exemptions: categories listed in SANLV_EXEMPT_CATEGORIES (e.g. a 不合理诉求 category) and,
  when SANLV_EXEMPT_RETURNED (default True), cases returned (退单) as not ours.
- 响应率 = cohort cases first responded (responded_at) within the response limit of their
  四事四办 type, SANLV_RESPONSE_HOURS (default {"urgent": 2, "default": 24} hours after
  received_at), / cohort cases.
- 解决率 = cohort cases resolved (办结, resolved_at <= as_of) / cohort cases whose outcome is known
  by as_of: resolved, put on the ledger (挂账) or past their due time (due_at < as_of). Cases still
  inside their time limit are not judged yet.
- 满意率 = (满意 + SANLV_BASIC_SATISFIED_WEIGHT × 基本满意) / cohort cases with a satisfaction
  recorded at the callback (回访); the weight defaults to 1.0 (基本满意 counts as satisfied).
- composite = 100 × Σ weight × rate / Σ weight over the rates that have a denominator, weights from
  SANLV_WEIGHTS (default response 0.30, resolution 0.35, satisfaction 0.35).
- A unit is ranked only with at least SANLV_MIN_SAMPLE cohort cases (default 10): one case
  answered well must not top the table. Ties share a rank (1, 2, 2, 4).
Rates are percentages (0-100), None where the denominator is 0.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone

from layers.models import Complaint

DEFAULT_WEIGHTS = {"response": 0.30, "resolution": 0.35, "satisfaction": 0.35}
DEFAULT_RESPONSE_HOURS = {"urgent": 2, "default": 24}
# Unit of ranking -> (Complaint path to the unit's key, path to its display name).
UNITS = {
    "community": ("community__code", "community__name"),
    "grid": ("grid_cell__code", "grid_cell__code"),
    "department": ("assigned_department__code", "assigned_department__name"),
    "staff": ("assignee__username", "assignee__staff__display_name"),
}
RATE_KEYS = ("response", "resolution", "satisfaction")


@dataclass(frozen=True)
class Policy:
    weights: dict
    min_sample: int
    response_hours: dict
    basic_weight: float
    exempt_categories: tuple
    exempt_returned: bool


def policy() -> Policy:
    """The 三率 policy in force, from settings (each with its documented default)."""
    return Policy(
        weights=dict(getattr(settings, "SANLV_WEIGHTS", DEFAULT_WEIGHTS)),
        min_sample=int(getattr(settings, "SANLV_MIN_SAMPLE", 10)),
        response_hours=dict(getattr(settings, "SANLV_RESPONSE_HOURS", DEFAULT_RESPONSE_HOURS)),
        basic_weight=float(getattr(settings, "SANLV_BASIC_SATISFIED_WEIGHT", 1.0)),
        exempt_categories=tuple(getattr(settings, "SANLV_EXEMPT_CATEGORIES", ())),
        exempt_returned=bool(getattr(settings, "SANLV_EXEMPT_RETURNED", True)),
    )


def cohort(start: datetime, end: datetime, pol: Policy | None = None):
    """The complaints assessed for [start, end): received in it, in area, not duplicates, not exempt."""
    pol = pol or policy()
    qs = Complaint.objects.filter(
        received_at__gte=start, received_at__lt=end, out_of_area=False, duplicate_of__isnull=True
    )
    if pol.exempt_categories:
        qs = qs.exclude(category__code__in=pol.exempt_categories)
    if pol.exempt_returned:
        qs = qs.filter(returned_at__isnull=True)
    return qs


def _responded_in_time(pol: Policy) -> Q:
    limits = {k: v for k, v in pol.response_hours.items() if k != "default"}
    default = pol.response_hours.get("default", DEFAULT_RESPONSE_HOURS["default"])
    q = ~Q(sishi_type__in=list(limits)) & Q(responded_at__lte=F("received_at") + timedelta(hours=default))
    for sishi_type, hours in limits.items():
        q |= Q(sishi_type=sishi_type, responded_at__lte=F("received_at") + timedelta(hours=hours))
    return q


def rate_aggregates(pol: Policy, as_of: datetime) -> dict:
    """The counts 三率 are computed from, as ORM aggregates for .annotate()/.aggregate() over any
    grouping (the dashboard groups by community over its own window)."""
    resolved = Q(resolved_at__lte=as_of)
    return {
        "n": Count("id"),
        "responded": Count("id", filter=_responded_in_time(pol)),
        "resolved": Count("id", filter=resolved),
        "finished": Count("id", filter=resolved | Q(ledger_at__lte=as_of) | Q(due_at__lt=as_of)),
        "satisfied": Count("id", filter=Q(satisfaction=Complaint.Satisfaction.SATISFIED)),
        "basic": Count("id", filter=Q(satisfaction=Complaint.Satisfaction.BASICALLY_SATISFIED)),
        "rated": Count("id", filter=~Q(satisfaction="")),
    }


def _pct(numerator: float, denominator: int) -> float | None:
    return None if denominator == 0 else 100.0 * numerator / denominator


def score(row: dict, pol: Policy) -> dict:
    """Rates and composite of one unit from its counts (pure)."""
    rates = {
        "response": _pct(row["responded"], row["n"]),
        "resolution": _pct(row["resolved"], row["finished"]),
        "satisfaction": _pct(row["satisfied"] + pol.basic_weight * row["basic"], row["rated"]),
    }
    present = [k for k in RATE_KEYS if rates[k] is not None and pol.weights.get(k, 0) > 0]
    total_weight = sum(pol.weights[k] for k in present)
    composite = sum(pol.weights[k] * rates[k] for k in present) / total_weight if total_weight else None
    return {**{f"{k}_rate": rates[k] for k in RATE_KEYS}, "composite": composite}


def rank(rows: list[dict], min_sample: int) -> list[dict]:
    """Rank rows by composite, best first; rows under the minimum sample get rank None, listed last."""
    eligible = [r for r in rows if r["n"] >= min_sample and r["composite"] is not None]
    eligible.sort(key=lambda r: (-r["composite"], r["key"]))
    previous, position = None, 0
    for index, r in enumerate(eligible, start=1):
        if r["composite"] != previous:
            position, previous = index, r["composite"]
        r["rank"] = position
    # By identity: `r not in eligible` compared dicts field by field, quadratic in the units (minutes
    # for the ~25,000 grid cells of a district).
    ranked = {id(r) for r in eligible}
    rest = sorted((r for r in rows if id(r) not in ranked), key=lambda r: (-r["n"], str(r["key"])))
    for r in rest:
        r["rank"] = None
    return eligible + rest


def sanlv(unit: str, start: datetime, end: datetime, as_of: datetime | None = None) -> dict:
    """三率, composite and rank per unit (community, grid, department, staff) for [start, end).

    One grouped query. Cases without the unit (no grid cell, not yet assigned) are left out of
    that breakdown. Returns {"rows": [...], "policy": {...}, "unit": unit}.
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    pol = policy()
    as_of = as_of or timezone.now()
    key, name = UNITS[unit]
    grouped = (
        cohort(start, end, pol)
        .exclude(**{f"{key}__isnull": True})
        .values(key, name)
        .annotate(**rate_aggregates(pol, as_of))
        .order_by(key)
    )
    rows = []
    for g in grouped:
        counts = {k: g[k] for k in ("n", "responded", "resolved", "finished", "satisfied", "basic", "rated")}
        rows.append({"key": g[key], "name": g[name] or g[key], **counts, **score(counts, pol)})
    return {
        "unit": unit,
        "start": start,
        "end": end,
        "as_of": as_of,
        "rows": rank(rows, pol.min_sample),
        "policy": {"weights": pol.weights, "min_sample": pol.min_sample, "response_hours": pol.response_hours},
    }


def month_window(month: str) -> tuple[datetime, datetime]:
    """'2026-11' -> the month's [start, end) in local time (Asia/Shanghai)."""
    try:
        year, number = (int(part) for part in month.split("-"))
        start = datetime(year, number, 1, tzinfo=timezone.get_default_timezone())
    except (ValueError, TypeError):
        raise ValueError(f"month must look like 2026-11, not {month!r}") from None
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=start.tzinfo)
    return start, end
