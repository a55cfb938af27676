"""Workflow stages of a demo case: which statuses it went through, when, and how it was rated.

Durations follow the time limits (urgent categories within hours, others within days, a few
overdue); a stage that would fall after `until` has not happened yet, so recent cases are open.
Return (退单) for cases outside the street; 挂账 and 督办 for a few difficult ones; satisfaction at
the callback improves over the year and is poor where the named places' problems were unsolved.

The desk's day: a case whose deadline falls in the DUE_SOON hours after `until` is not finished
yet (offices finish work close to the deadline), so the "due within 2 h" queue has work; ledger
cases leave the ledger (销账) around their target date, or stay on it past the target.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from layers.demo.organisation import department_name

URGENT_HOURS = {"heating", "public_safety", "drainage", "utilities"}
DUE_SOON = timedelta(hours=2)
LEDGER_CLEARED = 0.6  # share of ledger entries cleared (销账) in the end; the rest stay on the ledger
DIFFICULT = {"construction", "housing_repair", "parking_traffic", "property"}
LIMIT_DAYS = {"housing_repair": 15, "parking_traffic": 15, "construction": 15, "roads": 15}


@dataclass(frozen=True)
class Story:
    """The demo year and the named places' fixes, on the demo's calendar (complaints.story_of)."""

    start: date
    end: date
    consulted: date  # 丰西路45号院: parking spaces drawn
    introduced: date  # 北大地西区: trial property management begins


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


def _satisfaction(rng: np.random.Generator, case, story: Story) -> str:
    received = case.received_at.date()
    progress = (received - story.start).days / max((story.end - story.start).days, 1)
    unhappy = 0.06 - 0.03 * progress
    if case.place == "丰西路45号院" and case.category == "parking_traffic" and received < story.consulted:
        unhappy = 0.35
    if case.place == "北大地西区" and case.category == "property" and received < story.introduced:
        unhappy = 0.30
    roll = rng.random()
    if roll < unhappy:
        return "dissatisfied"
    return "basically_satisfied" if roll < unhappy + 0.08 else "satisfied"


def _ledger(rng: np.random.Generator, case, path: list) -> list:
    """挂账: owner and target date; most entries are cleared (销账) around the target by resolving
    the case, the others stay on the ledger, past the target once it has gone by."""
    at = case.received_at + sum((took for _, took in path), timedelta())
    target = timedelta(days=int(rng.integers(60, 200)))
    case.ledger_owner = department_name(case.category)
    case.ledger_target_date = (at + target).date()
    if rng.random() >= LEDGER_CLEARED:
        return path
    cleared = target * float(rng.uniform(0.6, 1.3))
    return [*path, ("resolved", cleared), ("callback", _hours(rng, 12, 72)), ("closed", _hours(rng, 2, 24))]


def _due_soon(case, until: datetime) -> bool:
    return case.due_at is not None and until < case.due_at <= until + DUE_SOON


def stages(rng: np.random.Generator, case, until: datetime, story: Story) -> None:
    """Fill case.stages, case.satisfaction and the ledger fields; nothing at or after `until`."""
    path = _path(rng, case)
    if path[-1][0] == "ledger":
        path = _ledger(rng, case, path)
    at = case.received_at
    case.stages = [("received", at)]
    for status, took in path:
        at = at + took
        if at >= until or (status == "resolved" and _due_soon(case, until)):
            break
        case.stages.append((status, at))
        if status == "resolved" and case.stages[-2][0] == "ledger":
            case.ledger_cleared_at = at
    reached = {status for status, _ in case.stages}
    if "ledger" not in reached:  # not on the ledger yet at `until`
        case.ledger_owner, case.ledger_target_date = "", None
    if "callback" in reached:
        case.satisfaction = _satisfaction(rng, case, story)
