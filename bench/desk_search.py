"""The office case desk's search over 600,000 cases (issue 15): p50/p95 per filter, target p95 <= 300 ms.

The data is bench/desk_data.py's year (bench/hotspots_data.py's 600,000 complaints dressed with
texts, phones, tickets, addresses, statuses and handlers, ending today), in a fresh clone of its
pristine copy (bench/fresh_db.py; built once, --rebuild-base to redo). Each filter of the desk is
asked with realistic values drawn from that data (tickets and phones that exist and some that do
not, the words residents use, estates and buildings, handlers, departments, every status and type,
date windows of 1 to 90 days), as three users: a leader (every case), department staff (the
communities their department 包s) and a community cadre, through the selector the page uses
(layers.selectors.desk_page.desk_page: the page of 50 rows with names and personal data, and the
count up to 10,000). With --http the same searches go through the page itself (GET /desk/ in
process, Django's test client: view, template and all). One pass warms the caches, then --runs
passes are timed in a shuffled order; the machine's load average is printed before and after.

    .venv/bin/python bench/desk_search.py [--runs 5] [--http] [--explain] [--keep-db] [--rebuild-base]
BENCH_DATABASE_URL overrides postgis://geo_gov:geo_gov@127.0.0.1:5432/geo_gov_desk_bench.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgis://geo_gov:geo_gov@127.0.0.1:5432/geo_gov_desk_bench")
LOADERS = [["shell", "-c", "from bench.desk_data import build; build()"]]
TARGET_MS = 300
WORDS = [
    "漏雨", "停车", "噪音", "暖气不热", "垃圾", "电梯", "下水道", "油烟", "违建", "飞线充电", "消防通道", "井盖",
    "积水", "物业", "广场舞", "养老", "漏", "屋顶漏雨严重", "停车 乱停", "老人", "安全隐患", "门禁", "扰民", "施工",
    "小广告", "燃气", "停水", "摊贩", "群租", "遛狗",
]  # fmt: skip
ADDRESSES = ["3号楼", "丰西路", "1单元", "岳各庄", "北大地", "卢沟桥路", "502室", "号院 2号楼", "东安街 4单元"]


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed passes over every query (after one warm-up)")
    parser.add_argument("--http", action="store_true", help="also GET /desk/ through Django's test client")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of one query per filter")
    parser.add_argument("--keep-db", action="store_true", help="run on BENCH_DATABASE_URL as it is, no fresh clone")
    parser.add_argument("--rebuild-base", action="store_true", help="build the pristine copy again")
    return parser.parse_args()


def _sample(sql: str, n: int) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY random() LIMIT %s", [n])
        return [row[0] for row in cursor.fetchall()]


def _dates(rng: random.Random, days: int) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    end = timezone.localdate() - timedelta(days=rng.randrange(0, 365 - days))
    return {"from": (end - timedelta(days=days - 1)).isoformat(), "until": end.isoformat()}


def queries(rng: random.Random) -> dict[str, list[dict]]:
    """Filter name -> the query strings (as dicts) asked for it."""
    from layers.models import Category, Complaint, Department, SishiType

    tickets = _sample("SELECT ticket_no FROM layers_complaint WHERE ticket_no IS NOT NULL", 20) + ["20260101999999x"]
    phones = _sample("SELECT complainant_phone FROM layers_complaint WHERE complainant_phone <> ''", 16)
    # How people type a number they hear: with spaces, dashes, the country code.
    phones += [f"+86 {p[:3]} {p[3:7]} {p[7:]}" for p in phones[:4] if len(p) == 11] + ["13900000000", "13812345678"]
    assignees = _sample("SELECT u.username FROM auth_user u JOIN layers_staffprofile p ON p.user_id = u.id "
                        "WHERE p.role IN ('department', 'grid_worker')", 15) + ["none"]  # fmt: skip
    departments = list(Department.objects.values_list("code", flat=True)) + ["none"]
    categories = list(Category.objects.values_list("code", flat=True))
    running = ["received", "dispatched", "responded", "in_progress", "escalated"]
    return {
        "none (newest first)": [{}],
        "ticket": [{"ticket": t} for t in tickets],
        "phone": [{"phone": p} for p in phones],
        "q (诉求内容)": [{"q": w} for w in WORDS],
        "address": [{"address": a} for a in ADDRESSES],
        "assignee": [{"assignee": a} for a in assignees],
        "department": [{"department": d} for d in departments],
        "status": [{"status": s} for s in Complaint.Status.values] + [{"status": running}],
        "overdue": [{"overdue": "1"}, {"overdue": "1", "sort": "due_asc"}],
        "sishi_type": [{"sishi_type": s} for s in SishiType.values],
        "category": [{"category": c} for c in categories],
        "date range": [_dates(rng, days) for days in (1, 1, 7, 7, 30, 30, 90, 90)],
        "sort by time left": [{"sort": "due_asc", "status": running}, {"sort": "due_asc"}],
        "combined": [
            {"department": departments[0], "overdue": "1", "sort": "due_asc"},
            {"q": "漏雨", **_dates(rng, 30)},
            {"status": "received", "sishi_type": "urgent"},
            {"address": "3号楼", "q": "漏水"},
            {"assignee": "none", "status": "received"},
            {"category": "heating", **_dates(rng, 7)},
        ],
        "deep page (page 20)": [{"page": "20"}, {"q": "停车", "page": "20"}],
    }


def _querydict(params: dict):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, value in params.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return query


def users() -> dict:
    from django.contrib.auth import get_user_model

    from bench.desk_data import PREFIX

    model = get_user_model()
    department = model.objects.get(username=f"{PREFIX}d01-1")
    cadre = model.objects.filter(username__startswith=f"{PREFIX}c-").order_by("username").first()
    return {"leader": model.objects.get(username=f"{PREFIX}leader"), "department": department, "cadre": cadre}


def _time_selector(user, params: dict) -> float:
    from layers.selectors.desk_page import desk_page
    from layers.selectors.desk_search import parse_search

    started = time.perf_counter()
    desk_page(user, parse_search(_querydict(params)))
    return (time.perf_counter() - started) * 1000


def _time_http(client, params: dict) -> float:
    started = time.perf_counter()
    response = client.get("/desk/", _querydict(params))
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (params, response.status_code)
    return elapsed


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(timer, by_user: dict, asked: dict, runs: int, rng: random.Random) -> dict:
    """{(filter, role): [ms, ...]} over `runs` shuffled passes after one warm-up pass."""
    jobs = [(name, role, params) for name, items in asked.items() for role in by_user for params in items]
    for _, role, params in jobs:
        timer(by_user[role], params)
    times: dict = {}
    for _ in range(runs):
        rng.shuffle(jobs)
        for name, role, params in jobs:
            times.setdefault((name, role), []).append(timer(by_user[role], params))
    return times


def report(title: str, times: dict, asked: dict, roles) -> bool:
    print(f"\n{title}\n| filter | queries | " + " | ".join(f"{r} p50 / p95 ms" for r in roles) + " |")
    print("|---|---:|" + "---:|" * len(roles))
    met = True
    for name in asked:
        cells = []
        for role in roles:
            values = times[(name, role)]
            p95 = _percentile(values, 0.95)
            met &= p95 <= TARGET_MS
            cells.append(f"{statistics.median(values):.1f} / {p95:.1f}{'' if p95 <= TARGET_MS else ' ✗'}")
        print(f"| {name} | {len(asked[name])} | " + " | ".join(cells) + " |")
    return met


def explain(user, asked: dict) -> None:
    from django.db import connection

    from layers.selectors.desk import desk_cases
    from layers.selectors.desk_search import parse_search

    for name, items in asked.items():
        cases = desk_cases(user, parse_search(_querydict(items[0])))
        sql, params = cases.values_list("id", flat=True)[:50].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
            print(f"\n-- {name}: {items[0]}\n" + "\n".join(row[0] for row in cursor.fetchall()))


def main() -> None:
    args = _options()
    if args.keep_db:
        os.environ["DATABASE_URL"] = BENCH_DB
    else:
        from bench.fresh_db import database_for_run

        os.environ["DATABASE_URL"] = database_for_run(BENCH_DB, LOADERS, rebuild_base=args.rebuild_base)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")
    import django

    django.setup()
    from django.db import connection

    from layers.models import Complaint

    rng = random.Random(15)
    asked, by_user = queries(rng), users()
    print(f"database {connection.settings_dict['NAME']}: {Complaint.objects.count():,} complaints")
    print(f"load average before: {os.getloadavg()}")
    met = report("selector (desk_page)", measure(_time_selector, by_user, asked, args.runs, rng), asked, by_user)
    if args.http:
        from django.test import Client

        clients = {}
        for role, user in by_user.items():
            clients[role] = Client(HTTP_HOST="127.0.0.1")
            clients[role].force_login(user)
        times = measure(_time_http, clients, asked, args.runs, rng)
        met &= report("page (GET /desk/, in process)", times, asked, by_user)
    print(f"\nload average after: {os.getloadavg()}")
    print(f"target p95 <= {TARGET_MS} ms for every filter and role: {'met' if met else 'NOT met'}")
    if args.explain:
        explain(by_user["leader"], asked)
        explain(by_user["department"], asked)


if __name__ == "__main__":
    main()
