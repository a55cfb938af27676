"""The map page in a real browser: the system's Chromium, headless, against pytest-django's live server.

live_server serves /static/ through the staticfiles finders, so Leaflet comes from node_modules
without collectstatic. Chromium is the Debian package (geo_gov/scripts/system_deps.sh), never a
browser downloaded by `playwright install`.
"""

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from tests.geometry import rect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "map_ui"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
API = re.compile(r"/api/")


@pytest.fixture
def chromium(monkeypatch):
    # Playwright's sync API keeps an asyncio loop running in this thread, and Django refuses ORM
    # calls from a thread with a running loop. Only for this test, undone before the DB teardown.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While the loop runs, Django keeps DB connections per context instead of per thread, so
        # the test body had a connection of its own: close it, or it blocks dropping the test DB.
        connections.close_all()


@pytest.fixture
def browser_page(chromium):
    """A Chinese-speaking page that records every request it makes and every script error."""
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, requests, errors
    context.close()


def log_in(page, base_url, username, password="pw-for-tests", path="/"):
    """Log in at `path` (the dashboard is `/` for leaders and admins, `/dashboard/` for every role)."""
    page.goto(f"{base_url}{path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base_url}{path}")
    expect(page.locator(".leaflet-container")).to_be_visible()
    page.wait_for_selector("html[data-layers-state=ready]", state="attached")


def show_layer(page, name):
    """Switch a layer on in the (folded) layer control, as a user does: hover, then tick it."""
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-overlays label", has_text=name).locator("input").check()
    page.mouse.move(0, 0)


def zoom_in_to(page, level):
    """Zoom from the keyboard (as a keyboard user would), one animated step at a time."""
    get_map = (
        "const c = JSON.parse(document.getElementById('map-config').textContent); const m = window[c.mapVariable];"
    )
    page.locator(".leaflet-container").focus()
    # The start view may sit between whole zoom levels (fitted in quarter steps): one key, one level.
    zoom = page.evaluate(f"() => {{ {get_map} return m.getZoom(); }}")
    while zoom < level:
        zoom += 1
        page.keyboard.press("NumpadAdd")
        # Leaflet reports the new zoom as the animation starts, and drops key presses until it ends.
        done = f"() => {{ {get_map} return m.getZoom() === {zoom} && !document.querySelector('.leaflet-zoom-anim'); }}"
        page.wait_for_function(done, polling=100)


def remote_requests(requests):
    return [url for url in requests if urlsplit(url).hostname not in LOCAL_HOSTS]


def screenshot(page, name):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / name))


def feature(code, geom, /, **properties):
    """A feature as the layer API serialises it: keyed by code in `id`, not in the properties."""
    return {"type": "Feature", "id": code, "geometry": json.loads(geom.geojson), "properties": properties}


def collection(features, next_url=None):
    return {
        "type": "FeatureCollection",
        "count": len(features),
        "next": next_url,
        "previous": None,
        "features": features,
    }


def test_map_draws_the_communities_without_leaving_our_server(browser_page, live_server, small_world, make_user):
    page, requests, errors = browser_page
    make_user("leader", username="wang", display_name="王科长")

    log_in(page, live_server.url, "wang")
    legend = page.locator(".map-legend")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("图例")
    expect(legend).to_contain_text("单一产权")
    expect(page.locator(".app-header")).to_contain_text("王科长")
    screenshot(page, "first_map.png")

    assert any(url.endswith("/static/vendor/leaflet/leaflet.js") for url in requests)
    assert remote_requests(requests) == []
    assert errors == []
    # Needs the layer API (GET /api/layers/communities/); fails until it is merged.
    assert page.locator("path.leaflet-interactive.layer-communities").count() >= 2


def test_map_stays_usable_when_the_layer_api_is_missing(browser_page, live_server, make_user):
    page, requests, errors = browser_page
    # A leader: the first view asks for the heatmap too (a grid worker's does not).
    make_user("leader", username="li")
    page.route(API, lambda route: route.fulfill(status=404, body="Not Found"))

    log_in(page, live_server.url, "li")

    # One notice for the layers, one for the dashboard's figures: not a box per failed request.
    expect(page.locator("#map-notices .map-notice")).to_have_count(2)
    expect(page.locator("#map-notices .stats-notice")).to_contain_text("以下统计暂时无法加载")
    expect(page.locator("#map-notices .stats-notice")).to_contain_text("“热力图”（HTTP 404）")
    notice = page.locator("#map-notices .map-notice").first
    expect(notice).to_contain_text("以下图层暂时无法加载")
    expect(notice).to_contain_text("“社区”（HTTP 404）")
    expect(page.locator(".map-legend")).to_contain_text("涉军单位")
    page.locator(".leaflet-container").click(position={"x": 300, "y": 500})
    expect(page.locator("#locate-result")).to_contain_text("位置查询暂时不可用（HTTP 404）")
    assert errors == []
    assert remote_requests(requests) == []


class FakeLayerApi:
    """Answers the layer API contract from fixed data, as the browser would get it."""

    def __init__(self):
        self.locate_queries = []
        west, east = rect(0, 0, 500, 1000), rect(500, 0, 1000, 1000)
        self.communities = [
            feature("110106021001", west, name="西社区", households=1200, name_is_placeholder=False),
            feature("110106021002", east, name="东社区", households=800, name_is_placeholder=True),
        ]
        self.estates = [
            feature(
                "E1",
                rect(100, 100, 300, 300),
                name="营区家属院",
                ownership="single",
                is_military_property=True,
                property_company="",
                owner_units=["某部队"],
                housing_types=["福利房", "回迁房"],
            ),
            feature("E2", rect(600, 100, 800, 300), name="东安小区", ownership="multi"),
        ]
        self.grid_cells = [feature("110106021001003", rect(-100, -100, 0, 0), community="110106021001")]
        self.buildings = [feature("E1-1", rect(150, 150, 200, 200), estate="E1", estate_name="营区家属院", number="1")]
        self.layer_queries = {}

    def handle(self, route):
        url = urlsplit(route.request.url)
        query = parse_qs(url.query)
        if url.path == "/api/layers/communities/" and "page" not in query:
            # `next` as a proxy might build it, with a host the page must not contact.
            next_url = "http://internal-proxy:8000/api/layers/communities/?page=2&page_size=5000"
            return route.fulfill(json=collection(self.communities[:1], next_url))
        if url.path == "/api/layers/communities/":
            return route.fulfill(json=collection(self.communities[1:]))
        if url.path == "/api/layers/housing-projects/":
            return route.fulfill(json=collection(self.estates))
        if url.path == "/api/locate/":
            self.locate_queries.append(query)
            return route.fulfill(json=self.locate_answer())
        self.layer_queries.setdefault(url.path, []).append(query)
        layers = {"/api/layers/grid-cells/": self.grid_cells, "/api/layers/buildings/": self.buildings}
        return route.fulfill(json=collection(layers.get(url.path, [])))

    @staticmethod
    def locate_answer():
        return {
            "inside": True,
            "point": {"lon": 116.2535, "lat": 39.8597},
            "subdistrict": {"code": "110106021", "name": "测试街道"},
            "community": {"code": "110106021001", "name": "西社区"},
            "grid_cell": {"code": "110106021001003"},
            "housing_project": None,
            "building": None,
            "military_zone": {"code": "M1", "name": "某部营区", "kind": "unit"},
        }


def test_layers_follow_pages_colour_estates_and_answer_a_click(browser_page, live_server, make_user):
    page, requests, errors = browser_page
    make_user("cadre", username="zhao")
    api = FakeLayerApi()
    page.route(API, api.handle)

    log_in(page, live_server.url, "zhao", path="/dashboard/")
    # A cadre starts with the grid cells; the estates are one tick away.
    show_layer(page, "住宅项目")

    expect(page.locator("path.layer-communities")).to_have_count(2)
    expect(page.locator(".community-label")).to_have_text(["西社区", "东社区"])
    estates = page.locator("path.layer-housing-projects")
    expect(estates).to_have_count(2)
    assert estates.nth(0).get_attribute("fill") == "url(#hatch-single)"
    assert estates.nth(1).get_attribute("fill") == "#d95f02"
    estates.nth(0).click()
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("营区家属院")
    expect(popup).to_contain_text("编码E1")
    expect(popup).to_contain_text("单一产权")
    expect(popup).to_contain_text("无（管理缺位）")
    expect(popup).to_contain_text("福利房、回迁房")
    result = page.locator("#locate-result")
    expect(result).to_contain_text("西社区")
    expect(result).to_contain_text("某部营区")
    expect(result).to_contain_text("110106021001003")
    screenshot(page, "map_with_layers.png")

    assert api.locate_queries[-1]["crs"] == ["wgs84"]
    assert 116.24 < float(api.locate_queries[-1]["lon"][0]) < 116.27
    assert any("page=2" in url and url.startswith(live_server.url) for url in requests)
    assert remote_requests(requests) == []
    assert errors == []


def test_grid_numbers_and_buildings_appear_at_street_level(browser_page, live_server, make_user):
    page, requests, errors = browser_page
    make_user("planner", username="sun")
    api = FakeLayerApi()
    page.route(API, api.handle)

    log_in(page, live_server.url, "sun", path="/dashboard/")
    # A planner starts with estates, not grid cells or buildings: tick them on.
    show_layer(page, "单元网格")
    show_layer(page, "楼栋")
    grid_label = page.locator(".grid-label")
    expect(grid_label).to_have_text("003")
    expect(grid_label).to_be_hidden()
    assert "/api/layers/buildings/" not in api.layer_queries
    zoom_in_to(page, 17)

    expect(grid_label).to_be_visible()
    expect(page.locator("path.layer-buildings")).to_have_count(1)
    expect(page.locator("path.layer-buildings")).to_be_visible()
    west, south, east, north = map(float, api.layer_queries["/api/layers/buildings/"][-1]["bbox"][0].split(","))
    assert west < 116.2533 < east and south < 39.8595 < north
    page.locator("path.layer-buildings").click()
    expect(page.locator(".leaflet-popup-content")).to_contain_text("营区家属院1号楼")
    assert remote_requests(requests) == []
    assert errors == []


def test_login_page_loads_only_our_files_and_shows_keyboard_focus(browser_page, live_server):
    page, requests, errors = browser_page

    page.goto(f"{live_server.url}/accounts/login/")
    username = page.get_by_label("用户名")
    expect(username).to_be_focused()
    page.keyboard.press("Tab")
    password = page.get_by_label("密码")
    expect(password).to_be_focused()
    screenshot(page, "login.png")

    assert password.evaluate("element => getComputedStyle(element).outlineStyle") == "solid"
    assert remote_requests(requests) == []
    assert errors == []


def test_an_english_browser_sees_chinese_first_and_switches_with_one_click(
    chromium, live_server, small_world, make_user
):
    context = chromium.new_context(locale="en-US", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        make_user("leader", username="wang", display_name="王科长")
        log_in(page, live_server.url, "wang")  # the login form is labelled in Chinese too
        expect(page).to_have_title(re.compile("五里店街道网格治理地图"))
        expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")

        page.locator(".language-switch").get_by_role("button", name="EN").click()
        page.wait_for_url(f"{live_server.url}/")
        expect(page).to_have_title(re.compile("Wulidian Sub-district Grid Governance Map"))
        expect(page.locator(".map-legend")).to_contain_text("Sub-district boundary")

        page.locator(".language-switch").get_by_role("button", name="中文").click()
        page.wait_for_url(f"{live_server.url}/")
        expect(page.locator(".map-legend")).to_contain_text("街道边界")
    finally:
        context.close()
