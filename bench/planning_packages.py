"""成片 renovation packages for 600 estates at district scale (issue 6, target <= 10 s).

Timed end to end: layers.selectors.planning_packages.renovation_packages(2026-01-01, 2026-10-31)
with the settings' caps (300 m, 9 estates, 6,000 households) — the renovation engineer's evidence
query and scoring (renovation_scores), the period's infrastructure total, the one-query neighbour
pairs, and the greedy grouping — then package_geometries (ST_Union per package, as the API serves).
Each stage is also timed on its own. A second set of runs at 600 m (--wide) makes packages large
enough for the 9-estate and 6,000-household caps to bind.

The data (bench/planning_packages_data.py: 600 estates on a jittered 30 x 20 lattice, 300,000
complaints over 2026) lives in its own database, default geo_gov_pkg_bench, created from
template_postgis and migrated; built once with INSERT ... SELECT over generate_series.

    .venv/bin/python bench/planning_packages.py              # builds the data if missing, 5 runs
    .venv/bin/python bench/planning_packages.py --rebuild --runs 7
    .venv/bin/python bench/planning_packages.py --pairs      # + the pair query's slower forms
BENCH_DATABASE_URL overrides postgis://geo_gov:geo_gov@127.0.0.1:5432/geo_gov_pkg_bench.
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
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgis://geo_gov:geo_gov@127.0.0.1:5432/geo_gov_pkg_bench")
PERIOD = (date(2026, 1, 1), date(2026, 10, 31))


def setup():
    os.environ["DATABASE_URL"] = BENCH_DB
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")
    import django

    django.setup()
    from bench.hotspots import ensure_database

    ensure_database()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def stages() -> dict[str, float]:
    """One run of every stage on its own (same calls renovation_packages makes)."""
    from django.conf import settings

    from layers.planning.packages import form_packages
    from layers.selectors.planning import renovation_scores
    from layers.selectors.planning_packages import estate_distance_pairs, total_infra_count

    t0 = time.perf_counter()
    scores = renovation_scores(*PERIOD)
    t1 = time.perf_counter()
    total_infra_count(*PERIOD)
    t2 = time.perf_counter()
    distance = settings.RENOVATION_PACKAGE_MAX_DISTANCE_M
    pairs = estate_distance_pairs([s.id for s in scores if s.infra_count > 0], distance)
    t3 = time.perf_counter()
    caps = {"max_estates": settings.RENOVATION_PACKAGE_MAX_ESTATES}
    caps["max_households"] = settings.RENOVATION_PACKAGE_MAX_HOUSEHOLDS
    form_packages(scores, pairs, max_distance_m=distance, **caps, total_infra=sum(s.infra_count for s in scores))
    t4 = time.perf_counter()
    return {
        "renovation_scores": t1 - t0,
        "total_infra_count": t2 - t1,
        "estate_distance_pairs": t3 - t2,
        "form_packages": t4 - t3,
    }


# The same pairs without the 4326 GiST prefilter, to show why estate_distance_pairs has one.
ALTERNATIVES = {
    "self-join of ST_Transform'ed shapes in a CTE (no index)": """
        WITH e AS MATERIALIZED (SELECT id, ST_Transform(geom, 4548) AS g FROM layers_housingproject)
        SELECT count(*) FROM e a JOIN e b ON a.id < b.id AND ST_DWithin(a.g, b.g, %(m)s)""",
    "ST_DWithin(ST_Transform(a), ST_Transform(b)) without prefilter": """
        SELECT count(*) FROM layers_housingproject a JOIN layers_housingproject b
          ON a.id < b.id AND ST_DWithin(ST_Transform(a.geom, 4548), ST_Transform(b.geom, 4548), %(m)s)""",
    "ST_DWithin on geography (no geography index)": """
        SELECT count(*) FROM layers_housingproject a JOIN layers_housingproject b
          ON a.id < b.id AND ST_DWithin(a.geom::geography, b.geom::geography, %(m)s)""",
}


def compare_pairs() -> None:
    from django.conf import settings
    from django.db import connection

    from layers.models import HousingProject
    from layers.selectors.planning_packages import estate_distance_pairs

    metres = settings.RENOVATION_PACKAGE_MAX_DISTANCE_M
    t0 = time.perf_counter()
    ours = len(estate_distance_pairs(HousingProject.objects.values_list("id", flat=True), metres))
    print(
        f"  estate_distance_pairs (GiST prefilter in 4326, ST_DWithin in 4548): {time.perf_counter() - t0:.3f} s, "
        f"{ours} pairs"
    )
    for name, sql in ALTERNATIVES.items():
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, {"m": metres})
            count = cursor.fetchone()[0]
        print(f"  {name}: {time.perf_counter() - t0:.3f} s, {count} pairs")


def run(runs: int, max_distance_m: float | None) -> None:
    from django.conf import settings

    from layers.selectors.planning_packages import package_geometries, renovation_packages

    distance = settings.RENOVATION_PACKAGE_MAX_DISTANCE_M if max_distance_m is None else max_distance_m
    print(
        f"max_distance_m {distance:g}, max_estates {settings.RENOVATION_PACKAGE_MAX_ESTATES}, "
        f"max_households {settings.RENOVATION_PACKAGE_MAX_HOUSEHOLDS}"
    )
    totals, with_geometry = [], []
    for i in range(1, runs + 1):
        t0 = time.perf_counter()
        packages = renovation_packages(*PERIOD, max_distance_m=distance)
        t1 = time.perf_counter()
        package_geometries(packages)
        t2 = time.perf_counter()
        totals.append(t1 - t0)
        with_geometry.append(t2 - t0)
        sizes = [len(p.estate_ids) for p in packages]
        print(
            f"  run {i}: renovation_packages {t1 - t0:.2f} s, + ST_Union geometries {t2 - t1:.2f} s"
            f" = {t2 - t0:.2f} s  ({len(packages)} packages of {min(sizes)}-{max(sizes)} estates,"
            f" {sum(sizes)} estates, at most {max(p.households for p in packages)} households;"
            f" top package {packages[0].infra_count} cases,"
            f" {packages[0].infra_share:.2%} of the period's)"
        )
    print(f"renovation_packages: median {statistics.median(totals):.2f} s, max {max(totals):.2f} s (target <= 10 s)")
    print(f"with geometries:     median {statistics.median(with_geometry):.2f} s, max {max(with_geometry):.2f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--wide", type=float, default=600.0, help="second set of runs at this distance (m)")
    parser.add_argument("--pairs", action="store_true", help="also time the pair query's slower forms (~30 s)")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the estates and complaints")
    args = parser.parse_args()
    setup()
    from bench.planning_packages_data import build, loaded
    from layers.models import Complaint, HousingProject

    if args.rebuild or not loaded():
        t0 = time.perf_counter()
        build()
        print(f"built the 600 estates and their year of complaints in {time.perf_counter() - t0:.1f} s")
    print(f"data: {HousingProject.objects.count()} estates, {Complaint.objects.count():,} complaints")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    run(args.runs, None)
    split = stages()
    print("one run by stage (settings' distance): " + ", ".join(f"{k} {v:.3f} s" for k, v in split.items()))
    # A wider reach makes bigger packages, where the estate and household caps bind.
    run(args.runs, args.wide)
    if args.pairs:
        compare_pairs()
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
