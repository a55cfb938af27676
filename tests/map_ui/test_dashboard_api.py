"""/api/dashboard/: the figures follow every filter, agree with layers/analytics, and are scoped by role."""

import base64
import io

import pytest
from django.utils import timezone
from PIL import Image

from layers.analytics.hotspot_map import hotspot_rows
from layers.models import Complaint, Role
from layers.models.complaint import RUNNING_STATUSES, UNFINISHED_STATUSES
from tests.geometry import lonlat
from tests.map_ui.dashboard_world import END, PREVIOUS, START, WINDOW, percent

# The world's fixtures (dashboard_world and the analytics tests' grid_world it builds on).
pytest_plugins = ["tests.map_ui.dashboard_world"]


@pytest.fixture
def leader(client, make_user):
    client.force_login(make_user(Role.LEADER))
    return client


def get(client, path, **params):
    response = client.get(f"/api/dashboard/{path}", {**WINDOW, **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_summary_cards_follow_each_filter(leader, dashboard_world):
    world = dashboard_world
    body = get(leader, "summary/")
    assert body["count"] == len(world.select())
    assert body["previous"] == len(world.select(start=PREVIOUS, end=START))
    assert body["change_pct"] == round((body["count"] - body["previous"]) / body["previous"] * 100, 1)
    still_open = world.select(status=list(UNFINISHED_STATUSES))
    assert body["open"] == len(still_open)
    running = [c for c in still_open if c.status in RUNNING_STATUSES]
    assert body["overdue"] == len([c for c in running if c.due_at and c.due_at < timezone.now()]) > 0

    for name, field, value in [
        ("category", "category_id", world.complaints[-1].category_id),
        ("channel", "channel", Complaint.Channel.WECHAT_GROUP),
        ("sishi_type", "sishi_type", world.complaints[0].sishi_type),
        ("status", "status", Complaint.Status.RESOLVED),
    ]:
        param = world.complaints[-1].category.code if name == "category" else value
        filtered = get(leader, "summary/", **{name: param})
        assert filtered["count"] == len(world.select(**{field: value})), name
        assert filtered["count"] < body["count"]


def test_summary_sanlv_of_the_resolved_leaks(leader, dashboard_world):
    leaks = dashboard_world.select(channel=Complaint.Channel.WECHAT_GROUP)
    sanlv = get(leader, "summary/", channel="wechat_group")["sanlv"]
    rated = [c for c in leaks if c.satisfaction]
    responded = [c for c in leaks if c.responded_at]
    assert sanlv["n"] == len(leaks)
    assert sanlv["satisfaction_rate"] == percent(len(rated), len(rated))
    assert sanlv["response_rate"] == pytest.approx(percent(len(responded), len(leaks)))


def test_choropleth_rates_per_thousand_households(leader, dashboard_world):
    rows = {r["code"]: r for r in get(leader, "communities/")["rows"]}
    for community in dashboard_world.communities.values():
        count = len(dashboard_world.select(community_id=community.pk))
        assert rows[community.code]["count"] == count
        assert rows[community.code]["per_1000_households"] == round(count * 1000 / community.households, 2)
    # Below the minimum sample (10) a community gets no score; the west one has the cluster.
    west, east = (rows[c.code] for c in dashboard_world.communities.values())
    assert west["composite"] is not None or west["sanlv_n"] < 10
    assert east["composite"] is None and east["sanlv_n"] < 10


def test_hotspots_equal_the_analytics_hotspots_and_follow_the_filter(leader, dashboard_world):
    body = get(leader, "hotspots/")
    expected = {r["code"]: r["class"] for r in hotspot_rows("grid-cells", START, END) if r["class"] != "none"}
    assert {f["id"]: f["properties"]["class"] for f in body["features"]} == expected
    assert dashboard_world.cells[(0, 0)].code in expected
    assert body["units"] == len(dashboard_world.cells)
    assert sum(body["classes"].values()) == body["units"]
    # Only noise on patrol: no cluster left, so the south-west cell is no longer hot.
    patrol = get(leader, "hotspots/", channel="grid_patrol")
    assert dashboard_world.cells[(0, 0)].code not in {f["id"] for f in patrol["features"]}


def test_heat_image_covers_the_points_of_the_filter(leader, dashboard_world):
    body = get(leader, "heat/")
    assert body["points"] == len(dashboard_world.select())
    (south, west), (north, east) = body["bounds"]
    middle_lon, middle_lat = lonlat(500, 500)
    assert south < middle_lat < north and west < middle_lon < east
    image = Image.open(io.BytesIO(base64.b64decode(body["image"].split(",", 1)[1])))
    assert image.format == "PNG"
    alpha = image.convert("RGBA").getchannel("A")
    assert alpha.getextrema()[1] > 0
    # The cluster sits in the south-west: the densest pixel lies in the image's lower-left quarter.
    pixels = list(alpha.get_flattened_data())
    top = pixels.index(max(pixels))
    assert top % image.width < image.width / 2 and top // image.width > image.height / 2
    leaks = get(leader, "heat/", category="a_leak")
    assert leaks["points"] == len(dashboard_world.select(channel=Complaint.Channel.WECHAT_GROUP))
    assert leaks["max_per_km2"] < body["max_per_km2"]


def test_unit_panel_lists_cases_and_weekly_trend(leader, dashboard_world):
    cell = dashboard_world.cells[(0, 0)]
    body = get(leader, "unit/", level="grid-cells", code=cell.code)
    in_cell = dashboard_world.select(grid_cell_id=cell.pk)
    assert body["total"] == len(in_cell) and len(body["cases"]) == min(20, len(in_cell))
    assert sum(week["count"] for week in body["weekly"]) == len(in_cell)
    assert len(body["weekly"]) >= 12
    assert body["cases"][0]["complainant_name"] == "张三"
    estate = get(leader, "unit/", level="housing-projects", code="E2", status="dispatched")
    assert estate["total"] == len(
        dashboard_world.select(housing_project_id=dashboard_world.estates["E2"].pk, status="dispatched")
    )
    assert all(case["overdue"] for case in estate["cases"])


@pytest.mark.parametrize(("role", "name", "phone"), [(Role.PLANNER, "张*", "138****5678"), (Role.AGENCY, None, None)])
def test_unit_panel_masks_personal_data_per_role(client, make_user, dashboard_world, role, name, phone):
    client.force_login(make_user(role))
    body = get(client, "unit/", level="grid-cells", code=dashboard_world.cells[(0, 0)].code)
    assert {(c["complainant_name"], c["complainant_phone"]) for c in body["cases"]} == {(name, phone)}


def test_grid_worker_sees_only_their_cells(client, make_user, dashboard_world):
    worker = make_user(Role.GRID_WORKER)
    mine = dashboard_world.cells[(0, 0)]
    mine.grid_worker = worker
    mine.save()
    client.force_login(worker)

    assert get(client, "summary/")["count"] == len(dashboard_world.select(grid_cell_id=mine.pk))
    assert get(client, "hotspots/")["units"] == 1
    other = dashboard_world.cells[(3, 3)].code
    assert client.get("/api/dashboard/unit/", {**WINDOW, "level": "grid-cells", "code": other}).status_code == 404


def test_bad_filters_are_refused_by_name(leader, db):
    response = leader.get("/api/dashboard/summary/", {"channel": "fax", "start": "2026-11-30", "end": "2026-11-01"})
    assert response.status_code == 400
    assert "fax" in str(response.json()["channel"])
    assert leader.get("/api/dashboard/unit/", {"level": "communities", "code": "x"}).status_code == 400


def test_dashboard_needs_a_staff_role(client, django_user_model, db):
    assert client.get("/api/dashboard/summary/").status_code in (401, 403)
    client.force_login(django_user_model.objects.create_user("no-profile", password="x"))
    assert client.get("/api/dashboard/summary/").status_code == 403
