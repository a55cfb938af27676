"""Summary cards and the community choropleth: counts and 三率 for the filter, from one window pass.

三率 follow layers/analytics/rates.py exactly (its cohort, its aggregates, its score), restricted to
the dashboard's filter and the reader's scope, so the dashboard and the monthly ranking agree.
The counts come from window.window_counts, shared with the grid-cell hotspots.
"""

from layers.analytics import rates
from layers.api.dashboard.window import COUNT_KEYS, window_counts
from layers.models import Community


def _change(current: int, previous: int) -> float | None:
    return None if previous == 0 else round((current - previous) / previous * 100.0, 1)


def _sanlv(pol, counts: dict) -> dict:
    return {**{k: counts[k] for k in COUNT_KEYS}, **rates.score(counts, pol)}


def summary(user, q: dict) -> dict:
    """Volume, the previous window of the same length and its change, open and overdue cases, and 三率."""
    pol = rates.policy()
    window = window_counts(user, q, pol)
    counts = window.totals
    return {
        "start": q["start"],
        "end": q["end"],
        **counts,
        "change_pct": _change(counts["count"], counts["previous"]),
        "sanlv": _sanlv(pol, window.cohort_totals()),
        "min_sample": pol.min_sample,
    }


def communities(user, q: dict) -> list[dict]:
    """Every community (code order) with its count, rate per 1,000 households and 三率 for the filter."""
    pol = rates.policy()
    window = window_counts(user, q, pol)
    sanlv = {community: _sanlv(pol, row) for community, row in window.cohort.items()}
    rows = []
    for unit in Community.objects.order_by("code").values("id", "code", "name", "households"):
        count = window.by_community.get(unit["id"], 0)
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
