"""The grid workers' mobile page in Debian's Chromium at a phone's size (390x844), against the live server.

The whole path is real: the service worker, IndexedDB, the canvas resize, the complaints API and
PostGIS. Offline is Chromium's own network emulation (context.set_offline), which also cuts the
service worker off, so what still works offline is what the page and its worker kept.
"""

import importlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connections
from PIL import Image
from playwright.sync_api import expect, sync_playwright

from layers.models import Complaint, ComplaintPhoto, GridCell, HousingProject
from layers.services.complaints import complaint_create, complaint_transition
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
    # live_server tests empty every table afterwards, the categories of data migration 0003 too.
    importlib.import_module("layers.migrations.0003_categories").load_categories(apps, None)


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
    x, y = page.evaluate(f"() => {{ const p = Mobile.map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }}")
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


def test_pin_online_then_offline_with_a_photo_sends_exactly_two_cases(chromium, live_server, cells, media, tmp_path):
    # GPS 5 m inside cell A's west edge, which is also the estate's west edge: a boundary warning.
    context, page, requests, errors = phone(chromium, east_m=105, north_m=200)
    log_in(page, live_server.url, "li")
    expect(page.locator("#cases-message")).to_have_text("暂无未办结的诉求。")
    expect(page.locator("path.m-cell")).to_have_count(1)
    screenshot(page, "mobile_cases_empty.png")

    page.get_by_role("tab", name="上报问题").tap()
    page.get_by_role("button", name="GPS定位").tap()
    info = page.locator("#pin-info")
    expect(info).to_contain_text("GPS定位，精度约 ±8 米")
    expect(info).to_contain_text(CELL_A)
    expect(info).to_contain_text("东安小区")
    warning = page.locator("#pin-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("该点距边界不足 15 米")
    expect(warning).to_contain_text(f"网格 {CELL_A}（所在）边界 5")
    page.get_by_label("问题分类").select_option(label="道路/路面")
    page.get_by_label("问题描述").fill("路面塌陷一处，约1平方米")
    screenshot(page, "mobile_pin_gps.png")
    page.get_by_role("button", name="提交").tap()
    expect(page.locator("#report-message")).to_have_text("已提交。")
    assert Complaint.objects.count() == 1

    context.set_offline(True)
    # The shell, our scripts, Leaflet, the categories and my cells now come from the worker's cache.
    page.reload()
    expect(page.locator("#net-status")).to_have_text("离线")
    expect(page.locator("path.m-cell")).to_have_count(1)
    page.get_by_role("tab", name="上报问题").tap()
    tap_map_at(page, 200, 200)
    expect(info).to_contain_text(f"离线：按本机保存的网格判断，位于我的网格 {CELL_A}。")
    expect(warning).to_be_hidden()
    page.get_by_label("问题分类").select_option(label="排水/积水")
    page.get_by_label("问题描述").fill("雨后道路积水<b>约20厘米</b>")
    page.get_by_label("照片（最多3张）").set_input_files(str(camera_jpeg(tmp_path / "camera.jpg")))
    expect(page.locator("#photo-previews img")).to_have_count(1)
    page.get_by_role("button", name="提交").tap()
    expect(page.locator("#report-message")).to_have_text("已保存在本机，联网后自动发送。")
    expect(page.locator("body")).to_have_attribute("data-outbox", "1")
    page.get_by_role("tab", name="我的诉求").tap()
    expect(page.locator("#pending-list")).to_contain_text("排水/积水 · 待发送")
    screenshot(page, "mobile_offline_queue.png")
    assert Complaint.objects.count() == 1

    context.set_offline(False)
    expect(page.locator("body")).to_have_attribute("data-outbox", "0", timeout=15000)
    expect(page.locator("#cases-list li")).to_have_count(2)
    expect(page.locator("#pending-list li")).to_have_count(0)
    screenshot(page, "mobile_synced.png")

    complaints = list(Complaint.objects.order_by("id"))
    assert len(complaints) == 2
    first, second = complaints
    assert (first.location_source, second.location_source) == ("gps", "map_pick")
    assert first.location_accuracy_m == 8
    assert {first.grid_cell.code, second.grid_cell.code} == {CELL_A}
    assert second.description == "雨后道路积水<b>约20厘米</b>"
    assert first.client_uuid and second.client_uuid and first.client_uuid != second.client_uuid
    photo = ComplaintPhoto.objects.get()
    assert photo.complaint == second and photo.stage == "intake" and photo.content_type == "image/jpeg"
    assert (photo.width, photo.height) == (1600, 1200)
    assert Path(photo.image.path).is_file() and Path(photo.image.path).is_relative_to(media)
    # The worker's own fetches (install, network-first) were watched too, not only the page's.
    assert any(entry.startswith("sw ") for entry in requests)
    assert remote_requests(requests) == []
    assert errors == []
    context.close()


def test_a_lost_answer_is_retried_without_a_second_case(chromium, live_server, cells, media):
    context, page, requests, errors = phone(chromium)
    log_in(page, live_server.url, "li")
    lost = []

    def lose_first_answer(route):
        # The server stores the case, then the answer never reaches the phone (a dropped signal).
        if route.request.method == "POST" and not lost:
            route.fetch()
            lost.append(route.request.post_data_json["client_uuid"])
            return route.abort("connectionreset")
        return route.continue_()

    page.route("**/api/complaints/", lose_first_answer)
    page.get_by_role("tab", name="上报问题").tap()
    tap_map_at(page, 250, 250)
    expect(page.locator("#pin-info")).to_contain_text(CELL_A)
    page.get_by_label("问题分类").select_option(label="市容环境")
    page.get_by_label("问题描述").fill("垃圾桶满溢")
    page.get_by_role("button", name="提交").tap()
    expect(page.locator("#report-message")).to_have_text("已保存在本机，联网后自动发送。")

    expect(page.locator("body")).to_have_attribute("data-outbox", "0", timeout=15000)
    assert Complaint.objects.count() == 1
    assert str(Complaint.objects.get().client_uuid) == lost[0]
    assert remote_requests(requests) == []
    assert errors == []
    context.close()


def test_a_worker_cannot_open_another_workers_case(chromium, live_server, cells, media):
    lon, lat = lonlat(700, 200)
    theirs = complaint_create(
        actor=cells["zhang"],
        channel="grid_patrol",
        description="张的案件：楼道堆物",
        category_code="property",
        lon=lon,
        lat=lat,
    )
    context, page, requests, errors = phone(chromium)
    log_in(page, live_server.url, "li")
    expect(page.locator("#cases-message")).to_have_text("暂无未办结的诉求。")

    page.goto(f"{live_server.url}/m/#case/{theirs.pk}")
    expect(page.locator("#case-body")).to_have_text("未找到该诉求，或您无权查看。")
    screenshot(page, "mobile_other_workers_case.png")

    assert page.request.get(f"{live_server.url}/api/complaints/{theirs.pk}/").status == 404
    assert "楼道堆物" not in page.content()
    assert page.locator(".m-case-marker").count() == 0
    assert remote_requests(requests) == []
    assert errors == []
    context.close()


def test_a_worker_responds_online_and_resolves_offline_with_a_photo(
    chromium, live_server, cells, media, make_user, tmp_path
):
    leader = make_user("leader", username="wang")
    lon, lat = lonlat(250, 150)
    case = complaint_create(
        actor=leader,
        channel="hotline_12345",
        description="12345：路灯不亮",
        category_code="utilities",
        lon=lon,
        lat=lat,
    )
    complaint_transition(complaint=case, actor=leader, to_status="dispatched")
    context, page, requests, errors = phone(chromium)
    log_in(page, live_server.url, "li")

    item = page.locator("#cases-list li")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("公共服务(水电气热) · 派单")
    expect(item).to_contain_text("剩余 23小时")
    item.get_by_role("link").tap()
    page.get_by_role("button", name="已响应").tap()
    expect(page.locator(".m-actions .m-message")).to_have_text("已更新。")
    case.refresh_from_db()
    assert case.status == "responded"

    expect(page.locator("#case-body")).to_contain_text("响应")

    # Resolved where there is no signal: the change and its photo wait in the outbox.
    context.set_offline(True)
    page.get_by_label("处理说明").fill("已更换灯泡")
    page.get_by_label("现场/办结照片（1张）").set_input_files(str(camera_jpeg(tmp_path / "done.jpg", (1200, 900))))
    page.get_by_role("button", name="已办结").tap()
    expect(page.locator(".m-actions .m-message")).to_have_text("已保存，联网后自动发送。")
    expect(page.locator("body")).to_have_attribute("data-outbox", "1")
    case.refresh_from_db()
    assert case.status == "responded"

    context.set_offline(False)
    expect(page.locator("body")).to_have_attribute("data-outbox", "0", timeout=15000)
    expect(page.locator("#case-body")).to_contain_text("当前状态下无需网格员操作。")
    expect(page.locator("#case-body img.m-preview")).to_have_count(1)
    screenshot(page, "mobile_resolved.png")

    case.refresh_from_db()
    assert case.status == "resolved"
    assert case.events.get(to_status="resolved").note == "已更换灯泡"
    photo = ComplaintPhoto.objects.get(complaint=case)
    assert (photo.stage, photo.width, photo.height) == ("resolution", 1200, 900)
    assert Path(photo.image.path).is_file()
    assert remote_requests(requests) == []
    assert errors == []
    context.close()


def test_a_refused_case_says_why_and_can_be_discarded(chromium, live_server, cells, media):
    context, page, requests, errors = phone(chromium)
    log_in(page, live_server.url, "li")
    # The server refuses the case (as it would a description it cannot store): not worth a retry.
    refusal = {"description": ["at most 4000 characters, got 4001"]}
    page.route("**/api/complaints/", lambda route: route.fulfill(status=400, json=refusal))
    page.get_by_role("tab", name="上报问题").tap()
    tap_map_at(page, 250, 250)
    page.get_by_label("问题分类").select_option(label="噪音扰民")
    page.get_by_label("问题描述").fill("夜间施工噪音")
    page.get_by_role("button", name="提交").tap()
    page.get_by_role("tab", name="我的诉求").tap()

    pending = page.locator("#pending-list li")
    expect(pending).to_contain_text("发送失败：description: at most 4000 characters, got 4001")
    expect(page.locator("body")).to_have_attribute("data-outbox", "0")
    pending.get_by_role("button", name="放弃此条").tap()
    expect(pending).to_have_count(0)
    assert Complaint.objects.count() == 0
    assert remote_requests(requests) == []
    assert errors == []
    context.close()
