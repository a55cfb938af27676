"""The grid workers' mobile page in Debian's Chromium at a phone's size (390x844), against the live server.

The whole path is real: the service worker, IndexedDB, the canvas resize, the complaints API and
PostGIS. Offline is Chromium's own network emulation (context.set_offline), which also cuts the
service worker off, so what still works offline is what the page and its worker kept.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from layers.models import Complaint, ComplaintPhoto
from tests.map_ui import mobile_phone
from tests.map_ui.mobile_phone import (
    CELL_A,
    camera_jpeg,
    log_in,
    phone,
    remote_requests,
    screenshot,
    tap_map_at,
)

# The shared fixtures, bound by name here so pytest finds them (a conftest.py in tests/map_ui
# would be shared with the other pages' tests).
categories = mobile_phone.categories
cells = mobile_phone.cells
chromium = mobile_phone.chromium
media = mobile_phone.media


def test_pin_online_then_offline_with_a_photo_sends_exactly_two_cases(chromium, live_server, cells, media, tmp_path):
    # GPS 5 m inside cell A's west edge, which is also the estate's west edge: a boundary warning.
    context, page, requests, errors = phone(chromium, east_m=105, north_m=200)
    log_in(page, live_server.url, "li")
    expect(page.locator("#cases-message")).to_have_text("暂无未办结的诉求。")
    # Nothing sent yet, so nothing claims to have been.
    expect(page.locator("#outbox-status")).to_have_text("无待发送")
    expect(page.locator("path.m-cell")).to_have_count(1)
    expect(page.locator("path.m-estate")).to_have_count(1)
    # Not even a link to elsewhere (Leaflet's credit links to its web site by default).
    assert page.locator("a[href^='http']").count() == 0
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
    # The case number, as the case list and the handlers know it.
    expect(page.locator("#report-message")).to_have_text(re.compile(r"^已提交，编号 #\d+。$"))
    assert page.locator("#report-message").inner_text() == f"已提交，编号 #{Complaint.objects.get().pk}。"
    expect(page.locator("#outbox-status")).to_have_text("全部已发送")

    context.set_offline(True)
    # The shell, our scripts, Leaflet, the categories and my cells now come from the worker's cache.
    page.reload()
    expect(page.locator("#net-status")).to_have_text("离线")
    expect(page.locator("path.m-cell")).to_have_count(1)
    expect(page.locator("path.m-estate")).to_have_count(1)
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


def report_at(page, category, description):
    """Fills the report form for a pin tapped in cell A and presses 提交."""
    page.get_by_role("tab", name="上报问题").tap()
    tap_map_at(page, 250, 250)
    expect(page.locator("#pin-info")).to_contain_text(CELL_A)
    page.get_by_label("问题分类").select_option(label=category)
    page.get_by_label("问题描述").fill(description)
    page.get_by_role("button", name="提交").tap()


def test_a_refused_report_is_shown_on_the_form_at_once_and_not_kept(chromium, live_server, cells, media):
    context, page, requests, errors = phone(chromium)
    log_in(page, live_server.url, "li")
    # The server refuses the case (as it would a description it cannot store): not worth a retry.
    refusal = {"description": ["at most 4000 characters, got 4001"]}
    page.route("**/api/complaints/", lambda route: route.fulfill(status=400, json=refusal))

    report_at(page, "噪音扰民", "夜间施工噪音")

    message = page.locator("#report-message")
    expect(message).to_have_text("未被接受：description: at most 4000 characters, got 4001")
    # Neither queued nor "sent": the form keeps what was typed, to be corrected and sent again.
    expect(page.get_by_label("问题描述")).to_have_value("夜间施工噪音")
    expect(page.locator("body")).to_have_attribute("data-outbox", "0")
    expect(page.locator("#outbox-status")).to_have_text("无待发送")
    screenshot(page, "mobile_report_refused.png")
    page.get_by_role("tab", name="我的诉求").tap()
    expect(page.locator("#pending-list li")).to_have_count(0)
    assert Complaint.objects.count() == 0

    page.unroute("**/api/complaints/")
    page.get_by_role("tab", name="上报问题").tap()
    page.get_by_role("button", name="提交").tap()
    expect(message).to_have_text(re.compile(r"^已提交，编号 #\d+。$"))
    assert Complaint.objects.get().description == "夜间施工噪音"
    expect(page.locator("#outbox-status")).to_have_text("全部已发送")
    assert remote_requests(requests) == []
    assert errors == []
    context.close()


def test_a_read_only_role_is_told_at_once_that_it_cannot_report(chromium, live_server, cells, media, make_user):
    # An agency reads every case but takes in none: the server answers 403 with its reason.
    make_user("agency", username="qu")
    context, page, requests, errors = phone(chromium)
    log_in(page, live_server.url, "qu")

    report_at(page, "市容环境", "垃圾桶满溢")

    expect(page.locator("#report-message")).to_have_text(re.compile(r"^未被接受：此角色只读，不能登记诉求"))
    expect(page.locator("#report-message")).not_to_contain_text("已保存在本机")
    expect(page.locator("#outbox-status")).not_to_have_text("全部已发送")
    expect(page.locator("body")).to_have_attribute("data-outbox", "0")
    expect(page.locator("#m-notices")).to_be_empty()
    assert Complaint.objects.count() == 0
    assert remote_requests(requests) == []
    assert errors == []
    context.close()


def lose_the_answer(route):
    # The server stores the case, then the answer never reaches the phone (a dropped signal).
    route.fetch()
    route.abort("connectionreset")


def answer_unavailable(route):
    # The database restarting: 503 with Retry-After, as the service answers then.
    route.fulfill(status=503, json={"detail": "服务暂时不可用"}, headers={"Retry-After": "1"})


@pytest.mark.parametrize("first_try", [lose_the_answer, answer_unavailable], ids=["lost-answer", "503"])
def test_a_report_without_an_answer_waits_in_the_outbox_and_arrives_once(
    chromium, live_server, cells, media, first_try
):
    context, page, requests, errors = phone(chromium)
    log_in(page, live_server.url, "li")
    tried = []

    def fail_the_first_post(route):
        if route.request.method == "POST" and not tried:
            tried.append(route.request.post_data_json["client_uuid"])
            return first_try(route)
        return route.continue_()

    page.route("**/api/complaints/", fail_the_first_post)
    report_at(page, "市容环境", "垃圾桶满溢")

    expect(page.locator("#report-message")).to_have_text("已保存在本机，联网后自动发送。")
    expect(page.get_by_label("问题描述")).to_have_value("")
    # The outbox retries by itself (backoff from 2 s) with the same client_uuid: one case.
    expect(page.locator("body")).to_have_attribute("data-outbox", "0", timeout=15000)
    expect(page.locator("#outbox-status")).to_have_text("全部已发送")
    assert Complaint.objects.count() == 1
    assert str(Complaint.objects.get().client_uuid) == tried[0]
    assert remote_requests(requests) == []
    assert errors == []
    context.close()


def test_a_report_queued_offline_and_refused_later_says_why_and_can_be_discarded(chromium, live_server, cells, media):
    context, page, requests, errors = phone(chromium)
    log_in(page, live_server.url, "li")
    refusal = {"description": ["at most 4000 characters, got 4001"]}
    page.route("**/api/complaints/", lambda route: route.fulfill(status=400, json=refusal))
    context.set_offline(True)
    report_at(page, "噪音扰民", "夜间施工噪音")
    expect(page.locator("#report-message")).to_have_text("已保存在本机，联网后自动发送。")
    expect(page.locator("body")).to_have_attribute("data-outbox", "1")

    # Sent when the signal returns, while the worker is elsewhere: the refusal waits in the list.
    context.set_offline(False)
    page.get_by_role("tab", name="我的诉求").tap()
    pending = page.locator("#pending-list li")
    expect(pending).to_contain_text("发送失败：description: at most 4000 characters, got 4001")
    expect(page.locator("body")).to_have_attribute("data-outbox", "0")
    expect(page.locator("#outbox-status")).to_have_text("无待发送")
    pending.get_by_role("button", name="放弃此条").tap()
    expect(pending).to_have_count(0)
    assert Complaint.objects.count() == 0
    assert remote_requests(requests) == []
    assert errors == []
    context.close()
