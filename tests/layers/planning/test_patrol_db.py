"""Patrol plans on PostGIS: the selectors, the API (roles, 400s) and plan_patrols (files read back)."""

from datetime import timedelta

import pyogrio
import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from layers.analytics.hotspot_map import hotspot_rows
from layers.planning import patrols
from layers.selectors import planning_patrols as selector
from tests.layers.planning import patrol_world as world
from tests.layers.planning.patrol_world import CLUSTER, PLAN_DAY, cell_code

# The fixture bound by name here so pytest finds it (a conftest.py would be shared with other tests).
patrol_world = world.patrol_world
URL = "/api/planning/patrols/"


def _classes(day):
    end = selector.day_start(day)
    return {r["code"]: r["class"] for r in hotspot_rows("grid-cells", end - timedelta(days=28), end)}


@pytest.mark.django_db
def test_candidates_are_hot_cells_and_flagged_estates_of_each_worker(patrol_world):
    classes = _classes(PLAN_DAY)
    scene = patrol_world
    cluster_codes = {cell_code(scene, c, r) for c, r in CLUSTER}
    # The planted cluster's centre is hot at 99 %: the scene is what the test says it is.
    assert classes[cell_code(scene, 2, 2)] == "hot_99"
    cells = selector.hot_cells(PLAN_DAY)
    li, wang, zhang = scene["li"].id, scene["wang"].id, scene["zhang"].id
    assert {c.code for c in cells[li]} <= {cell_code(scene, c, r) for c in range(5) for r in range(5)}
    assert cell_code(scene, 2, 2) in {c.code for c in cells[li]}
    # Old complaints (before the window) in 王's area make nothing hot there.
    assert wang not in cells
    for candidate in cells[li]:
        assert candidate.visits_per_week == patrols.CELL_VISITS[classes[candidate.code]]
    # Gi* counts the neighbours too: daily cells are the cluster and the ring touching it, all 李's.
    assert cluster_codes <= {c.code for c in cells[li] if c.visits_per_week == 7}
    assert zhang not in cells
    estates = selector.flagged_estates(PLAN_DAY)
    assert [(e.code, e.visits_per_week) for e in estates[li]] == [("E1", 3)]
    assert estates[li][0].reason.startswith("超期未办结诉求2件")
    assert [(e.code, e.visits_per_week) for e in estates[zhang]] == [("E2", 1)]
    assert wang not in estates


@pytest.mark.django_db
def test_over_a_week_daily_stops_every_day_and_weekly_once(patrol_world, settings):
    settings.PATROL_BUDGET_MINUTES = 10_000  # nothing dropped: frequencies alone decide
    li = patrol_world["li"].id
    candidates = selector.hot_cells(PLAN_DAY)[li] + selector.flagged_estates(PLAN_DAY)[li]
    seen = {c.code: 0 for c in candidates}
    for k in range(7):
        for plan in selector.patrol_plans(PLAN_DAY + timedelta(days=k), ["li"]):
            assert plan.dropped == ()
            for s in plan.stops:
                seen[s.code] += 1
    assert seen == {c.code: c.visits_per_week for c in candidates}


@pytest.mark.django_db
def test_the_budget_holds_and_the_route_visits_each_stop_once(patrol_world, settings):
    settings.PATROL_BUDGET_MINUTES = 45
    plans = {p.worker: p for p in selector.patrol_plans(PLAN_DAY)}
    assert set(plans) == {"li", "wang", "zhang"}
    li = plans["li"]
    assert li.minutes <= 45 and li.dropped, "the cluster's daily cells do not all fit into 45 minutes"
    codes = [s.code for s in li.stops]
    assert len(codes) == len(set(codes))
    # Dropped stops never outrank kept ones.
    worst_kept = max(patrols.priority_key(s) for s in li.stops)
    assert all(patrols.priority_key(d) > worst_kept for d in li.dropped)
    assert plans["wang"].stops == () and plans["wang"].length_m == 0


@pytest.fixture
def api(client, make_user, patrol_world):
    def login(role, username=None, **profile):
        user = patrol_world[username] if username in ("li", "wang", "zhang") else make_user(role, username, **profile)
        client.force_login(user)
        return client

    return login


def _workers(response):
    return {f["properties"]["worker"] for f in response.json()["features"]}


@pytest.mark.django_db
def test_api_geojson_per_contract(api):
    r = api("leader", "boss").get(URL, {"date": "2026-11-27"})
    assert r.status_code == 200
    features = r.json()["features"]
    assert _workers(r) == {"li", "wang", "zhang"}
    route = next(f for f in features if f["properties"]["kind"] == "route" and f["properties"]["worker"] == "li")
    stops = [f for f in features if f["properties"]["kind"] == "stop" and f["properties"]["worker"] == "li"]
    assert route["geometry"]["type"] == "LineString"
    coordinates = route["geometry"]["coordinates"]
    assert coordinates[0] == coordinates[-1] and len(coordinates) == len(stops) + 2
    assert route["properties"]["stops"] == len(stops) and route["properties"]["date"] == "2026-11-27"
    assert {"worker_name", "length_m", "minutes"} <= set(route["properties"])
    assert [s["properties"]["order"] for s in stops] == list(range(1, len(stops) + 1))
    assert [s["geometry"]["coordinates"] for s in stops] == coordinates[1:-1]
    e1 = next(s for s in stops if s["properties"]["code"] == "E1")["properties"]
    assert (e1["stop_kind"], e1["name"], e1["visits_per_week"]) == ("estate", "丰西路45号院", 3)


@pytest.mark.django_db
def test_a_grid_worker_sees_only_their_own_plan(api):
    client = api("grid_worker", "li")
    assert _workers(client.get(URL, {"date": "2026-11-27"})) == {"li"}
    assert _workers(client.get(URL, {"date": "2026-11-27", "worker": "li"})) == {"li"}
    r = client.get(URL, {"date": "2026-11-27", "worker": "zhang"})
    assert r.status_code == 403 and "zhang" not in r.content.decode()


@pytest.mark.django_db
def test_a_cadre_sees_their_community(api, patrol_world):
    client = api("cadre", "cadre-east", community=patrol_world["east"])
    assert _workers(client.get(URL, {"date": "2026-11-27"})) == {"zhang"}
    assert client.get(URL, {"date": "2026-11-27", "worker": "li"}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "text"),
    [
        ({"date": "2026-11-31"}, "date", "2026-11-31"),
        ({"date": "27.11.2026"}, "date", "YYYY-MM-DD"),
        ({"worker": "nobody"}, "worker", "nobody"),
    ],
)
def test_bad_parameters_are_400s_naming_them(api, query, field, text):
    r = api("leader", "boss").get(URL, query)
    assert r.status_code == 400 and text in r.json()[field][0]


@pytest.mark.django_db
def test_login_needed(client, patrol_world):
    assert client.get(URL).status_code in (401, 403)


@pytest.mark.django_db
def test_plan_patrols_writes_files_read_back(patrol_world, tmp_path):
    # A day of the plan's week on which estate E1 (three times a week) is due, so a Chinese estate
    # name is among the stops.
    day = next(
        d for d in (PLAN_DAY + timedelta(days=k) for k in range(7)) if d.weekday() in patrols.visit_days("E1", 3)
    )
    call_command("plan_patrols", "--date", day.isoformat(), "--out", str(tmp_path / "out"))
    gpkg = tmp_path / "out" / "patrols.gpkg"
    assert {name for name, _kind in pyogrio.list_layers(gpkg)} == {"routes", "stops"}
    routes = pyogrio.read_dataframe(gpkg, layer="routes")
    stops = pyogrio.read_dataframe(gpkg, layer="stops")
    assert routes.crs.to_epsg() == 4326 and stops.crs.to_epsg() == 4326
    assert set(routes.geom_type.dropna()) == {"LineString"} and set(stops.geom_type) == {"Point"}
    plans = {p.worker: p for p in selector.patrol_plans(day)}
    assert sorted(routes["worker"]) == ["li", "wang", "zhang"]
    li = routes.set_index("worker").loc["li"]
    assert li["worker_name"] == "李网格" and li["community"] == "西社区"
    assert li["stops"] == len(plans["li"].stops) and li["minutes"] == plans["li"].minutes <= 240
    assert li["length_m"] == pytest.approx(plans["li"].length_m)
    li_stops = stops[stops["worker"] == "li"].sort_values("order")
    assert list(li_stops["code"]) == [s.code for s in plans["li"].stops]
    assert "丰西路45号院" in set(li_stops["name"])
    # 王 has nothing to patrol: a route row without geometry, and no stops.
    assert routes.set_index("worker").loc["wang"]["stops"] == 0 and (stops["worker"] == "wang").sum() == 0
    book = load_workbook(tmp_path / "out" / "patrols.xlsx")
    sheet = book["巡查站点 Stops"]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["网格员账号 / worker", "网格员 / worker name"]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    li_rows = [r for r in rows if r["网格员账号 / worker"] == "li"]
    assert len(li_rows) == len(plans["li"].stops) + len(plans["li"].dropped)
    assert [r["顺序 / order"] for r in li_rows if r["顺序 / order"]] == list(range(1, len(plans["li"].stops) + 1))
    assert book["汇总 Summary"].max_row == 4


@pytest.mark.django_db
def test_dropped_stops_are_listed_in_the_files(patrol_world, tmp_path, settings):
    settings.PATROL_BUDGET_MINUTES = 45
    call_command("plan_patrols", "--date", "2026-11-27", "--out", str(tmp_path))
    plan = selector.patrol_plans(PLAN_DAY, ["li"])[0]
    assert plan.dropped
    routes = pyogrio.read_dataframe(tmp_path / "patrols.gpkg", layer="routes").set_index("worker")
    assert all(d.code in routes.loc["li"]["dropped"] for d in plan.dropped)
    sheet = load_workbook(tmp_path / "patrols.xlsx")["巡查站点 Stops"]
    unscheduled = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "li" and row[4] is None]
    assert sorted(r[6] for r in unscheduled) == sorted(d.code for d in plan.dropped)
    assert all(r[8].startswith("超出时间预算") for r in unscheduled)


@pytest.mark.django_db
def test_plan_patrols_bad_date_names_it_and_writes_nothing(patrol_world, tmp_path):
    with pytest.raises(CommandError, match="--date '2026-02-30'"):
        call_command("plan_patrols", "--date", "2026-02-30", "--out", str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()
