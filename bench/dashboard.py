"""Leaders' dashboard first load over a district-scale year (issue 5): <= 2 s and <= 2 MB.

The data is bench/hotspots_data.py's year (26 sub-districts, 416 communities, 26,624 grid cells,
1,664 estates, 600,000 complaints in 2026), built in its own database (default geo_gov_dash_bench)
if it is not there yet. The real page is driven in the system's headless Chromium (Playwright)
against gunicorn on 127.0.0.1 (bench/loopback.py): log in once, then load `/` N times in fresh
pages of the same browser context and time from navigation until every layer and every dashboard
figure of the default view (last 28 days, no filter) is drawn (html[data-layers-state=ready] and
html[data-dash-state=ready]). Bytes are summed from Chromium's own accounting of every response
(headers + body as transferred), split into /api/ calls and static files. The first load of a fresh
server is reported apart: its workers still build the queen-contiguity cache of the grid cells.

    .venv/bin/python bench/dashboard.py [--runs 5] [--workers 2] [--threads 4] [--rebuild]
BENCH_DATABASE_URL overrides postgis://geo_gov:geo_gov@127.0.0.1:5432/geo_gov_dash_bench.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgis://geo_gov:geo_gov@127.0.0.1:5432/geo_gov_dash_bench")
CHROMIUM = "/usr/bin/chromium"
USER, PASSWORD = "bench-dashboard", "bench-dashboard-pw"


def prepare(rebuild: bool) -> None:
    os.environ["DATABASE_URL"] = BENCH_DB
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.hotspots import ensure_database

    ensure_database()
    call_command("migrate", verbosity=0)
    # gunicorn serves static files from STATIC_ROOT (whitenoise), as `make demo` does after `make static`.
    call_command("collectstatic", interactive=False, verbosity=0)
    from bench.hotspots_data import build, loaded

    if rebuild or not loaded():
        started = time.perf_counter()
        build()
        print(f"built the district-scale year in {time.perf_counter() - started:.1f} s")
    from django.contrib.auth import get_user_model

    from layers.models import Complaint, GridCell, HousingProject, Role, StaffProfile

    user, _ = get_user_model().objects.get_or_create(username=USER)
    user.set_password(PASSWORD)
    user.save()
    StaffProfile.objects.update_or_create(user=user, defaults={"role": Role.LEADER, "display_name": "bench"})
    print(
        f"data: {GridCell.objects.count():,} grid cells, {HousingProject.objects.count():,} estates, "
        f"{Complaint.objects.count():,} complaints"
    )


def one_load(context, base: str) -> dict:
    """Open / in a fresh page; time until drawn; sum the bytes of every response."""
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    started = time.perf_counter()
    page.goto(f"{base}/")
    page.wait_for_selector("html[data-layers-state=ready]", state="attached", timeout=120_000)
    page.wait_for_selector("html[data-dash-state=ready]", state="attached", timeout=120_000)
    elapsed = time.perf_counter() - started
    api_bytes = static_bytes = 0
    slowest = []
    for request in responses:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        if "/api/" in request.url:
            api_bytes += size
            slowest.append((request.timing["responseEnd"], request.url.split(base, 1)[-1][:70], size))
        else:
            static_bytes += size
    remote = [r.url for r in responses if not r.url.startswith(base) and not r.url.startswith("data:")]
    page.close()
    return {
        "seconds": elapsed,
        "api_bytes": api_bytes,
        "static_bytes": static_bytes,
        "api_calls": len(slowest),
        "remote": remote,
        "calls": sorted(slowest, reverse=True),
    }


def report(label: str, run: dict) -> None:
    total = run["api_bytes"] + run["static_bytes"]
    print(
        f"{label}: {run['seconds']:.2f} s, {total / 1e6:.2f} MB "
        f"(API {run['api_bytes'] / 1e6:.2f} MB in {run['api_calls']} calls, static {run['static_bytes'] / 1e6:.2f} MB)"
        f"  load {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    prepare(args.rebuild)
    from playwright.sync_api import sync_playwright

    from bench.loopback import free_port, start_server

    port = free_port()
    server = start_server(port, args.workers, args.threads)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
            login = context.new_page()
            login.goto(f"{base}/accounts/login/")
            login.fill("#id_username", USER)
            login.fill("#id_password", PASSWORD)
            login.get_by_role("button", name="登录").click()
            login.wait_for_selector("html[data-dash-state=ready]", state="attached", timeout=300_000)
            login.close()
            # The login above was the fresh server's first load (warm-up of the workers' caches).
            first = one_load(context, base)
            report("first measured load", first)
            runs = [one_load(context, base) for _ in range(args.runs)]
            for number, run in enumerate(runs, start=1):
                report(f"run {number}", run)
            seconds = [run["seconds"] for run in runs]
            totals = [(run["api_bytes"] + run["static_bytes"]) / 1e6 for run in runs]
            print(f"median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s; max {max(totals):.2f} MB")
            print("slowest API calls of the last run (ms from request start, path, bytes):")
            for finished, path, size in runs[-1]["calls"][:12]:
                print(f"  {finished:8.0f}  {path:70s} {size:>9,}")
            print("remote requests:", sorted({url for run in runs for url in run["remote"]}) or "none")
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
