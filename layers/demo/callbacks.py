"""回访 attempts of the demo cases: when the office called the resident back, reached or not, and
what the resident said (the records layers/services/callbacks.py keeps for a live case).

The generator's stages say when a case reached 回访 (that is the reached call: the service moves a
resolved case to 回访 on its first reached call) and the satisfaction it was given. Here each such
case gets its calls: the reached one at the 回访 time with that satisfaction, and for some one or
two unreached attempts between 办结 and it, so the case's satisfaction is that of its last reached
call, as the service keeps it. A case resolved but not yet called back at the demo's stop may have
had an unreached attempt already: the desk shows it waiting for the next try.

Pure and seeded per case index on a stream of its own, so the year's cases are the same with or
without their calls (the generator's stream is not touched).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

STREAM = 96156  # this module's random stream (the 12345 centre's 回访 line number, for the record)
UNREACHED_FIRST = 0.18  # share of called-back cases with an unreached attempt before the reached one
UNREACHED_TWICE = 0.25  # of those, the share tried twice in vain
WAITING_TRIED = 0.35  # share of cases waiting for their call-back with one attempt already made
UNREACHED_REMARKS = ["无人接听", "电话占线", "关机", "家属接听，诉求人不在，约定再打", "号码暂时无法接通"]
DISSATISFIED_REMARK = "诉求人表示问题未彻底解决"
# Per case: [0] tried in vain first?, [1] twice?, [2:4] when, [4:6] why not reached.
DRAWS = 6


@dataclass(frozen=True)
class Attempt:
    at: datetime
    reached: bool
    satisfaction: str  # "" for an unreached call (the model's check)
    remark: str


def _stage(case, status: str) -> datetime | None:
    return next((at for s, at in case.stages if s == status), None)


def _remark(draw) -> str:
    return UNREACHED_REMARKS[int(draw * len(UNREACHED_REMARKS))]


def _unreached(resolved: datetime, until: datetime, count: int, row: np.ndarray) -> list[Attempt]:
    """`count` unreached attempts spread between 办结 and `until`, in time order."""
    span = until - resolved
    fractions = sorted(0.15 + 0.7 * float(u) for u in row[2 : 2 + count])
    return [Attempt(resolved + span * f, False, "", _remark(row[4 + i])) for i, f in enumerate(fractions)]


def attempts(case, row: np.ndarray, as_of: datetime) -> list[Attempt]:
    """One case's calls in time order, from its row of DRAWS uniform numbers; none before 办结."""
    resolved, reached = _stage(case, "resolved"), _stage(case, "callback")
    if resolved is None:
        return []
    if reached is None:
        tried = resolved + timedelta(hours=2 + 28 * float(row[2]))
        if case.stages[-1][0] != "resolved" or row[0] >= WAITING_TRIED or tried >= as_of:
            return []
        return [Attempt(tried, False, "", _remark(row[4]))]
    misses = 0 if row[0] >= UNREACHED_FIRST else (2 if row[1] < UNREACHED_TWICE else 1)
    remark = DISSATISFIED_REMARK if case.satisfaction == "dissatisfied" else ""
    return [*_unreached(resolved, reached, misses, row), Attempt(reached, True, case.satisfaction, remark)]


def call_backs(cases: list, seed: int, as_of: datetime) -> None:
    """Set case.callbacks on every case (module docstring)."""
    if not cases:
        return
    draws = np.random.default_rng([seed, STREAM]).random((max(c.index for c in cases) + 1, DRAWS))
    for case in cases:
        case.callbacks = attempts(case, draws[case.index], as_of)
