"""Evidence for renovation planning, read in set-based SQL; the scoring and the tests are pure
(layers/planning/scoring.py, layers/planning/before_after.py).

Periods are whole local (Beijing) days, both ends included: 2026-01-01..2026-10-31 is every case
received from 1 January 00:00 to 31 October 24:00. Complaints count for the estate they were
assigned to (housing_project, set by the point-in-polygon assignment); confirmed duplicates are
left out (one problem reported twice is one case), as in the co-governance outcome.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db import connection
from django.utils import timezone

from layers.analytics.db import without_jit
from layers.models import Category, HousingProject
from layers.models.complaint import UNFINISHED_STATUSES
from layers.planning.before_after import WindowCounts, compare, total
from layers.planning.scoring import COMPONENTS, INFRA_CATEGORIES, EstateEvidence, score_estates
from layers.planning.types import EstateScore

# Before/after windows reach at most a year from the works on either side.
BEFORE_AFTER_MAX_DAYS = 365

_EVIDENCE_SQL = """
WITH infra AS (
    SELECT c.housing_project_id AS estate_id,
           c.status,
           (c.is_repeat OR EXISTS (
               SELECT 1 FROM layers_complaintlink l WHERE l.other_id = c.id AND l.kind = 'related'
           )) AS repeat,
           (extract(year FROM c.received_at AT TIME ZONE %(tz)s)::int * 12
            + extract(month FROM c.received_at AT TIME ZONE %(tz)s)::int - %(first_month)s) AS month
    FROM layers_complaint c
    JOIN layers_category cat ON cat.id = c.category_id
    WHERE cat.code = ANY(%(codes)s)
      AND c.received_at >= %(start)s AND c.received_at < %(end)s
      AND c.housing_project_id IS NOT NULL
      AND c.duplicate_of_id IS NULL
), per_month AS (
    SELECT estate_id, month, count(*) AS n FROM infra GROUP BY estate_id, month
), per_estate AS (
    SELECT i.estate_id,
           count(*) AS n,
           count(*) FILTER (WHERE i.repeat) AS repeats,
           count(*) FILTER (WHERE i.status = ANY(%(open)s)) AS open
    FROM infra i GROUP BY i.estate_id
), months AS (
    SELECT estate_id, json_object_agg(month, n) AS by_month FROM per_month GROUP BY estate_id
)
SELECT e.id, e.code, e.name, com.code, e.households, e.build_year, e.ownership,
       (SELECT count(*) FROM layers_housingproject_owner_units ou WHERE ou.housingproject_id = e.id),
       e.is_military_property, e.property_company, e.renovation,
       coalesce(p.n, 0), coalesce(p.repeats, 0), coalesce(p.open, 0), m.by_month
FROM layers_housingproject e
JOIN layers_community com ON com.id = e.community_id
LEFT JOIN per_estate p ON p.estate_id = e.id
LEFT JOIN months m ON m.estate_id = e.id
ORDER BY e.code
"""


def local_start(day: date) -> datetime:
    """Local (Beijing) midnight at the start of `day`."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def month_days(start: date, end: date) -> list[int]:
    """Days of each calendar month from start's month to end's month that lie inside [start, end]."""
    days, month = [], date(start.year, start.month, 1)
    while month <= end:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        first, last = max(month, start), min(following - timedelta(days=1), end)
        days.append((last - first).days + 1)
        month = following
    return days


def check_period(start: date, end: date) -> None:
    if end < start:
        raise ValueError(f"period: end {end} is before start {start} (expected start <= end)")


def renovation_evidence(start: date, end: date, category_codes=INFRA_CATEGORIES) -> list[EstateEvidence]:
    """Every estate's evidence for the period [start, end] (dates, both included), in one query."""
    check_period(start, end)
    days = month_days(start, end)
    params = {
        "tz": settings.TIME_ZONE,
        "codes": list(category_codes),
        "start": local_start(start),
        "end": local_start(end + timedelta(days=1)),
        "open": [str(s) for s in UNFINISHED_STATUSES],
        "first_month": start.year * 12 + start.month,
    }
    with without_jit(), connection.cursor() as cursor:
        cursor.execute(_EVIDENCE_SQL, params)
        rows = cursor.fetchall()
    evidence = []
    for *attrs, by_month in rows:
        counts = by_month or {}
        rates = tuple(counts.get(str(i), 0) / n for i, n in enumerate(days))
        evidence.append(EstateEvidence(*attrs, monthly_rates=rates))
    return evidence


def estate_records(ranking) -> list[dict]:
    """One flat record per estate of a ranking [(EstateScore, EstateEvidence)], with its geometry
    as GeoJSON (WGS84) under "geometry"; rank counts from 1 in ranking order."""
    ids = [score.id for score, _ in ranking]
    extra = {
        row["id"]: row
        for row in HousingProject.objects.filter(id__in=ids).values(
            "id", "community__name", "is_old_estate", "renovation_start", "renovation_end", geometry=AsGeoJSON("geom")
        )
    }
    records = []
    for rank, (score, evidence) in enumerate(ranking, start=1):
        more = extra[score.id]
        records.append(
            {
                "rank": rank,
                "code": score.code,
                "name": score.name,
                "community": more["community__name"],
                "community_code": score.community_code,
                "households": score.households,
                "ownership": evidence.ownership,
                "owner_units": evidence.owner_units,
                "property_company": evidence.property_company,
                "build_year": evidence.build_year,
                "renovation": evidence.renovation,
                "renovated": evidence.renovation == "done",
                "renovation_start": more["renovation_start"],
                "renovation_end": more["renovation_end"],
                "is_old_estate": more["is_old_estate"],
                "is_military_property": evidence.is_military_property,
                "score": round(score.score, 4),
                "infra_count": score.infra_count,
                "infra_per_100": round(evidence.infra_per_100, 3),
                "repeat_count": evidence.repeat_count,
                "unresolved_count": evidence.unresolved_count,
                "components": {name: round(score.components[name], 4) for name in COMPONENTS},
                "geometry": more["geometry"],
            }
        )
    return records


def renovation_scores(start: date, end: date) -> list[EstateScore]:
    """Every estate scored for the period, candidates best first, renovated estates last."""
    return score_estates(renovation_evidence(start, end), settings.RENOVATION_WEIGHTS, end)


def scores_with_evidence(start: date, end: date) -> list[tuple[EstateScore, EstateEvidence]]:
    """The ranking with each estate's raw evidence beside its score (for the API and the files)."""
    evidence = renovation_evidence(start, end)
    by_id = {e.id: e for e in evidence}
    return [(s, by_id[s.id]) for s in score_estates(evidence, settings.RENOVATION_WEIGHTS, end)]


_BEFORE_AFTER_SQL = """
WITH first_case AS (
    SELECT min(received_at) AS at FROM layers_complaint
), estates AS (
    SELECT e.id, e.code, e.name, e.households, e.renovation_start, e.renovation_end,
           w.works_start, w.after_start,
           greatest(w.works_start - make_interval(days => %(max_days)s), f.at) AS before_start,
           least(w.after_start + make_interval(days => %(max_days)s), %(as_of)s) AS after_end
    FROM layers_housingproject e
    CROSS JOIN first_case f
    CROSS JOIN LATERAL (
        SELECT (coalesce(e.renovation_start, e.renovation_end)::timestamp AT TIME ZONE %(tz)s) AS works_start,
               ((e.renovation_end + 1)::timestamp AT TIME ZONE %(tz)s) AS after_start
    ) w
    WHERE e.renovation_end IS NOT NULL AND f.at IS NOT NULL
)
SELECT e.code, e.name, e.households, e.renovation_start, e.renovation_end, cat.code, cat.name,
       count(c.id) FILTER (WHERE c.received_at >= e.before_start AND c.received_at < e.works_start),
       count(c.id) FILTER (WHERE c.received_at >= e.after_start AND c.received_at < e.after_end),
       (extract(epoch FROM e.works_start - e.before_start) / 86400.0)::float8,
       (extract(epoch FROM e.after_end - e.after_start) / 86400.0)::float8,
       ctl.before, ctl.after
FROM estates e
CROSS JOIN layers_category cat
CROSS JOIN LATERAL (
    -- The control: the same category in the same windows on the estates never worked on.
    SELECT count(*) FILTER (WHERE k.received_at < e.works_start) AS before,
           count(*) FILTER (WHERE k.received_at >= e.after_start) AS after
    FROM layers_complaint k
    JOIN layers_housingproject ke ON ke.id = k.housing_project_id
    WHERE k.category_id = cat.id AND k.duplicate_of_id IS NULL
      AND ke.renovation_start IS NULL AND ke.renovation_end IS NULL
      AND ((k.received_at >= e.before_start AND k.received_at < e.works_start)
           OR (k.received_at >= e.after_start AND k.received_at < e.after_end))
) ctl
LEFT JOIN layers_complaint c
       ON c.housing_project_id = e.id AND c.category_id = cat.id AND c.duplicate_of_id IS NULL
      AND c.received_at >= e.before_start AND c.received_at < e.after_end
WHERE cat.code = ANY(%(codes)s)
  AND e.before_start < e.works_start AND e.after_start < e.after_end
GROUP BY e.code, e.name, e.households, e.renovation_start, e.renovation_end, cat.code, cat.name,
         e.before_start, e.works_start, e.after_start, e.after_end, ctl.before, ctl.after
ORDER BY e.code, cat.code
"""


def check_categories(category_codes) -> list[str]:
    """The codes asked for (INFRA_CATEGORIES when none); ValueError naming any unknown code."""
    codes = list(dict.fromkeys(category_codes or INFRA_CATEGORIES))
    known = set(Category.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValueError(f"category: unknown category code(s) {unknown}; see /admin/layers/category/ for the codes")
    return codes


def window_counts(category_codes=None, *, as_of: datetime | None = None) -> list[WindowCounts]:
    """Counts before and after the works of every estate with a renovation_end, per category, in one
    query. Estates whose after-window has not begun by `as_of` (or with no data before) are left out."""
    params = {
        "tz": settings.TIME_ZONE,
        "codes": check_categories(category_codes),
        "max_days": BEFORE_AFTER_MAX_DAYS,
        "as_of": as_of or timezone.now(),
    }
    with without_jit(), connection.cursor() as cursor:
        cursor.execute(_BEFORE_AFTER_SQL, params)
        return [WindowCounts(*row) for row in cursor.fetchall()]


def before_after(category_codes: list[str] | None = None, *, as_of: datetime | None = None) -> list[dict]:
    """Per renovated estate and category: density before and after the works, change, p-value."""
    return [compare(row) for row in window_counts(category_codes, as_of=as_of)]


def before_after_totals(category_codes: list[str] | None = None, *, as_of: datetime | None = None) -> list[dict]:
    """Per renovated estate: the given categories (infrastructure by default) taken together."""
    by_estate: dict[str, list[WindowCounts]] = {}
    for row in window_counts(category_codes, as_of=as_of):
        by_estate.setdefault(row.code, []).append(row)
    return [compare(total(rows)) for rows in by_estate.values()]
