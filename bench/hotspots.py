"""Hotspot and weekly-report benchmarks (issue 4).

1. Gi* on a 100,000-cell queen lattice (400 x 250): ours (layers.analytics.hotspots) against
   PySAL esda G_Local(star=True, transform="B", permutations=0) in the same run, on the same
   weights; z-scores must agree to 1e-9. Target: ours >= 100x faster. esda's W is built outside
   the timing (lat2W), ours from lat2SW; only the statistic is timed for both.
2. The weekly report (周报) of 2026-W47 over a district-scale year: 26 sub-districts (3.2 km
   squares, 16 communities of 800 m, 64 grid cells of 100 m each, 4 estates per community),
   600,000 complaints in 2026 with clusters at estates and seasonal categories. The data lives in
   its own database (default geo_gov_analytics_bench, created from template_postgis and migrated),
   generated with INSERT ... SELECT over generate_series: no Python loop over rows. Timed: the
   report dict, its HTML (with the SVG map) and its xlsx. Target: <= 10 s. Measured warm (repeated
   in one process) and cold (--cold N: N fresh processes, one report each, timed from interpreter
   start, imports and django.setup() included; --clear-cache also empties the analytics disk cache
   first, as after a boundary change). The load average is printed beside every figure: the
   machine is shared.

    .venv/bin/python bench/hotspots.py                 # both parts (builds the bench DB if empty)
    .venv/bin/python bench/hotspots.py --part gi       # only part 1 (no database)
    .venv/bin/python bench/hotspots.py --part report --rebuild
    .venv/bin/python bench/hotspots.py --part report --cold 3 [--clear-cache] [--breakdown]
BENCH_DATABASE_URL overrides postgis://geo_gov:geo_gov@127.0.0.1:5432/geo_gov_analytics_bench.
"""

import argparse
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

# Taken before anything heavy is imported: a cold run is timed from here.
STARTED = time.perf_counter()

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgis://geo_gov:geo_gov@127.0.0.1:5432/geo_gov_analytics_bench")


def load() -> str:
    return "load " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def best_of(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def bench_gi(rows=400, cols=250, repeat=3):
    import numpy as np
    from esda.getisord import G_Local
    from libpysal.weights import lat2SW, lat2W

    from layers.analytics.hotspots import gi_star, gi_star_z

    y = np.random.default_rng(2026).poisson(3.0, size=rows * cols).astype(float)
    w_ours = lat2SW(rows, cols, criterion="queen").tocsr()
    t0 = time.perf_counter()
    w_esda = lat2W(rows, cols, rook=False)
    build = time.perf_counter() - t0

    def esda():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return G_Local(y, w_esda, transform="B", star=True, permutations=0).Zs

    t_esda, z_esda = best_of(esda, repeat)
    t_ours, z_ours = best_of(lambda: gi_star_z(y, w_ours), repeat)
    t_full, _ = best_of(lambda: gi_star(y, w_ours), repeat)
    diff = float(np.max(np.abs(z_ours - z_esda)))
    print(f"Gi* on {rows * cols:,} cells (queen lattice {rows}x{cols}); esda W build (untimed) {build:.2f} s")
    print(f"  esda G_Local(star=True, B, permutations=0): {t_esda * 1000:9.1f} ms (best of {repeat})")
    print(f"  ours gi_star_z:                              {t_ours * 1000:9.1f} ms  -> {t_esda / t_ours:,.0f}x faster")
    print(f"  ours gi_star (+ p, BH FDR, classes):         {t_full * 1000:9.1f} ms  -> {t_esda / t_full:,.0f}x faster")
    print(f"  max |z_ours - z_esda| = {diff:.2e}  ({'identical to 1e-9' if diff <= 1e-9 else 'MISMATCH'})")
    return {"esda": t_esda, "ours": t_ours, "full": t_full, "diff": diff}


def setup_django():
    os.environ["DATABASE_URL"] = BENCH_DB
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")
    import django

    django.setup()


def ensure_database():
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    conninfo = f"host={db['HOST']} port={db['PORT']} user={db['USER']} password={db['PASSWORD']} dbname=postgres"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{db["NAME"]}" TEMPLATE template_postgis')
            print(f"created database {db['NAME']}")


def prepare_report_db(rebuild: bool):
    setup_django()
    ensure_database()
    from django.core.management import call_command

    from bench.hotspots_data import build, loaded

    call_command("migrate", verbosity=0)
    if rebuild or not loaded():
        t0 = time.perf_counter()
        build()
        print(f"built the district-scale year in {time.perf_counter() - t0:.1f} s")
    from layers.models import Complaint, GridCell, HousingProject, Subdistrict

    print(
        f"data: {Subdistrict.objects.count()} sub-districts, {GridCell.objects.count():,} grid cells, "
        f"{HousingProject.objects.count():,} estates, {Complaint.objects.count():,} complaints"
    )


def one_report(label: str, since: float) -> float:
    """Time the report of 2026-W47 (data, HTML, xlsx) and print one line; returns the total from since."""
    from layers.analytics.report_html import render_html
    from layers.analytics.reports import weekly_report
    from layers.exporters.weekly_report import workbook_bytes

    t0 = time.perf_counter()
    report = weekly_report("2026-W47")
    t1 = time.perf_counter()
    html = render_html(report)
    t2 = time.perf_counter()
    xlsx = workbook_bytes(report)
    t3 = time.perf_counter()
    print(
        f"  {label}: {t3 - since:.2f} s = setup+imports {t0 - since:.2f} + report data {t1 - t0:.2f}"
        f" + HTML {t2 - t1:.2f} + xlsx {t3 - t2:.2f}; this process's CPU so far {time.process_time():.2f} s"
        f"  ({load()}; week: {report['totals']['count']:,} cases;"
        f" HTML {len(html) / 1e6:.1f} MB; xlsx {len(xlsx) / 1e3:.0f} kB)",
        flush=True,
    )
    return t3 - since


def fixed_costs() -> str:
    """In a fresh process, the one-off costs a first report pays, each timed on its own: jieba's
    dictionary (with the gazetteer words) and the queen weights of both levels the report uses."""
    from layers.analytics.aggregation import unit_counts
    from layers.analytics.hotwords import _tokenizer, gazetteer_words
    from layers.analytics.reports import iso_week_window
    from layers.analytics.weights import queen_weights

    start, end = iso_week_window("2026-W47")
    t0 = time.perf_counter()
    _tokenizer(tuple(sorted(gazetteer_words())))
    t1 = time.perf_counter()
    parts = [f"jieba dictionary {t1 - t0:.2f} s"]
    for level_key in ("grid-cells", "housing-projects"):
        ids = [r["id"] for r in unit_counts(level_key, start, end)]
        t0 = time.perf_counter()
        queen_weights(level_key, ids)
        parts.append(f"queen {level_key} {time.perf_counter() - t0:.2f} s")
    return ", ".join(parts)


def bench_report(repeat: int = 3):
    """Warm: the report repeated in this process (the first run also loads jieba and the weights)."""
    for run in range(1, repeat + 1):
        one_report(f"in-process run {run}", time.perf_counter())


def bench_cold(runs: int, clear_cache: bool, breakdown: bool = False):
    """Each run a fresh interpreter: imports, django.setup(), jieba's dictionary, the weights."""
    from layers.analytics import disk_cache

    for run in range(1, runs + 1):
        if clear_cache:
            for path in disk_cache.cache_dir().glob("*.npy"):
                path.unlink()
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--part", "report-once", "--label", f"fresh process {run}"]
            + (["--breakdown"] if breakdown else []),
            check=True,
            env={**os.environ, "DATABASE_URL": BENCH_DB},
        )
        print(f"    process wall time, interpreter start to exit: {time.perf_counter() - t0:.2f} s ({load()})")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["all", "gi", "report", "report-once"], default="all")
    parser.add_argument("--rebuild", action="store_true", help="drop and regenerate the bench complaints")
    parser.add_argument("--runs", type=int, default=3, help="in-process (warm) report runs")
    parser.add_argument("--cold", type=int, default=0, help="fresh-process report runs (before the warm ones)")
    parser.add_argument("--clear-cache", action="store_true", help="empty the analytics disk cache before each")
    parser.add_argument("--label", default="fresh process", help=argparse.SUPPRESS)
    parser.add_argument(
        "--breakdown", action="store_true", help="fresh processes time jieba and the weights apart first"
    )
    args = parser.parse_args()
    if args.part == "report-once":
        setup_django()
        if args.breakdown:
            print(f"  {args.label}: one-off costs: {fixed_costs()} ({load()})")
        one_report(args.label, STARTED)
        return
    if args.part in ("all", "gi"):
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")
        print(load())
        bench_gi()
        print(load())
    if args.part in ("all", "report"):
        prepare_report_db(args.rebuild)
        bench_cold(args.cold, args.clear_cache, args.breakdown)
        bench_report(args.runs)


if __name__ == "__main__":
    main()
