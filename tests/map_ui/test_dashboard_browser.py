"""The leaders' dashboard in Chromium against the live server and the hand-built world: layers,
heatmap, hotspots, cards and choropleth drawn; filters change them; a click opens a unit's cases."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from layers import crs
from layers.api.dashboard.hotspots import hotspots
from layers.models import Complaint, Role
from tests.geometry import lonlat
from tests.map_ui.dashboard_browser import blank_png, card, wait_for_dashboard
from tests.map_ui.dashboard_world import START, WINDOW
from tests.map_ui.test_map_browser import log_in, remote_requests, screenshot, show_layer

pytest_plugins = ["tests.map_ui.dashboard_world", "tests.map_ui.dashboard_browser"]


def api_calls(requests, path):
    return [parse_qs(urlsplit(url).query) for url in requests if urlsplit(url).path == f"/api/dashboard/{path}"]


def set_window(page):
    page.fill("#f-start", WINDOW["start"])
    # The form's end date is inclusive; the API's end is the midnight after it.
    page.fill("#f-end", (START + timedelta(days=13)).date().isoformat())
    wait_for_dashboard(page)


def significant_cells(user, **filters):
    q = {"start": START, "end": START + timedelta(days=14), **filters}
    return len(hotspots(user, q, "grid-cells")["features"])


def test_dashboard_draws_and_filters_change_everything(browser_page, live_server, make_user, dashboard_world):
    page, requests, errors = browser_page
    world = dashboard_world
    leader = make_user(Role.LEADER, username="wang", display_name="王主任")

    log_in(page, live_server.url, "wang")
    wait_for_dashboard(page)
    today = timezone.localdate()
    recent = [c for c in world.complaints if today - timedelta(days=27) <= timezone.localtime(c.received_at).date()]
    expect(card(page, "volume")).to_have_attribute("data-value", str(len(recent)))
    # Last week's report: the latest complete week (issue 17).
    year, week, _ = (today - timedelta(days=7)).isocalendar()
    expect(page.locator("#weekly-report-link")).to_have_attribute("href", f"/reports/weekly/{year}-W{week:02d}/")

    set_window(page)
    expect(card(page, "volume")).to_have_attribute("data-value", str(len(world.select())))
    expect(page.locator("path.layer-communities")).to_have_count(2)
    # A leader starts without the estates: one tick in the layer control draws them.
    expect(page.locator("path.layer-housing-projects")).to_have_count(0)
    show_layer(page, "住宅项目")
    expect(page.locator("path.layer-housing-projects")).to_have_count(2)
    heat = page.locator("img.dash-heat-image")
    expect(heat).to_have_count(1)
    assert heat.get_attribute("src").startswith("data:image/png;base64,")
    expect(page.locator('[data-legend="heat"]')).to_have_attribute("data-points", str(len(world.select())))
    hot = significant_cells(leader)
    assert hot > 0
    expect(page.locator("path.dash-hotspot")).to_have_count(hot)
    expect(page.locator(f"path.hotspot-{hotspot_class(world, leader)}")).not_to_have_count(0)
    west = world.communities["west"]
    rate = round(len(world.select(community_id=west.pk)) * 1000 / west.households, 2)
    expect(page.locator(f'path.layer-communities[data-value="{rate:g}"]')).to_have_count(1)
    screenshot(page, "dashboard.png")

    page.select_option("#f-channel", "grid_patrol")
    wait_for_dashboard(page)
    patrol = world.select(channel=Complaint.Channel.GRID_PATROL)
    expect(card(page, "volume")).to_have_attribute("data-value", str(len(patrol)))
    expect(page.locator('[data-legend="heat"]')).to_have_attribute("data-points", str(len(patrol)))
    expect(page.locator("path.dash-hotspot")).to_have_count(significant_cells(leader, channel=["grid_patrol"]))
    for path in ("summary/", "heat/", "hotspots/", "communities/"):
        assert api_calls(requests, path)[-1]["channel"] == ["grid_patrol"], path
    screenshot(page, "dashboard_patrol_only.png")

    page.select_option("#f-channel", "")
    page.select_option("#f-status", "resolved")
    wait_for_dashboard(page)
    expect(card(page, "volume")).to_have_attribute("data-value", str(len(world.select(status="resolved"))))
    expect(card(page, "satisfaction")).to_have_attribute("data-value", "100")
    page.locator("input[name=choropleth][value=score]").check()
    expect(page.locator('[data-legend="choropleth"] h3')).to_have_text("三率综合得分")
    assert remote_requests(requests) == []
    assert errors == []


def hotspot_class(world, user):
    features = hotspots(user, {"start": START, "end": START + timedelta(days=14)}, "grid-cells")["features"]
    return next(f["properties"]["class"] for f in features if f["id"] == world.cells[(0, 0)].code)


# The page's own module instances: import() of the same URL answers the module the page runs.
KIT, DASHBOARD = "/static/map_ui/layers/kit.js", "/static/map_ui/dashboard/dashboard.js"
ONLY_BASE_LAYERS = f"""async () => {{
  const {{ map: m }} = await import("{KIT}");
  const {{ layers }} = await import("{DASHBOARD}");
  const ours = Object.values(layers.groups);
  m.eachLayer((l) => (l instanceof L.GeoJSON || l instanceof L.ImageOverlay) && !ours.includes(l) && m.removeLayer(l));
  m.removeLayer(layers.groups["grid-cells"]);
}}"""


def click_at(page, east_m, north_m):
    lon, lat = lonlat(east_m, north_m)
    # Panned into view first, as a user would (a popup's auto-pan may have moved the map).
    point = page.evaluate(
        f"""async () => {{
          const {{ map }} = await import('{KIT}');
          map.panInside([{lat}, {lon}], {{ animate: false, padding: [40, 40] }});
          return map.latLngToContainerPoint([{lat}, {lon}]);
        }}"""
    )
    page.locator(".leaflet-container").click(position={"x": point["x"], "y": point["y"]})


def test_click_opens_the_estate_cases_and_trend(browser_page, live_server, make_user, dashboard_world):
    page, requests, errors = browser_page
    make_user(Role.PLANNER, username="sun")
    log_in(page, live_server.url, "sun", path="/dashboard/")
    set_window(page)
    page.locator("input[name=choropleth][value=none]").check()
    # Only the estates under the pointer: overlays that catch clicks (grid lines, hotspot cells) off.
    page.evaluate(ONLY_BASE_LAYERS)

    click_at(page, 890, 890)
    panel = page.locator("#unit-panel")
    expect(panel).to_have_attribute("data-code", "E2")
    e2 = dashboard_world.select(housing_project_id=dashboard_world.estates["E2"].pk)
    expect(panel.locator(".unit-cases li")).to_have_count(len(e2))
    expect(panel.locator(".overdue-badge")).to_have_count(len([c for c in e2 if c.status == "dispatched"]))
    expect(panel.locator("svg.sparkline polyline")).to_have_count(1)
    expect(panel.locator("h2")).to_contain_text(dashboard_world.estates["E2"].name)
    panel.locator(".unit-switch").click()
    expect(panel).to_have_attribute("data-level", "grid-cells")
    screenshot(page, "dashboard_unit_panel.png")

    click_at(page, 100, 100)
    expect(panel).to_have_attribute("data-code", "E1")
    # Planners see complainants masked, as the cases API gives them.
    expect(panel.locator(".case-person").first).to_contain_text("张*")
    assert "13812345678" not in panel.inner_text()
    assert remote_requests(requests) == []
    assert errors == []


def test_grid_worker_dashboard_covers_their_cells_without_the_report(
    browser_page, live_server, make_user, dashboard_world
):
    page, requests, errors = browser_page
    worker = make_user(Role.GRID_WORKER, username="li")
    mine = dashboard_world.cells[(0, 0)]
    mine.grid_worker = worker
    mine.save()

    log_in(page, live_server.url, "li", path="/dashboard/")
    set_window(page)

    expect(card(page, "volume")).to_have_attribute("data-value", str(len(dashboard_world.select(grid_cell_id=mine.pk))))
    # Not on a grid worker's first view: the hot cells load when switched on, for the current filter.
    expect(page.locator(".hotspot-summary")).to_have_count(0)
    show_layer(page, "热点/冷点网格")
    expect(page.locator(".hotspot-summary")).to_contain_text("1 个网格")
    expect(page.locator("#weekly-report-link")).to_have_count(0)
    assert remote_requests(requests) == []
    assert errors == []


POINTS = [(116.2533, 39.8595), (116.40, 39.90), (121.47, 31.23), (2.35, 48.85)]


@override_settings(TILE_LAYERS=["amap"])
def test_amap_base_shifts_our_layers_to_gcj02_as_layers_crs_does(browser_page, live_server, make_user, small_world):
    page, requests, errors = browser_page
    make_user(Role.LEADER, username="zhou")
    page.route("https://*.is.autonavi.com/**", lambda route: route.fulfill(body=blank_png(), content_type="image/png"))

    log_in(page, live_server.url, "zhou")
    page.wait_for_selector("html[data-display-crs=gcj02]", state="attached")

    # The browser's own module, as the page imported it.
    ours = page.evaluate(
        """async (points) => {
          const { fromWgs84 } = await import("/static/map_ui/dashboard/gcj02.js");
          return points.map(([lon, lat]) => fromWgs84(lon, lat));
        }""",
        POINTS,
    )
    for (lon, lat), (js_lon, js_lat) in zip(POINTS, ours, strict=True):
        expected = crs.wgs84_to_gcj02(lon, lat)
        assert js_lon == pytest.approx(expected[0], abs=1e-9) and js_lat == pytest.approx(expected[1], abs=1e-9)
    south_west = page.evaluate(
        f"""async () => {{
          const b = (await import("{DASHBOARD}")).layers.groups.communities.getBounds().getSouthWest();
          return [b.lng, b.lat];
        }}"""
    )
    corners = [crs.wgs84_to_gcj02(*lonlat(x, y)) for x in (0, 1000) for y in (0, 1000)]
    expected = [min(lon for lon, _ in corners), min(lat for _, lat in corners)]
    assert south_west == pytest.approx(expected, abs=1e-7)
    screenshot(page, "dashboard_amap.png")
    # The AMap tiles are the only remote addresses, and the test answered them itself.
    assert {urlsplit(url).hostname.split(".", 1)[1] for url in remote_requests(requests)} <= {"is.autonavi.com"}
    assert errors == []


def test_a_refused_filter_shows_the_servers_reason_not_its_status(browser_page, live_server, make_user, small_world):
    page, requests, errors = browser_page
    make_user(Role.LEADER, username="wang")
    log_in(page, live_server.url, "wang")
    wait_for_dashboard(page)

    # An end before the start: every figure's API answers 400 with its reason.
    page.fill("#f-start", WINDOW["start"])
    page.fill("#f-end", (START - timedelta(days=3)).date().isoformat())
    wait_for_dashboard(page)

    notice = page.locator("#map-notices .stats-notice")
    expect(notice).to_contain_text("“概况”（end: end 必须晚于 start / end must be after start）")
    expect(notice).to_contain_text("“热力图”（end: end 必须晚于 start")
    expect(notice).not_to_contain_text("HTTP 400")
    screenshot(page, "dashboard_refused_filter.png")
    assert remote_requests(requests) == []
    assert errors == []
