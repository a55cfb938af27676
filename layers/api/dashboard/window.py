"""One pass over the filter's window for the cards, the choropleth and the grid-cell hotspots.

Each of those figures used to read the window on its own: six scans for one page load. The
complaints of a window are spread over nearly every page of the table (bench data: 45,911 rows of a
28-day window on 18,581 of 20,613 heap pages), so each scan read the whole table whatever its
filter. Here two grouped statements serve all three figures:
- counts per (community, grid cell) over the window and the previous window of the same length:
  summed per community for the choropleth, per cell for Gi*, and over all for the cards;
- 三率 aggregates (layers/analytics/rates.py's cohort and aggregates) per community; their sums are
  the cards' 三率, since the NULL community is a group of its own.
The result is memoised per process (cache.answers), so the three requests of a page load share it.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from layers.analytics import rates
from layers.api.dashboard.cache import answer_key, answers
from layers.api.dashboard.selection import LOOKUPS, filtered
from layers.selectors.dashboard import window_count_rows, window_counts_query

COUNT_KEYS = ("n", "responded", "resolved", "finished", "satisfied", "basic", "rated")


@dataclass(frozen=True)
class WindowCounts:
    """Counts of one filter's window; `cohort` maps community id (None included) to 三率 counts."""

    totals: dict
    by_community: dict
    by_cell: dict
    cohort: dict
    now: object

    def cohort_totals(self) -> dict:
        return {k: sum(row[k] for row in self.cohort.values()) for k in COUNT_KEYS}


def counts_query(user, q: dict, now):
    """Counts per (community, grid cell) over q's window and the previous window of its length."""
    start, end = q["start"], q["end"]
    return window_counts_query(filtered(user, q, window=(start - (end - start), end)), start, now)


def _counts(user, q: dict, now):
    grouped = window_count_rows(counts_query(user, q, now))
    totals = dict.fromkeys(("count", "previous", "open", "overdue"), 0)
    by_community, by_cell = defaultdict(int), defaultdict(int)
    for community, cell, count, previous, still_open, overdue in grouped:
        for key, value in (("count", count), ("previous", previous), ("open", still_open), ("overdue", overdue)):
            totals[key] += value
        by_community[community] += count
        by_cell[cell] += count
    return totals, dict(by_community), dict(by_cell)


def _cohort(user, q: dict, pol, now) -> dict:
    cohort = filtered(user, q, queryset=rates.cohort(q["start"], q["end"], pol))
    # rates has no public name for its aggregate set; re-deriving it here would let the two drift.
    grouped = cohort.values("community_id").annotate(**rates.rate_aggregates(pol, now)).order_by()
    return {g["community_id"]: {k: g[k] for k in COUNT_KEYS} for g in grouped}


def window_counts(user, q: dict, pol=None) -> WindowCounts:
    """The window's counts for user and filter q, computed once per data version and minute."""
    pol = pol or rates.policy()

    def compute():
        now = timezone.now()
        totals, by_community, by_cell = _counts(user, q, now)
        return WindowCounts(totals, by_community, by_cell, _cohort(user, q, pol, now), now)

    # Keyed by the filter alone: the hotspots' `level` or the heat's `bandwidth` do not change the counts.
    key = answer_key(f"window {pol}", {k: q.get(k) for k in ("start", "end", *LOOKUPS)}, user)
    return answers.get(key, compute)
