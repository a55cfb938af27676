"""A grid worker's cases on the mobile page in Chromium at 390x844: only their own can be opened,
and status changes (with a photo) go through the outbox, online or offline."""

from pathlib import Path

from playwright.sync_api import expect

from layers.models import ComplaintPhoto
from layers.services.complaints import complaint_create, complaint_transition
from tests.geometry import lonlat
from tests.map_ui import mobile_phone
from tests.map_ui.mobile_phone import (
    camera_jpeg,
    log_in,
    phone,
    remote_requests,
    screenshot,
)

# The shared fixtures, bound by name here so pytest finds them (a conftest.py in tests/map_ui
# would be shared with the other pages' tests).
categories = mobile_phone.categories
cells = mobile_phone.cells
chromium = mobile_phone.chromium
media = mobile_phone.media


def test_a_worker_cannot_open_another_workers_case(chromium, live_server, cells, media):
    lon, lat = lonlat(700, 200)
    theirs, _created = complaint_create(
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
    case, _created = complaint_create(
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
