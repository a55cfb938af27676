"""主动治理 in the weekly report through 协商议题: every topic whose decision took effect in the
DAYS (90) before the week's end, with complaints of its categories in its places before and after,
and whether the change is beyond chance. The figures and the test are the topic page's own
(layers.analytics.topic_outcome), so the report and the page cannot disagree.

As of the week's end, like the rest of the report: the pivot is the first action completed before
the end, else the first meeting held before it, else the opening, and the after-window stops at
the end; so the report of a past week does not change when a later action is completed.
"""

from datetime import datetime, timedelta

from django.db.models import Min, Q
from django.db.models.functions import Coalesce

from layers.models import Topic

WEEK = 7.0
# = layers.analytics.topic_outcome.DEFAULT_DAYS, which is imported only when there are topics.
DAYS = 90


def _per_week(per_day: float) -> float:
    return round(per_day * WEEK, 2)


def tackled_topics(end: datetime, days: int = DAYS) -> list[dict]:
    """Topics with a pivot in [end - days, end), latest first, each with its before/after figures."""
    done = Min("actions__completed_at", filter=Q(actions__completed_at__lt=end))
    met = Min("meetings__held_at", filter=Q(meetings__held_at__lt=end))
    topics = (
        Topic.objects.filter(opened_at__lt=end, geom__isnull=False)
        .annotate(first_done=done, first_meeting=met)
        .annotate(pivot=Coalesce("first_done", "first_meeting", "opened_at"))
        .filter(pivot__gte=end - timedelta(days=days))
        .prefetch_related("categories")
        .order_by("-pivot", "code")
    )
    topics = list(topics)
    if not topics:
        return []
    # Imported here: topic_outcome's binomial test imports scipy.stats, ~1 s (2 s loaded) in a
    # fresh process (python -X importtime), which a week without topics should not pay.
    from layers.analytics.topic_outcome import topic_outcome

    rows = []
    for topic in topics:
        source = "action_done" if topic.first_done else ("first_meeting" if topic.first_meeting else "opened")
        outcome = topic_outcome(topic, days=days, pivot=topic.pivot, now=end)
        total = outcome.total
        rows.append(
            {
                "code": topic.code,
                "title": topic.title,
                "status": topic.get_status_display(),
                "categories": [c.localized_name for c in topic.categories.all()],
                "pivot": outcome.pivot,
                "pivot_source": source,
                "before": total.before,
                "after": total.after,
                "after_days": round(total.after_days, 1),
                "before_per_week": _per_week(total.before_rate),
                "after_per_week": _per_week(total.after_rate),
                "change_pct": None if total.rate_ratio is None else round((total.rate_ratio - 1) * 100, 1),
                "p_value": total.p_value,
                "significant": total.significant,
                "change": total.change,
            }
        )
    return rows
