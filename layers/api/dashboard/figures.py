"""Summary cards and the community choropleth: counts and 三率 for the filter, one grouped query each.

三率 follow layers/analytics/rates.py exactly (its cohort, its aggregates, its score), restricted to
the dashboard's filter and the reader's scope, so the dashboard and the monthly ranking agree.
"""

from django.db.models import Count, Q
from django.utils import timezone

from layers.analytics import rates
from layers.api.cases.serializers import OPEN_STATUSES
from layers.api.dashboard.selection import filtered
from layers.models import Community

COUNT_KEYS = ("n", "responded", "resolved", "finished", "satisfied", "basic", "rated")


def _change(current: int, previous: int) -> float | None:
    return None if previous == 0 else round((current - previous) / previous * 100.0, 1)


def _sanlv(pol, counts: dict) -> dict:
    return {**{k: counts[k] for k in COUNT_KEYS}, **rates.score(counts, pol)}


def summary(user, q: dict) -> dict:
    """Volume, the previous window of the same length and its change, open and overdue cases, and 三率."""
    now = timezone.now()
    start, end = q["start"], q["end"]
    span = end - start
    both = filtered(user, q, window=(start - span, end))
    counts = both.aggregate(
        count=Count("id", filter=Q(received_at__gte=start)),
        previous=Count("id", filter=Q(received_at__lt=start)),
        open=Count("id", filter=Q(received_at__gte=start, status__in=OPEN_STATUSES)),
        overdue=Count("id", filter=Q(received_at__gte=start, status__in=OPEN_STATUSES, due_at__lt=now)),
    )
    pol = rates.policy()
    cohort = filtered(user, q, queryset=rates.cohort(start, end, pol))
    # rates has no public name for its aggregate set; re-deriving it here would let the two drift.
    sanlv = cohort.aggregate(**rates._aggregates(pol, now))
    return {
        "start": start,
        "end": end,
        **counts,
        "change_pct": _change(counts["count"], counts["previous"]),
        "sanlv": _sanlv(pol, sanlv),
        "min_sample": pol.min_sample,
    }


def communities(user, q: dict) -> list[dict]:
    """Every community (code order) with its count, rate per 1,000 households and 三率 for the filter."""
    now = timezone.now()
    pol = rates.policy()
    counts = dict(filtered(user, q).values_list("community_id").annotate(n=Count("id")).order_by())
    cohort = filtered(user, q, queryset=rates.cohort(q["start"], q["end"], pol))
    grouped = cohort.values("community_id").annotate(**rates._aggregates(pol, now)).order_by()
    sanlv = {g["community_id"]: _sanlv(pol, g) for g in grouped}
    rows = []
    for unit in Community.objects.order_by("code").values("id", "code", "name", "households"):
        count = counts.get(unit["id"], 0)
        households = unit["households"]
        assessed = sanlv.get(unit["id"])
        rows.append(
            {
                "code": unit["code"],
                "name": unit["name"],
                "households": households,
                "count": count,
                "per_1000_households": round(count * 1000.0 / households, 2) if households else None,
                "sanlv_n": assessed["n"] if assessed else 0,
                # Below the minimum sample a score would rank one lucky case: the map leaves it grey.
                "composite": assessed["composite"] if assessed and assessed["n"] >= pol.min_sample else None,
                "response_rate": assessed["response_rate"] if assessed else None,
                "resolution_rate": assessed["resolution_rate"] if assessed else None,
                "satisfaction_rate": assessed["satisfaction_rate"] if assessed else None,
            }
        )
    return rows
