"""How fast is /api/locate? HTTP latency under load, and the database time of one lookup.

Run after `make demo` has loaded the demo layers (or any layers):
    .venv/bin/python bench/locate.py [--requests 10000] [--clients 8] [--workers 3]
It starts its own gunicorn on a free loopback port, sends --requests GETs from --clients
threads with keep-alive connections (random points in the sub-district's bounding box, in
WGS84), prints p50/p90/p99/max, then measures the locate SQL alone with EXPLAIN ANALYZE.
Targets (issue 2): database p99 <= 2 ms, HTTP p99 <= 30 ms.
"""

import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.loopback import bench_token, free_port, freeze_client_heap, start_server  # noqa: E402
from bench.tail import percentiles  # noqa: E402
from layers.locate import LOCATE_SQL  # noqa: E402
from layers.models import Subdistrict  # noqa: E402


def random_points(n, seed=42):
    sub = Subdistrict.objects.first()
    if sub is None:
        sys.exit("No sub-district in the database: run `make demo` (or load_demo) first.")
    x0, y0, x1, y1 = sub.geom.extent
    rng = random.Random(seed)
    return [(rng.uniform(x0, x1), rng.uniform(y0, y1)) for _ in range(n)]


def client(port, token, points, latencies, errors):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Authorization": f"Token {token}", "Connection": "keep-alive"}
    for lon, lat in points:
        started = time.perf_counter()
        conn.request("GET", f"/api/locate/?lon={lon:.7f}&lat={lat:.7f}", headers=headers)
        response = conn.getresponse()
        body = response.read()
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status != 200 or b'"inside"' not in body:
            errors.append(response.status)
    conn.close()


def bench_http(args, token, points):
    port = free_port()
    server = start_server(port, args.workers)
    try:
        warm = []
        client(port, token, points[:200], warm, [])
        freeze_client_heap()
        latencies, errors = [], []
        chunks = [points[i :: args.clients] for i in range(args.clients)]
        threads = [threading.Thread(target=client, args=(port, token, c, latencies, errors)) for c in chunks]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()
    result = percentiles(latencies)
    result["requests_per_s"] = len(latencies) / elapsed
    result["errors"] = len(errors)
    return result


def bench_db(points):
    """Server-side execution time (EXPLAIN ANALYZE) and the round trip Django sees, per lookup."""
    server, round_trip = [], []
    with connection.cursor() as cursor:
        for lon, lat in points:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + LOCATE_SQL, [lon, lat])
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            server.append(plan[0]["Execution Time"] + plan[0]["Planning Time"])
            started = time.perf_counter()
            cursor.execute(LOCATE_SQL, [lon, lat])
            cursor.fetchone()
            round_trip.append((time.perf_counter() - started) * 1000)
    return {"server": percentiles(server), "round_trip": percentiles(round_trip)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="> 1 selects gunicorn's gthread worker")
    parser.add_argument("--db-samples", type=int, default=2_000)
    args = parser.parse_args()
    points = random_points(args.requests)
    token = bench_token("bench-locate")
    db = bench_db(points[: args.db_samples])
    http_result = bench_http(args, token, points)
    print(json.dumps({"db_ms": db, "http_ms": http_result, "args": vars(args)}, indent=2))


if __name__ == "__main__":
    main()
