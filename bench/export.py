"""Exports and feeds at scale (issue 7), in one run:

1. /api/layers/complaints.geojson (assembled in PostgreSQL, streamed) against
   djangorestframework-gis' GeoFeatureModelSerializer on the same 100,000 complaints with the same
   properties: features per second, whole response consumed (target: ours >= 10x).
2. /tiles/complaints/{z}/{x}/{y}.pbf against the bare ST_AsMVT statement for the same tiles
   (target: endpoint time <= 1.3x the query's).
3. export_layer("complaints", "gpkg", ...) of 1,000,000 complaints (target: <= 30 s), in srid 4326
   and 4548, --gpkg-runs times each (the machine is shared: one figure alone may be a busy moment).
   Wall time, this process's CPU time and the load average are printed for each export.

Needs its own database (its name must contain "bench": complaints are deleted and regenerated):
    su postgres -c "createdb -O geo_gov -T template_postgis geo_gov_bench_export"
    DATABASE_URL=postgis://geo_gov:geo_gov@127.0.0.1:5432/geo_gov_bench_export .venv/bin/python bench/export.py
Options: --small N (default 100000), --large N (default 1000000), --tile-repeats N (default 5),
--gpkg-runs N (default 2), --parts geojson,tiles,gpkg (default all three), --personal-every N (one
description in N carries a phone number, one in 10N an ID number too: the masking's work; default 0).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")
# The bench measures the work, not the request limits (geo_gov/settings.py THROTTLE_*).
os.environ.setdefault("THROTTLE_EXPORT", "")
os.environ.setdefault("THROTTLE_TILES", "")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.export_setup import bench_token, complaint_serializer_view, generate_complaints, tiles_over  # noqa: E402
from layers.api.tiles.mvt import TILE_LAYERS  # noqa: E402
from layers.exporters import export_layer  # noqa: E402


def consume(response) -> int:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, (response.status_code, body[:300])
    return len(body)


def timed(fn, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def bench_geojson(client, n: int, repeats: int):
    theirs_view = complaint_serializer_view()
    sizes = {}

    def ours():
        sizes["ours"] = consume(client.get("/api/layers/complaints.geojson"))

    def theirs():
        sizes["theirs"] = consume(theirs_view())

    ours_t, theirs_t = timed(ours, repeats), timed(theirs, max(1, repeats - 1))
    best_ours, best_theirs = min(ours_t), min(theirs_t)
    print(f"GeoJSON, {n:,} complaints")
    for name, label, best, runs in (
        ("ours", "ours (SQL json, streamed)", best_ours, ours_t),
        ("theirs", "drf-gis serializer", best_theirs, theirs_t),
    ):
        mb = sizes[name] / 1e6
        print(f"  {label:27} best {best:.2f} s of {len(runs)}, {n / best:,.0f} features/s, {mb:.1f} MB")
    print(f"  speed-up: {best_theirs / best_ours:.1f}x (target >= 10x)")


def bench_tiles(client, repeats: int):
    sql = TILE_LAYERS["complaints"].sql()
    print("Tiles, complaints layer: endpoint (Django test client, token auth, ETag) vs bare ST_AsMVT")
    total_query = total_endpoint = 0.0
    for z in (14, 15, 16, 17):
        tiles = tiles_over(z)
        query_t, endpoint_t = [], []
        for _ in range(repeats):
            for _z, x, y in tiles:
                start = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute(sql, [z, x, y])
                    cursor.fetchone()
                query_t.append(time.perf_counter() - start)
                start = time.perf_counter()
                response = client.get(f"/tiles/complaints/{z}/{x}/{y}.pbf")
                assert response.status_code in (200, 204)
                endpoint_t.append(time.perf_counter() - start)
        total_query += sum(query_t)
        total_endpoint += sum(endpoint_t)
        print(
            f"  z{z}: {len(tiles)} tiles x {repeats}: query median {statistics.median(query_t) * 1e3:.1f} ms, "
            f"endpoint median {statistics.median(endpoint_t) * 1e3:.1f} ms, ratio {sum(endpoint_t) / sum(query_t):.2f}"
        )
    print(f"  all tiles: endpoint / query = {total_endpoint / total_query:.2f} (target <= 1.3)")


def bench_gpkg(n: int, runs: int):
    with tempfile.TemporaryDirectory() as folder:
        for run in range(1, runs + 1):
            for srid in ("4326", "4548"):
                start, cpu = time.perf_counter(), os.times()
                result = export_layer("complaints", "gpkg", srid, Path(folder) / f"complaints_{srid}.gpkg")
                elapsed, used = time.perf_counter() - start, os.times()
                cpu_s = used.user - cpu.user + used.system - cpu.system
                size = result.path.stat().st_size / 1e6
                load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
                print(
                    f"GeoPackage run {run}, {result.count:,} complaints, srid {srid}: {elapsed:.1f} s wall "
                    f"({cpu_s:.1f} s CPU in this process; {size:.0f} MB; load {load}; target <= 30 s)",
                    flush=True,
                )
                assert result.count == n


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tile-repeats", type=int, default=5)
    parser.add_argument("--gpkg-runs", type=int, default=2)
    parser.add_argument("--parts", default="geojson,tiles,gpkg")
    parser.add_argument("--personal-every", type=int, default=0)
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    if "bench" not in settings.DATABASES["default"]["NAME"]:
        sys.exit("Refusing: DATABASE_URL must name a database containing 'bench' (complaints are regenerated).")
    call_command("migrate", verbosity=0)
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client(HTTP_AUTHORIZATION=f"Token {bench_token()}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Database {settings.DATABASES['default']['NAME']}; {os.cpu_count()} CPUs (shared; load {load})")
    if parts & {"geojson", "tiles"}:
        generate_complaints(args.small, args.personal_every)
    if "geojson" in parts:
        bench_geojson(client, args.small, args.repeats)
    if "tiles" in parts:
        bench_tiles(client, args.tile_repeats)
    if "gpkg" in parts:
        generate_complaints(args.large, args.personal_every)
        bench_gpkg(args.large, args.gpkg_runs)


if __name__ == "__main__":
    main()
