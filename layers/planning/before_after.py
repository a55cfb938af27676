"""Before/after the works on renovated estates: complaint density per category. Pure (no database).

Density is complaints per 100 households per year. The works period itself (renovation_start to
renovation_end) is left out: scaffolding and dug-up roads bring complaints of their own. "Beyond
chance" is the conditional binomial test of equal Poisson rates already used for co-governance
outcomes (layers.analytics.topic_outcome.compare_rates), not a second implementation of it.

A before/after comparison on one year of data mixes the works' effect with the seasons (heating
complaints fall in spring whatever is built). So each row also carries a comparison against a
control: the same category in the same windows on the estates never worked on (no works dates).
The same test with the control's counts as exposure in place of days: if the estate's rate moved
like the control's, its after-cases are a share control_after / (control_before + control_after)
of the total. adjusted_change_pct is the change beyond the control's; the control's own noise is
ignored (it is many estates, so its counts are large).
"""

from dataclasses import dataclass
from datetime import date

from layers.analytics.topic_outcome import ALPHA, compare_rates

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class WindowCounts:
    """One estate and category: counts in the windows before and after the works (selector output)."""

    code: str
    name: str
    households: int
    renovation_start: date | None
    renovation_end: date
    category: str
    category_name: str
    before_count: int
    after_count: int
    before_days: float
    after_days: float
    control_before: int = 0
    control_after: int = 0


def per_100_per_year(count: int, households: int, days: float) -> float | None:
    if not households or days <= 0:
        return None
    return count * 100.0 / households / (days / DAYS_PER_YEAR)


def compare(row: WindowCounts, alpha: float = ALPHA) -> dict:
    """The before/after record of the API and the workbook for one estate and category."""
    test = compare_rates(row.before_count, row.after_count, row.before_days, row.after_days, alpha)
    change = None if test.rate_ratio is None else (test.rate_ratio - 1.0) * 100.0
    return {
        **_fields(row, test, change),
        **adjusted(row, alpha),
    }


def adjusted(row: WindowCounts, alpha: float = ALPHA) -> dict:
    """The change beyond the control's (module docstring); None when the control has no cases."""
    fields = {"control_before_count": row.control_before, "control_after_count": row.control_after}
    if not (row.control_before and row.control_after):
        return {**fields, "adjusted_change_pct": None, "adjusted_p_value": None, "adjusted_significant": None}
    test = compare_rates(row.before_count, row.after_count, row.control_before, row.control_after, alpha)
    change = None if test.rate_ratio is None else round((test.rate_ratio - 1.0) * 100.0, 1)
    return {
        **fields,
        "adjusted_change_pct": change,
        "adjusted_p_value": test.p_value,
        "adjusted_significant": test.significant,
    }


def _fields(row: WindowCounts, test, change) -> dict:
    before = per_100_per_year(row.before_count, row.households, row.before_days)
    after = per_100_per_year(row.after_count, row.households, row.after_days)
    return {
        "code": row.code,
        "name": row.name,
        "households": row.households,
        "renovation_start": row.renovation_start,
        "renovation_end": row.renovation_end,
        "category": row.category,
        "category_name": row.category_name,
        "before_count": row.before_count,
        "after_count": row.after_count,
        "before_days": round(row.before_days, 2),
        "after_days": round(row.after_days, 2),
        "before_per_100_per_year": None if before is None else round(before, 3),
        "after_per_100_per_year": None if after is None else round(after, 3),
        "change_pct": None if change is None else round(change, 1),
        "p_value": test.p_value,
        "significant": test.significant,
        "direction": test.change,
    }


def total(rows: list[WindowCounts]) -> WindowCounts:
    """All the given categories of one estate together (same windows)."""
    first = rows[0]
    return WindowCounts(
        code=first.code,
        name=first.name,
        households=first.households,
        renovation_start=first.renovation_start,
        renovation_end=first.renovation_end,
        category="+".join(r.category for r in rows),
        category_name="合计 / all",
        before_count=sum(r.before_count for r in rows),
        after_count=sum(r.after_count for r in rows),
        before_days=first.before_days,
        after_days=first.after_days,
        control_before=sum(r.control_before for r in rows),
        control_after=sum(r.control_after for r in rows),
    )
