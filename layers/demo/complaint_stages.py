"""Workflow stages of a demo case: which statuses it went through, when, and how it was rated.

Durations follow the time limits (urgent categories within hours, others within days, a few
overdue); a stage that would fall after `until` has not happened yet, so recent cases are open.
Return (退单) for cases outside the street; 挂账 and 督办 for a few difficult ones; satisfaction at
the callback improves over the year and is poor where the named places' problems were unsolved.
"""

from datetime import date, datetime, timedelta

import numpy as np

URGENT_HOURS = {"heating", "public_safety", "drainage", "utilities"}
DIFFICULT = {"construction", "housing_repair", "parking_traffic", "property"}
LIMIT_DAYS = {"housing_repair": 15, "parking_traffic": 15, "construction": 15, "roads": 15}


def _hours(rng: np.random.Generator, low: float, high: float) -> timedelta:
    return timedelta(hours=float(rng.uniform(low, high)))


def _work_time(rng: np.random.Generator, category: str) -> timedelta:
    if category in URGENT_HOURS:
        return _hours(rng, 0.5, 30)
    limit = LIMIT_DAYS.get(category, 7)
    late = rng.random() < 0.07  # a few overdue cases, so the overdue queue is not empty
    return timedelta(days=float(limit * rng.uniform(1.05, 1.6) if late else limit * rng.uniform(0.05, 0.9)))


def _path(rng: np.random.Generator, case) -> list[tuple[str, timedelta]]:
    """The statuses after 接诉 with the time each took to reach."""
    if case.outside or rng.random() < 0.012:
        # The 12345 centre accepts most returns; the rest still wait for its answer.
        returned = [("returned", _hours(rng, 0.5, 6))]
        return returned + [("closed", _hours(rng, 12, 60))] if rng.random() < 0.7 else returned
    # Cases that come in at night or before a holiday wait for the office to open.
    dispatch = _hours(rng, 12, 60) if rng.random() < 0.05 else _hours(rng, 0.1, 3)
    path = [("dispatched", dispatch), ("responded", _hours(rng, 0.3, 26 if rng.random() < 0.04 else 12))]
    roll = rng.random()
    if case.category in DIFFICULT and roll < 0.04:
        return [*path, ("ledger", _hours(rng, 24, 240))]
    if roll < 0.05:
        path.append(("escalated", _hours(rng, 12, 72)))
        if rng.random() < 0.2:  # still under supervision
            return path
    path += [("in_progress", _hours(rng, 0.5, 24)), ("resolved", _work_time(rng, case.category))]
    return [*path, ("callback", _hours(rng, 12, 72)), ("closed", _hours(rng, 2, 24))]


def _satisfaction(rng: np.random.Generator, case, consulted: date, introduced: date) -> str:
    progress = (case.received_at.date() - date(2025, 12, 1)).days / 360
    unhappy = 0.06 - 0.03 * progress
    if case.place == "丰西路45号院" and case.category == "parking_traffic" and case.received_at.date() < consulted:
        unhappy = 0.35
    if case.place == "北大地西区" and case.category == "property" and case.received_at.date() < introduced:
        unhappy = 0.30
    roll = rng.random()
    if roll < unhappy:
        return "dissatisfied"
    return "basically_satisfied" if roll < unhappy + 0.08 else "satisfied"


def stages(rng: np.random.Generator, case, until: datetime, consulted: date, introduced: date) -> None:
    """Fill case.stages, case.satisfaction and the ledger fields; nothing after `until`."""
    at = case.received_at
    case.stages = [("received", at)]
    for status, took in _path(rng, case):
        at = at + took
        if at >= until:
            break
        case.stages.append((status, at))
    reached = {status for status, _ in case.stages}
    if "callback" in reached:
        case.satisfaction = _satisfaction(rng, case, consulted, introduced)
    if "ledger" in reached:
        case.ledger_owner = "街道城市管理办公室"
        case.ledger_target_date = (case.stages[-1][1] + timedelta(days=int(rng.integers(60, 200)))).date()
