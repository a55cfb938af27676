"""A grid worker's patrol for one day: which stops, how often, in what order, within the time budget.

Pure: candidates in, plan out; the selector (layers/selectors/planning_patrols.py) gathers them.

How often (visits per week), documented here because it is policy, not maths:
- a hot-spot cell (Gi* over the recent weeks, FDR-adjusted): 99 % confidence -> daily (7),
  95 % -> three times a week, 90 % -> weekly; cold and non-significant cells are not patrolled;
- a flagged estate in the worker's cells: open cases past their time limit -> three times a week
  (until they are done: 未诉先办 starts with what is already late); two or more repeat cases
  (回头件) in the recent weeks -> weekly. An estate with both takes the higher frequency.
Which days: a stop visited k times a week is due on k weekdays spread evenly (0, 2, 4 for three),
shifted by a stable hash of its code so the weekly stops of one worker do not all fall on Monday.
Budget: walking time (route length / walking speed) plus a fixed time per stop must fit
PATROL_BUDGET_MINUTES; when it does not, the lowest-priority stops are dropped (and reported) one at
a time, the remaining tour re-optimised. Priority: more visits per week first, then strength (Gi* z
for cells, overdue and repeat counts for estates), then code, so the result is deterministic.
"""

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from layers.planning import routing

CELL, ESTATE = "cell", "estate"
# Gi* class -> visits per week.
CELL_VISITS = {"hot_99": 7, "hot_95": 3, "hot_90": 1}
ESTATE_OVERDUE_VISITS = 3
ESTATE_REPEAT_VISITS = 1
ESTATE_REPEAT_MIN = 2
CONFIDENCE = {"hot_99": 99, "hot_95": 95, "hot_90": 90}


@dataclass(frozen=True)
class Candidate:
    """A place a worker might visit: a hot-spot cell or a flagged estate, at a point in its shape."""

    kind: str
    code: str
    name: str
    x: float  # EPSG:4548 metres
    y: float
    lon: float
    lat: float
    visits_per_week: int
    strength: float
    reason: str


@dataclass(frozen=True)
class Budget:
    """The day's time budget and the rates that turn metres and stops into minutes."""

    minutes: float
    walk_speed_m_per_min: float
    minutes_per_stop: float

    def minutes_for(self, length_m: float, stops: int) -> float:
        return length_m / self.walk_speed_m_per_min + stops * self.minutes_per_stop


@dataclass(frozen=True)
class WorkerPlan:
    """One worker's day: the stops in walking order, those dropped for time, the tour's length and
    minutes (walking plus stops), starting and (closed tour) ending at start_xy."""

    worker: str
    worker_name: str
    day: date
    start_xy: tuple[float, float]
    start_lonlat: tuple[float, float]
    stops: tuple[Candidate, ...]
    dropped: tuple[Candidate, ...] = field(default=())
    length_m: float = 0.0
    minutes: float = 0.0
    community_code: str = ""
    community_name: str = ""


def reason_in(reason: str, language: str) -> str:
    """The Chinese ("zh…") or English half of a bilingual "中文 / English" reason."""
    zh, _, en = reason.partition(" / ")
    return en if language.startswith("en") and en else zh


def parse_day(value: str) -> date:
    """A plan date YYYY-MM-DD; a ValueError that quotes the value and the expected form otherwise."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r}: 应为日期 YYYY-MM-DD（如 2026-11-27） / expected a date YYYY-MM-DD") from None


def cell_visits(hotspot_class: str) -> int:
    """Visits per week for a grid cell of this Gi* class (0: not patrolled)."""
    return CELL_VISITS.get(hotspot_class, 0)


def cell_reason(hotspot_class: str, count: int, window_days: int) -> str:
    confidence = CONFIDENCE[hotspot_class]
    return (
        f"热点网格（{confidence}%置信），近{window_days}天诉求{count}件"
        f" / hot spot cell ({confidence}%), {count} cases in {window_days} days"
    )


def estate_visits(overdue: int, repeats: int) -> int:
    """Visits per week for an estate with `overdue` open late cases and `repeats` recent repeat cases."""
    if overdue > 0:
        return ESTATE_OVERDUE_VISITS
    return ESTATE_REPEAT_VISITS if repeats >= ESTATE_REPEAT_MIN else 0


def estate_reason(overdue: int, repeats: int, window_days: int) -> str:
    parts_zh, parts_en = [], []
    if overdue:
        parts_zh.append(f"超期未办结诉求{overdue}件")
        parts_en.append(f"{overdue} open cases past their time limit")
    if repeats:
        parts_zh.append(f"近{window_days}天回头件{repeats}件")
        parts_en.append(f"{repeats} repeat cases in {window_days} days")
    return "，".join(parts_zh) + " / " + "; ".join(parts_en)


def visit_days(code: str, visits_per_week: int) -> frozenset[int]:
    """Weekdays (Monday 0) on which a stop visited visits_per_week times is due."""
    if visits_per_week <= 0:
        return frozenset()
    if visits_per_week >= 7:
        return frozenset(range(7))
    # crc32, not hash(): Python salts str hashes per process, and a plan must not change on restart.
    offset = zlib.crc32(code.encode("utf-8")) % 7
    return frozenset((offset + (k * 7) // visits_per_week) % 7 for k in range(visits_per_week))


def due_on(candidates: Sequence[Candidate], day: date) -> list[Candidate]:
    """The candidates due on day, highest priority first."""
    weekday = day.weekday()
    due = [c for c in candidates if weekday in visit_days(c.code, c.visits_per_week)]
    return sorted(due, key=priority_key)


def priority_key(candidate: Candidate) -> tuple:
    return (-candidate.visits_per_week, -candidate.strength, candidate.kind, candidate.code)


def _tour(stops: list[Candidate], start_xy, closed: bool) -> tuple[list[Candidate], float]:
    tour = routing.plan_tour([(s.x, s.y) for s in stops], start_xy, closed=closed)
    return [stops[i] for i in tour.order], tour.length


def _length(ordered: list[Candidate], start_xy, closed: bool) -> float:
    xy = np.array([start_xy, *((s.x, s.y) for s in ordered)], dtype=float)
    return routing.path_length(np.arange(len(xy)), routing.distance_matrix(xy), closed)


def fit_to_budget(
    required: list[Candidate], start_xy, budget: Budget, closed: bool = True
) -> tuple[list[Candidate], list[Candidate], float]:
    """Order the required stops; while the day runs over budget, drop the lowest-priority stop
    (taking it out of the walk where it is), then re-optimise what is left.

    Returns (stops in walking order, dropped stops lowest priority first, length in metres).
    """
    ordered, length = _tour(required, start_xy, closed)
    by_priority = sorted(required, key=priority_key)
    dropped = []
    while ordered and budget.minutes_for(length, len(ordered)) > budget.minutes:
        lowest = by_priority.pop()
        ordered.remove(lowest)
        dropped.append(lowest)
        length = _length(ordered, start_xy, closed)
    if dropped and ordered:
        # Re-optimising can only shorten the walk, so the budget still holds.
        reordered, new_length = _tour(ordered, start_xy, closed)
        if new_length < length:
            ordered, length = reordered, new_length
    return ordered, dropped, length


def plan_worker(
    worker: str,
    worker_name: str,
    candidates: Sequence[Candidate],
    start_xy: tuple[float, float],
    start_lonlat: tuple[float, float],
    day: date,
    budget: Budget,
    closed: bool = True,
) -> WorkerPlan:
    """The worker's plan for day: the due stops, within budget, as a short walking tour from start."""
    stops, dropped, length = fit_to_budget(due_on(candidates, day), start_xy, budget, closed)
    return WorkerPlan(
        worker=worker,
        worker_name=worker_name,
        day=day,
        start_xy=tuple(start_xy),
        start_lonlat=tuple(start_lonlat),
        stops=tuple(stops),
        dropped=tuple(dropped),
        length_m=round(length, 1),
        minutes=round(budget.minutes_for(length, len(stops)), 1),
    )
