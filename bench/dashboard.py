"""Leaders' dashboard first load over a district-scale year (issue 5): <= 2 s and <= 2 MB.

The data is bench/hotspots_data.py's year (26 sub-districts, 416 communities, 26,624 grid cells,
1,664 estates, 600,000 complaints in 2026), built in its own database (default geo_gov_dash_bench)
if it is not there yet. The real page is driven in the system's headless Chromium (Playwright)
against gunicorn on 127.0.0.1 (bench/loopback.py): log in once, then load `/` N times in fresh
pages of the same browser context and time from navigation until every layer and every dashboard
figure of the default view (last 28 days, no filter) is drawn (html[data-layers-state=ready] and
html[data-dash-state=ready]). Bytes are summed from Chromium's own accounting of every response
(headers + body as transferred), split into /api/ calls and static files. The first load of a fresh
server is reported apart: its workers still import the URLconf and read the weights' disk cache.

The server caches the default view's answers per process (layers/api/dashboard/cache.py, keyed by
the data's version) and the browser revalidates them by ETag, so by default every load after the
first is a returning leader's load with nothing changed. Two flags measure the harder cases:
--fresh writes one complaint (complaint_create) before every load, as the hotline does about once
a minute, so every dashboard figure is computed again; --no-browser-cache disables Chromium's HTTP
cache (every static file and layer fetched again, nothing revalidated). Every load prints its time
and the machine's load average; the median load's requests are listed one by one (start and end
in ms from navigation, status, bytes as transferred).

    .venv/bin/python bench/dashboard.py [--runs 5] [--workers 2] [--threads 4] [--fresh] [--no-browser-cache]
    .venv/bin/python bench/dashboard.py --serial     # each API call alone in one process: time, SQL, statements
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
    # --fresh writes complaints through Django while Playwright's sync API runs its event loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")
    os.environ.setdefault("THROTTLE_HOTSPOTS", "")  # the work, not the request limits
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


def write_complaint(number: int) -> None:
    """One new complaint in the default window, through the intake service: a new data version."""
    from django.utils import timezone

    from layers.models import Category, Community, Complaint
    from layers.services.complaints import complaint_create

    centre = Community.objects.order_by("code").values_list("geom", flat=True).first().point_on_surface
    complaint_create(
        actor=None,
        channel=Complaint.Channel.HOTLINE_12345,
        description=f"bench/dashboard.py --fresh 第{number}条",
        category_code=Category.objects.order_by("code").values_list("code", flat=True).first(),
        lon=centre.x,
        lat=centre.y,
        received_at=timezone.now(),
    )


def _requests(responses: list, base: str) -> list[tuple]:
    """(start ms, end ms from navigation, status, bytes, path) of every request, in start order."""
    navigation = min(r.timing["startTime"] for r in responses)
    rows = []
    for request in responses:
        sizes = request.sizes()
        response = request.response()
        start = request.timing["startTime"] - navigation
        rows.append(
            (
                start,
                start + request.timing["responseEnd"],
                response.status if response else 0,
                sizes["responseBodySize"] + sizes["responseHeadersSize"],
                request.url.split(base, 1)[-1],
            )
        )
    return sorted(rows)


# Notes when the page's two readiness flags are set (ms from navigation), beside DOMContentLoaded.
MARKS = """
new MutationObserver(() => {
  const html = document.documentElement, marks = (window.benchMarks = window.benchMarks || {});
  for (const key of ["layersState", "dashState"]) {
    if (html.dataset[key] === "ready" && !(key in marks)) marks[key] = performance.now();
  }
}).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-layers-state", "data-dash-state"] });
"""


def one_load(context, base: str, no_cache: bool) -> dict:
    """Open / in a fresh page; time until drawn; sum the bytes of every response."""
    page = context.new_page()
    page.add_init_script(MARKS)
    if no_cache:
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    started = time.perf_counter()
    page.goto(f"{base}/")
    page.wait_for_selector("html[data-layers-state=ready]", state="attached", timeout=120_000)
    page.wait_for_selector("html[data-dash-state=ready]", state="attached", timeout=120_000)
    elapsed = time.perf_counter() - started
    marks = page.evaluate(
        "({...window.benchMarks, dom: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd})"
    )
    rows = _requests(responses, base)
    api = [row for row in rows if row[4].startswith("/api/")]
    remote = [r.url for r in responses if not r.url.startswith(base) and not r.url.startswith("data:")]
    page.close()
    return {
        "seconds": elapsed,
        "load": os.getloadavg(),
        "api_bytes": sum(row[3] for row in api),
        "static_bytes": sum(row[3] for row in rows) - sum(row[3] for row in api),
        "api_calls": len(api),
        "remote": remote,
        "requests": rows,
        "marks": marks,
    }


def report(label: str, run: dict) -> None:
    total = run["api_bytes"] + run["static_bytes"]
    print(
        f"{label}: {run['seconds']:.2f} s, {total / 1e6:.2f} MB "
        f"(API {run['api_bytes'] / 1e6:.2f} MB in {run['api_calls']} calls, static {run['static_bytes'] / 1e6:.2f} MB)"
        f"  load {' '.join(f'{x:.1f}' for x in run['load'])}"
    )


def serial() -> None:
    """Each API call of the default view alone, in this process (Django's test client): wall time, SQL
    time and statement count; twice, so the second pass shows what a cached answer costs."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from map_ui.dashboard import default_window, first_load_urls

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=USER))
    layers = [f"/api/layers/{layer}/?page_size=5000" for layer in ("subdistrict", "communities", "military-zones")]
    urls = ["/", *first_load_urls("/api/dashboard/", default_window()), *layers, "/api/topics/?page_size=2000"]
    write_complaint(0)
    for rep in ("new data version", "again"):
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
            sql = sum(float(q["time"]) for q in queries.captured_queries)
            print(
                f"{rep:16s} {elapsed * 1000:6.0f} ms  SQL {sql * 1000:5.0f} ms in {len(queries.captured_queries):2d}"
                f"  {response.status_code} {len(response.content):>8,} B  {url[:70]}  load {os.getloadavg()[0]:.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="write one complaint before every load")
    parser.add_argument("--no-browser-cache", action="store_true", help="Chromium's HTTP cache off")
    parser.add_argument("--serial", action="store_true", help="time each API call alone in this process instead")
    args = parser.parse_args()
    prepare(args.rebuild)
    if args.serial:
        serial()
        return
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
            if args.fresh:
                write_complaint(0)
            first = one_load(context, base, args.no_browser_cache)
            report("first measured load", first)
            runs = []
            for number in range(1, args.runs + 1):
                if args.fresh:
                    write_complaint(number)
                runs.append(one_load(context, base, args.no_browser_cache))
                report(f"run {number}", runs[-1])
            seconds = [run["seconds"] for run in runs]
            totals = [(run["api_bytes"] + run["static_bytes"]) / 1e6 for run in runs]
            print(f"median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s; max {max(totals):.2f} MB")
            median = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
            print(f"requests of the median load ({median['seconds']:.2f} s): start, end ms, status, bytes")
            for start, end, status, size, path in median["requests"]:
                # No body transferred: Chromium's cache answered, or the server's 304 to its revalidation.
                print(f"  {start:6.0f} {end:6.0f}  {status if size > 600 else 'cache'}  {size:>9,}  {path[:110]}")
            marks = median["marks"]
            print(
                f"page (ms from navigation): DOMContentLoaded {marks['dom']:.0f}, layers drawn "
                f"{marks.get('layersState', 0):.0f}, dashboard drawn {marks.get('dashState', 0):.0f}"
            )
            print("remote requests:", sorted({url for run in runs for url in run["remote"]}) or "none")
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
