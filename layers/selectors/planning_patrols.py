"""Reads for patrol plans: every grid worker's cells, the cells' hotspot classes and the flagged
estates in them, for all workers at once (three queries and one Gi* run, however many workers).

- Hotspots: Gi* on grid-cell counts over the PATROL_HOTSPOT_WINDOW_DAYS (default 28) days before
  the plan date (layers/analytics/hotspot_map.py: queen weights, FDR-adjusted classes). Gi* is a
  statistic of the whole map, so it is computed over every cell even for one worker's plan.
- Flagged estates: open cases (status now) whose time limit had passed at the start of the plan
  date, and repeat cases (回头件) received in the window. An estate belongs to the worker whose cell
  holds its point-on-surface, so an estate across two cells is one worker's stop, not two.
- Start point: no community office location is recorded, so the walk starts and ends at the
  area-weighted centroid of the worker's cells (ST_Centroid of their collection).
Points are ST_PointOnSurface (inside the shape, unlike a centroid of an L-shaped cell), in EPSG:4548
metres for routing and WGS84 for the map.
"""

from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

from layers.analytics.db import without_jit
from layers.analytics.hotspot_map import hotspot_rows
from layers.models.complaint import RUNNING_STATUSES
from layers.planning import patrols
from layers.planning.patrols import Budget, Candidate, WorkerPlan

_WORKERS_SQL = """
SELECT u.id, u.username, COALESCE(NULLIF(sp.display_name, ''), u.username),
       COALESCE(pc.code, min(cc.code)), COALESCE(pc.name, min(cc.name)),
       ST_X(ST_Transform(ST_Centroid(ST_Collect(g.geom)), {srid})),
       ST_Y(ST_Transform(ST_Centroid(ST_Collect(g.geom)), {srid})),
       ST_X(ST_Centroid(ST_Collect(g.geom))), ST_Y(ST_Centroid(ST_Collect(g.geom)))
FROM layers_gridcell g
JOIN auth_user u ON u.id = g.grid_worker_id
JOIN layers_community cc ON cc.id = g.community_id
LEFT JOIN layers_staffprofile sp ON sp.user_id = u.id
LEFT JOIN layers_community pc ON pc.id = sp.community_id
WHERE {where}
GROUP BY u.id, u.username, sp.display_name, pc.code, pc.name
ORDER BY u.username
"""

_CELLS_SQL = """
SELECT g.grid_worker_id, g.code, ST_X(ST_Transform(p, {srid})), ST_Y(ST_Transform(p, {srid})), ST_X(p), ST_Y(p)
FROM layers_gridcell g
JOIN auth_user u ON u.id = g.grid_worker_id
CROSS JOIN LATERAL (SELECT ST_PointOnSurface(g.geom) AS p) s
WHERE {where} AND g.code = ANY(%(codes)s)
"""

# Two index-friendly halves (status + due_at; received_at) rather than one OR over the whole table.
_ESTATES_SQL = """
WITH flags AS (
    SELECT housing_project_id AS id, count(*) AS overdue, 0 AS repeats
    FROM layers_complaint
    WHERE status = ANY(%(open)s) AND due_at < %(as_of)s AND received_at < %(as_of)s
      AND housing_project_id IS NOT NULL AND NOT out_of_area
    GROUP BY housing_project_id
    UNION ALL
    SELECT housing_project_id, 0, count(*)
    FROM layers_complaint
    WHERE is_repeat AND received_at >= %(start)s AND received_at < %(as_of)s
      AND housing_project_id IS NOT NULL AND NOT out_of_area
    GROUP BY housing_project_id
), per_estate AS (
    SELECT id, sum(overdue)::int AS overdue, sum(repeats)::int AS repeats FROM flags GROUP BY id
)
SELECT g.grid_worker_id, h.code, h.name, e.overdue, e.repeats,
       ST_X(ST_Transform(s.p, {srid})), ST_Y(ST_Transform(s.p, {srid})), ST_X(s.p), ST_Y(s.p)
FROM per_estate e
JOIN layers_housingproject h ON h.id = e.id
CROSS JOIN LATERAL (SELECT ST_PointOnSurface(h.geom) AS p) s
JOIN layers_gridcell g ON g.geom && s.p AND ST_Covers(g.geom, s.p)
JOIN auth_user u ON u.id = g.grid_worker_id
WHERE {where} AND (e.overdue > 0 OR e.repeats >= %(repeat_min)s)
"""


def window_days() -> int:
    return int(settings.PATROL_HOTSPOT_WINDOW_DAYS)


def budget_from_settings() -> Budget:
    return Budget(
        minutes=float(settings.PATROL_BUDGET_MINUTES),
        walk_speed_m_per_min=float(settings.PATROL_WALK_SPEED_M_PER_MIN),
        minutes_per_stop=float(settings.PATROL_MINUTES_PER_STOP),
    )


def day_start(day: date) -> datetime:
    """Midnight at the start of day in the sub-district's time zone (the plan is made for the morning)."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _run(sql: str, params: dict, workers: Collection[str] | None) -> list[tuple]:
    where = "TRUE" if workers is None else "u.username = ANY(%(workers)s)"
    with connection.cursor() as cursor:
        cursor.execute(sql.format(srid=settings.METRIC_SRID, where=where), {**params, "workers": list(workers or [])})
        return cursor.fetchall()


def grid_workers(workers: Collection[str] | None = None) -> list[dict]:
    """Every user with grid cells (or the usernames in `workers`): name, community, start point
    (metres and WGS84)."""
    rows = _run(_WORKERS_SQL, {}, workers)
    keys = ("id", "username", "name", "community_code", "community_name", "x", "y", "lon", "lat")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def hot_cells(day: date, workers: Collection[str] | None = None) -> dict[int, list[Candidate]]:
    """Hot-spot cells of each worker (by user id) as patrol candidates, from Gi* over the window."""
    days = window_days()
    end = day_start(day)
    rows = hotspot_rows("grid-cells", end - timedelta(days=days), end)
    hot = {r["code"]: r for r in rows if patrols.cell_visits(r["class"]) > 0}
    cells = _run(_CELLS_SQL, {"codes": list(hot)}, workers)
    result: dict[int, list[Candidate]] = {}
    for user_id, code, x, y, lon, lat in cells:
        r = hot[code]
        result.setdefault(user_id, []).append(
            Candidate(
                kind=patrols.CELL,
                code=code,
                # Staff call a grid cell by its 15-digit code; it has no other name.
                name=code,
                x=x,
                y=y,
                lon=lon,
                lat=lat,
                visits_per_week=patrols.cell_visits(r["class"]),
                strength=r["gi_z"],
                reason=patrols.cell_reason(r["class"], r["count"], days),
            )
        )
    return result


def flagged_estates(day: date, workers: Collection[str] | None = None) -> dict[int, list[Candidate]]:
    """Estates with overdue open cases or repeat cases, each under the worker whose cell holds it."""
    days = window_days()
    as_of = day_start(day)
    params = {
        "open": [str(s) for s in RUNNING_STATUSES],
        "as_of": as_of,
        "start": as_of - timedelta(days=days),
        "repeat_min": patrols.ESTATE_REPEAT_MIN,
    }
    result: dict[int, list[Candidate]] = {}
    for user_id, code, name, overdue, repeats, x, y, lon, lat in _run(_ESTATES_SQL, params, workers):
        result.setdefault(user_id, []).append(
            Candidate(
                kind=patrols.ESTATE,
                code=code,
                name=name,
                x=x,
                y=y,
                lon=lon,
                lat=lat,
                visits_per_week=patrols.estate_visits(overdue, repeats),
                # Overdue cases outrank repeat cases at equal frequency.
                strength=overdue * 1000.0 + repeats,
                reason=patrols.estate_reason(overdue, repeats, days),
            )
        )
    return result


def patrol_plans(day: date, workers: Collection[str] | None = None, budget: Budget | None = None) -> list[WorkerPlan]:
    """The day's plan of every grid worker (or of the usernames in `workers`), ordered by username."""
    budget = budget or budget_from_settings()
    with without_jit():
        people = grid_workers(workers)
        if not people:
            return []
        cells = hot_cells(day, workers)
        estates = flagged_estates(day, workers)
    plans = []
    for w in people:
        candidates = cells.get(w["id"], []) + estates.get(w["id"], [])
        plan = patrols.plan_worker(
            w["username"], w["name"], candidates, (w["x"], w["y"]), (w["lon"], w["lat"]), day, budget
        )
        plans.append(replace(plan, community_code=w["community_code"], community_name=w["community_name"]))
    return plans
