"""The maths of the monthly 考评: rows from counts, ranks, the change against the previous month, and
the units below the line for 约谈. Pure: counts in, rows out (the counts come from monthly.py).

三率, the composite score and the ranking with its minimum sample are rates.py's (score, rank):
the same definitions as the weekly report and /api/stats/rates/, never a second version here.

The 约谈 line (settings, the sub-district's policy; the city's own is unpublished [U]):
- KAOPING_INTERVIEW_BELOW: a ranked unit whose composite score is below this (default 85.0;
  None switches the rule off);
- KAOPING_INTERVIEW_BOTTOM: the last N ranked units (default 0: off); tied units at the line are
  all listed.
Only ranked units are judged: below SANLV_MIN_SAMPLE a unit has too few cases for its score to say
anything about its work (it is shown in the table, marked 样本不足, and never listed for 约谈).
"""

from dataclasses import dataclass

from layers.analytics.rates import RATE_KEYS, Policy, rank, score

# Counts per unit: rates.rate_aggregates' seven, then the 考评's own three.
COUNT_KEYS = ("n", "responded", "resolved", "finished", "satisfied", "basic", "rated", "overdue", "ledger", "repeat")
SCORE_KEYS = tuple(f"{k}_rate" for k in RATE_KEYS) + ("composite",)


@dataclass(frozen=True)
class InterviewRule:
    below: float | None  # composite score
    bottom: int  # last N ranked


def scored(units: list[tuple[str, str]], counts: dict[str, dict], pol: Policy) -> list[dict]:
    """A row per unit (key, name): its counts (zeros for a unit without cases), rates, composite and
    rank (None below the minimum sample), best first, unranked last."""
    rows = []
    for key, name in units:
        found = counts.get(key, {})
        unit_counts = {k: found.get(k, 0) for k in COUNT_KEYS}
        rows.append({"key": key, "name": name, **unit_counts, **score(unit_counts, pol)})
    return rank(rows, pol.min_sample)


def _delta(now, before):
    return None if now is None or before is None else now - before


def change(row: dict, previous: dict | None) -> dict:
    """Against the previous month: rank (positive = moved up), composite and rates in percentage
    points; None where either month has no value."""
    previous = previous or {}
    before_rank, now_rank = previous.get("rank"), row["rank"]
    return {
        "rank": before_rank - now_rank if before_rank is not None and now_rank is not None else None,
        **{k: _delta(row[k], previous.get(k)) for k in SCORE_KEYS},
    }


def with_change(rows: list[dict], previous_rows: list[dict]) -> list[dict]:
    """Each row with `previous` (last month's rank, n and scores, None if the unit had no row) and `change`."""
    before = {r["key"]: r for r in previous_rows}
    result = []
    for row in rows:
        previous = before.get(row["key"])
        kept = {k: previous[k] for k in ("rank", "n", *SCORE_KEYS)} if previous else None
        result.append({**row, "previous": kept, "change": change(row, previous)})
    return result


def interview(rows: list[dict], rule: InterviewRule) -> list[dict]:
    """The ranked units below the line, worst first, each with why: `below` (its composite is under
    rule.below) and/or `from_bottom` (its place counted from the bottom, ties sharing it, within
    rule.bottom)."""
    ranked = sorted((r for r in rows if r["rank"] is not None), key=lambda r: (-r["rank"], r["key"]))
    # The rank at the line: that of the rule.bottom-th unit from the bottom (all units if fewer).
    line = ranked[min(rule.bottom, len(ranked)) - 1]["rank"] if rule.bottom > 0 and ranked else None
    listed = []
    for row in ranked:
        below = rule.below is not None and row["composite"] < rule.below
        in_bottom = line is not None and row["rank"] >= line
        if below or in_bottom:
            worse = sum(1 for other in ranked if other["rank"] > row["rank"])
            listed.append(
                {
                    "key": row["key"],
                    "name": row["name"],
                    "rank": row["rank"],
                    "n": row["n"],
                    "composite": row["composite"],
                    "below": below,
                    "from_bottom": worse + 1 if in_bottom else None,
                }
            )
    return listed
