"""Patrol plans for 400 grid workers at district scale: the whole plan (SQL + selection + routing) timed.

Data: bench/hotspots_data.py's district year (26 sub-districts, 416 communities, 26,624 grid cells of
100 m, 1,664 estates, 600,000 complaints), built in its own database on first use (~5 min); then 400
grid workers, each given one community's 64 cells (SQL, not row by row). The plan date is a Friday in
late November, so the hotspot window (28 days) is full of data.

    .venv/bin/python bench/planning_patrols.py [--runs 5] [--date 2026-11-27] [--rebuild]

Database: BENCH_DATABASE_URL, default geo_gov_patrol_bench (created from template_postgis if missing).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgis://geo_gov:geo_gov@127.0.0.1:5432/geo_gov_patrol_bench")
WORKERS = 400

WORKERS_SQL = """
UPDATE layers_gridcell SET grid_worker_id = NULL WHERE grid_worker_id IS NOT NULL;
DELETE FROM layers_staffprofile WHERE user_id IN (SELECT id FROM auth_user WHERE username LIKE 'bench-gw-%%');
DELETE FROM auth_user WHERE username LIKE 'bench-gw-%%';
INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
SELECT '!', false, 'bench-gw-' || lpad(n::text, 3, '0'), '', '', '', false, true, now()
FROM generate_series(1, %(workers)s) n;
WITH c AS (SELECT id, row_number() OVER (ORDER BY code) AS n FROM layers_community)
INSERT INTO layers_staffprofile (user_id, role, display_name, community_id)
SELECT u.id, 'grid_worker', '网格员' || lpad(c.n::text, 3, '0'), c.id
FROM c JOIN auth_user u ON u.username = 'bench-gw-' || lpad(c.n::text, 3, '0');
UPDATE layers_gridcell g SET grid_worker_id = sp.user_id
FROM layers_staffprofile sp WHERE sp.community_id = g.community_id AND sp.role = 'grid_worker';
ANALYZE layers_gridcell;
"""


def setup():
    os.environ["DATABASE_URL"] = BENCH_DB
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")
    import django

    django.setup()
    from bench.hotspots import ensure_database

    ensure_database()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_data(rebuild: bool):
    from django.db import connection

    from bench.hotspots_data import build, loaded

    if rebuild or not loaded():
        t0 = time.perf_counter()
        build()
        print(f"built the district-scale year in {time.perf_counter() - t0:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT grid_worker_id) FROM layers_gridcell WHERE grid_worker_id IS NOT NULL")
        if cursor.fetchone()[0] != WORKERS or rebuild:
            cursor.execute(WORKERS_SQL, {"workers": WORKERS})


def timed_plan(day):
    """One full plan, with the time of its parts (the same steps patrol_plans takes)."""
    from dataclasses import replace

    from layers.analytics.db import without_jit
    from layers.planning import patrols
    from layers.selectors import planning_patrols as selector

    budget = selector.budget_from_settings()
    t0 = time.perf_counter()
    with without_jit():
        people = selector.grid_workers()
        t1 = time.perf_counter()
        cells = selector.hot_cells(day)
        t2 = time.perf_counter()
        estates = selector.flagged_estates(day)
    t3 = time.perf_counter()
    plans = []
    for w in people:
        candidates = cells.get(w["id"], []) + estates.get(w["id"], [])
        plan = patrols.plan_worker(
            w["username"], w["name"], candidates, (w["x"], w["y"]), (w["lon"], w["lat"]), day, budget
        )
        plans.append(replace(plan, community_code=w["community_code"], community_name=w["community_name"]))
    t4 = time.perf_counter()
    return plans, {
        "workers_sql": t1 - t0,
        "hotspots": t2 - t1,
        "estates_sql": t3 - t2,
        "routing": t4 - t3,
        "total": t4 - t0,
    }


def networkx_comparison(plans, sample: int = 40):
    """christofides (networkx 3.6) against ours on the largest tours of the plan."""
    import networkx as nx
    import numpy as np
    from networkx.algorithms import approximation

    from layers.planning import routing

    largest = sorted(plans, key=lambda p: len(p.stops), reverse=True)[:sample]
    t_nx = t_ours = len_nx = len_ours = 0.0
    for plan in largest:
        xy = np.array([plan.start_xy, *((s.x, s.y) for s in plan.stops)])
        d = routing.distance_matrix(xy)
        graph = nx.from_numpy_array(d)
        t0 = time.perf_counter()
        cycle = approximation.traveling_salesman_problem(graph, cycle=True, method=approximation.christofides)
        t1 = time.perf_counter()
        nodes = routing.solve_matrix(d)
        t2 = time.perf_counter()
        t_nx, t_ours = t_nx + (t1 - t0), t_ours + (t2 - t1)
        len_nx += sum(d[a, b] for a, b in zip(cycle[:-1], cycle[1:], strict=True))
        len_ours += routing.path_length(nodes, d, True)
    stops = [len(p.stops) for p in largest]
    print(
        f"networkx christofides vs ours on the {len(largest)} largest tours ({min(stops)}-{max(stops)} stops):"
        f" {t_nx * 1000 / len(largest):.1f} ms vs {t_ours * 1000 / len(largest):.1f} ms per tour;"
        f" total length {len_nx / 1000:.1f} km vs {len_ours / 1000:.1f} km"
    )


def routing_stress(workers: int = WORKERS, stops: int = 24):
    """Worst case for the pure part: every worker with `stops` daily stops in an 800 m community."""
    import numpy as np

    from layers.planning import patrols

    rng = np.random.default_rng(2026)
    budget = patrols.Budget(minutes=10_000, walk_speed_m_per_min=70, minutes_per_stop=10)
    day = date(2026, 11, 27)
    t0 = time.perf_counter()
    for w in range(workers):
        xy = rng.uniform(0, 800, (stops, 2))
        candidates = [
            patrols.Candidate("cell", f"{w:03d}{i:03d}", "", x, y, 0.0, 0.0, 7, 1.0, "") for i, (x, y) in enumerate(xy)
        ]
        patrols.plan_worker(f"w{w}", "", candidates, (400.0, 400.0), (0.0, 0.0), day, budget)
    elapsed = time.perf_counter() - t0
    print(
        f"routing stress: {workers} workers x {stops} daily stops: {elapsed:.2f} s"
        f" ({elapsed / workers * 1000:.1f} ms each)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--date", default="2026-11-27")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the district year and the workers")
    args = parser.parse_args()
    setup()
    ensure_data(args.rebuild)
    from layers.models import Complaint, GridCell

    day = date.fromisoformat(args.date)
    print(
        f"data: {GridCell.objects.count():,} grid cells ({GridCell.objects.filter(grid_worker__isnull=False).count():,}"
        f" assigned to {WORKERS} workers), {Complaint.objects.count():,} complaints; plan date {day}"
    )
    totals = []
    for run in range(1, args.runs + 1):
        plans, t = timed_plan(day)
        totals.append(t["total"])
        stops = [len(p.stops) for p in plans]
        print(
            f"  run {run}: total {t['total']:.2f} s = workers {t['workers_sql']:.2f} + hotspots (counts, weights,"
            f" Gi*, cells) {t['hotspots']:.2f} + estates {t['estates_sql']:.2f} + selection/routing {t['routing']:.2f};"
            f" {len(plans)} plans, stops mean {statistics.mean(stops):.1f} max {max(stops)},"
            f" dropped {sum(len(p.dropped) for p in plans)}, max minutes {max(p.minutes for p in plans):.0f}"
        )
    print(f"whole plan: first {totals[0]:.2f} s, median of the rest {statistics.median(totals[1:] or totals):.2f} s")
    networkx_comparison(plans)
    routing_stress()


if __name__ == "__main__":
    main()
