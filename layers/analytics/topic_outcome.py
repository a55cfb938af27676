"""Did the consultation change anything? Complaint counts in a topic's places, before vs after.

For each of the topic's categories (all categories if it has none): cases located in the topic's
places (or filed against one of its estates) in the `days` before the pivot and the `days` after
it, as counts and rates per day. The pivot is the given date, else the first completed action
(when a decision took effect on the ground: 45号院's spaces were drawn after five meetings, and
complaints could only fall after that), else the first meeting, else the opening. The after-window
is cut at `now`, so a recent topic compares rates over unequal periods.

"Beyond chance": if the daily rate did not change, each of the n = before + after cases falls in
the after-window with probability after_days / (before_days + after_days). The conditional
binomial test of the after-count against that (scipy.stats.binomtest, two-sided) is the exact test
of equal Poisson rates. Confirmed duplicates are left out: one problem reported twice is one case.
The counting is one set-based query; the statistics (compare_rates) are pure.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from layers.models import Topic

DEFAULT_DAYS = 90
ALPHA = 0.05

_COUNTS_SQL = """
WITH topic_categories AS (
    SELECT category_id FROM layers_topic_categories WHERE topic_id = %(topic)s
), topic_estates AS (
    SELECT housingproject_id FROM layers_topic_housing_projects WHERE topic_id = %(topic)s
)
SELECT cat.code, cat.name,
       count(*) FILTER (WHERE c.received_at < %(pivot)s) AS before,
       count(*) FILTER (WHERE c.received_at >= %(pivot)s) AS after
FROM layers_complaint c
JOIN layers_category cat ON cat.id = c.category_id
JOIN layers_topic t ON t.id = %(topic)s
WHERE c.received_at >= %(start)s AND c.received_at < %(end)s
  AND c.duplicate_of_id IS NULL
  AND (ST_Covers(t.geom, c.location)
       OR (c.location IS NULL AND c.housing_project_id IN (SELECT housingproject_id FROM topic_estates)))
  AND (NOT EXISTS (SELECT 1 FROM topic_categories)
       OR c.category_id IN (SELECT category_id FROM topic_categories))
GROUP BY cat.code, cat.name
ORDER BY cat.code
"""


@dataclass(frozen=True)
class RateComparison:
    before: int
    after: int
    before_days: float
    after_days: float
    before_rate: float
    after_rate: float
    # after_rate / before_rate; None when there was nothing before.
    rate_ratio: float | None
    p_value: float
    significant: bool
    change: str  # "decrease", "increase", "none"


def compare_rates(before: int, after: int, before_days: float, after_days: float, alpha: float = ALPHA):
    """Pure: compare two Poisson counts over periods of given length (conditional binomial test)."""
    if before_days <= 0 or after_days <= 0:
        raise ValueError(f"both periods must be longer than zero days, got {before_days} and {after_days}")
    before_rate, after_rate = before / before_days, after / after_days
    n = before + after
    # Imported here: scipy.stats costs ~0.8 s at import, and the weekly report imports this module cold.
    from scipy.stats import binomtest

    p_value = 1.0 if n == 0 else float(binomtest(after, n, after_days / (before_days + after_days)).pvalue)
    change = "none" if before_rate == after_rate else ("decrease" if after_rate < before_rate else "increase")
    return RateComparison(
        before=before,
        after=after,
        before_days=before_days,
        after_days=after_days,
        before_rate=before_rate,
        after_rate=after_rate,
        rate_ratio=(after_rate / before_rate) if before_rate else None,
        p_value=p_value,
        significant=p_value < alpha,
        change=change,
    )


@dataclass(frozen=True)
class CategoryOutcome:
    code: str
    name: str
    comparison: RateComparison


@dataclass(frozen=True)
class TopicOutcome:
    pivot: datetime
    pivot_source: str  # "given", "action_done", "first_meeting", "opened"
    start: datetime
    end: datetime
    categories: list[CategoryOutcome]
    total: RateComparison | None  # None when the after-window has not begun

    def as_dict(self) -> dict:
        def comparison(c):
            return None if c is None else {**c.__dict__}

        return {
            "pivot": self.pivot.isoformat(),
            "pivot_source": self.pivot_source,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "total": comparison(self.total),
            "categories": [{"code": c.code, "name": c.name, **comparison(c.comparison)} for c in self.categories],
        }


def _pivot(topic: Topic, given) -> tuple[datetime, str]:
    if given is not None:
        return given, "given"
    done = topic.actions.filter(completed_at__isnull=False).order_by("completed_at").first()
    if done is not None:
        return done.completed_at, "action_done"
    first = topic.meetings.order_by("held_at").values_list("held_at", flat=True).first()
    return (first, "first_meeting") if first is not None else (topic.opened_at, "opened")


def topic_outcome(topic: Topic, *, days: int = DEFAULT_DAYS, pivot=None, now=None, alpha=ALPHA) -> TopicOutcome:
    """Before/after complaint counts and rates in the topic's places (module docstring)."""
    pivot, source = _pivot(topic, pivot)
    now = now or timezone.now()
    start, end = pivot - timedelta(days=days), min(pivot + timedelta(days=days), now)
    if end <= pivot or topic.geom is None:
        return TopicOutcome(pivot, source, start, max(end, pivot), [], None)
    with connection.cursor() as cursor:
        cursor.execute(_COUNTS_SQL, {"topic": topic.pk, "pivot": pivot, "start": start, "end": end})
        rows = cursor.fetchall()
    before_days, after_days = days, (end - pivot).total_seconds() / 86400
    categories = [
        CategoryOutcome(code, name, compare_rates(b, a, before_days, after_days, alpha)) for code, name, b, a in rows
    ]
    total = compare_rates(sum(r[2] for r in rows), sum(r[3] for r in rows), before_days, after_days, alpha)
    return TopicOutcome(pivot, source, start, end, categories, total)
