"""回头件 for the demo cases, by the service's own repeat rules, in one UPDATE per rule.

The intake marks a case as a repeat when an active repeat rule (SishiRule kind "repeat") counts
`threshold` or more cases of its category at its estate within `window_days`, the case included
(layers/services/sishi.py). Per case that is one count query: minutes for a demo year. Here a window
function counts every case's predecessors at once, and the reason is added in the service's words.
"""

from django.db import connection

from layers.models import SishiRule
from layers.services import reference

_REPEAT_SQL = """
UPDATE layers_complaint c
SET is_repeat = true,
    sishi_reason = c.sishi_reason || '；另：' || e.name || %(window)s || '天内同类诉求第' || w.n || '次（回头件）'
FROM (
    SELECT id, count(*) OVER (
        PARTITION BY category_id, housing_project_id ORDER BY received_at
        RANGE BETWEEN make_interval(days => %(window)s) PRECEDING AND CURRENT ROW
    ) AS n
    FROM layers_complaint
    WHERE housing_project_id IS NOT NULL
) w, layers_housingproject e
WHERE c.id = w.id AND e.id = c.housing_project_id AND w.n >= %(threshold)s AND c.id = ANY(%(ids)s)
  AND NOT c.is_repeat
"""


def mark_repeats(ids: list[int]) -> int:
    """Mark the repeats among `ids` (already stored and located); returns how many were marked."""
    rules = [rule for rule in reference.current().rules if rule.kind == SishiRule.Kind.REPEAT]
    marked = 0
    with connection.cursor() as cursor:
        for rule in rules:
            # The service's defaults for a rule left without window or threshold (sishi._window, _match).
            params = {"window": rule.window_days or 30, "threshold": rule.threshold or 3, "ids": ids}
            cursor.execute(_REPEAT_SQL, params)
            marked += cursor.rowcount
    return marked
