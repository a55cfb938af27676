"""Fixtures and helpers for the mobile page's browser tests: a phone-sized Chromium context,
a small world with two grid workers' cells, and a camera-sized JPEG."""

import importlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connections
from PIL import Image
from playwright.sync_api import sync_playwright

from layers.models import GridCell, HousingProject
from tests.geometry import lonlat, rect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "map_ui"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PHONE = {"width": 390, "height": 844}
CELL_A, CELL_B = "110106021001001", "110106021002001"


@pytest.fixture
def chromium(monkeypatch):
    # Playwright's sync API runs an asyncio loop in this thread; Django refuses ORM calls there
    # unless told this test knows what it does. Connections are closed before the DB teardown.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def categories(transactional_db):
    # live_server tests empty every table afterwards, the categories of data migrations 0003 and 0014 too.
    importlib.import_module("layers.migrations.0003_categories").load_categories(apps, None)
    importlib.import_module("layers.migrations.0016_english_names").fill_category_names(apps, None)


@pytest.fixture
def cells(categories, small_world, make_user):
    """Worker 李 has cell A (west community) with an estate in it; worker 张 has cell B (east)."""
    li = make_user("grid_worker", username="li", display_name="李网格", community=small_world["west"])
    zhang = make_user("grid_worker", username="zhang", display_name="张网格", community=small_world["east"])
    GridCell.objects.create(code=CELL_A, community=small_world["west"], grid_worker=li, geom=rect(100, 100, 300, 300))
    GridCell.objects.create(
        code=CELL_B, community=small_world["east"], grid_worker=zhang, geom=rect(600, 100, 800, 300)
    )
    HousingProject.objects.create(
        code="E1", name="东安小区", community=small_world["west"], ownership="multi", geom=rect(100, 100, 160, 300)
    )
    return {"li": li, "zhang": zhang}


def phone(chromium, east_m=None, north_m=None, accuracy=8):
    """A phone-sized touch context, optionally with a GPS fix; it records every request it makes."""
    options = {"viewport": PHONE, "locale": "zh-CN", "is_mobile": True, "has_touch": True}
    if east_m is not None:
        lon, lat = lonlat(east_m, north_m)
        options.update(
            permissions=["geolocation"], geolocation={"longitude": lon, "latitude": lat, "accuracy": accuracy}
        )
    context = chromium.new_context(**options)
    requests, errors = [], []
    # On the context, not the page: requests made by the service worker are recorded too
    # (marked with a leading "sw " so a test can see that they were).
    context.on("request", lambda request: requests.append(("sw " if request.service_worker else "") + request.url))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, requests, errors


def log_in(page, base_url, username):
    page.goto(f"{base_url}/m/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-for-tests")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base_url}/m/")
    page.wait_for_selector("body[data-sw=ready]", state="attached")


def tap_map_at(page, east_m, north_m):
    lon, lat = lonlat(east_m, north_m)
    # The map of the page's own entry module (import() of its URL answers the running instance).
    x, y = page.evaluate(
        f"""async () => {{
          const {{ map }} = await import("/static/map_ui/mobile/app.js");
          const p = map.latLngToContainerPoint([{lat}, {lon}]);
          return [p.x, p.y];
        }}"""
    )
    page.locator("#m-map").tap(position={"x": x, "y": y})


def remote_requests(requests):
    """Requests to any host but ours; a blob: URL (a photo preview) names the origin that made it."""
    urls = [entry.removeprefix("sw ").removeprefix("blob:") for entry in requests]
    return [url for url in urls if urlsplit(url).hostname not in LOCAL_HOSTS]


def screenshot(page, name):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / name))


def camera_jpeg(path, size=(2400, 1800)):
    """A real JPEG larger than the page's 1600 px limit, as a phone camera would hand over."""
    Image.linear_gradient("L").resize(size).convert("RGB").save(path, "JPEG", quality=90)
    return path
