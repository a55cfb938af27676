"""The office case desk in Chromium: cases from intake through the desk to their end — found by
phone, words and the review queue, reassigned in bulk, dispatched, worked to 办结 with a photo, put
on the ledger (挂账), called back twice (not reached, then reached and satisfied), closed, printed.

The first test takes two cases in through the staff API (the path every channel shares); the second
takes a 12345 dispatch sheet in through the desk's own upload page. Everything after intake is done
on the desk's pages, as the office does, through the API endpoints behind them.
"""

from datetime import timedelta

from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from layers.models import Complaint, ComplaintPhoto
from tests.geometry import lonlat
from tests.layers.api.cases_world import WEST_POINT, client_for
from tests.layers.desk_world import cases_world_fixture, categories_fixture  # noqa: F401
from tests.map_ui import mobile_phone
from tests.map_ui.desk_sheet import ensure_categories, write_sheet
from tests.map_ui.mobile_phone import remote_requests, screenshot
from tests.map_ui.test_topic_browser import open_as

# The shared fixtures, bound by name here so pytest finds them.
chromium = mobile_phone.chromium
media = mobile_phone.media


def take_in(world, ticket: str, description: str, phone: str) -> Complaint:
    """A 12345 ticket through the staff API (the intake path every channel shares)."""
    lon, lat = lonlat(*WEST_POINT)
    body = {"channel": "hotline_12345", "description": description, "category": "t_general", "lon": lon,
            "lat": lat, "ticket_no": ticket, "complainant_phone": phone, "address": "丰西路45号院3号楼"}  # fmt: skip
    answer = client_for(world["leader"]).post("/api/complaints/", body, format="json")
    assert answer.status_code == 201, answer.json()
    return Complaint.objects.get(pk=answer.json()["id"])


def desk_page(browser, base_url, username):
    context, page, requests, errors, _ = open_as(browser, base_url, username, "/desk/", {"width": 1366, "height": 900})
    return context, page, requests, errors


def act(page, name: str, fill=None):
    """Open an action's form on the case page, fill it, confirm, and wait for the page to reload."""
    page.wait_for_selector("html[data-desk=ready]", state="attached")
    action = page.locator(f'details[data-action="{name}"]')
    action.locator("summary").click()
    if fill:
        fill(action)
    action.get_by_role("button", name="确认").click()
    # The saved message after the reload, or the refusal's reason (which then fails the test with it).
    expect(page.locator("#case-message:not(:empty), #action-error:not(:empty)")).to_have_text("已保存。")


def status_is(page, label: str):
    expect(page.locator(".case-facts .case-status")).to_have_text(label)


def photo(path):
    Image.linear_gradient("L").resize((320, 240)).convert("RGB").save(path, "JPEG", quality=85)
    return path


def resolve_with_a_photo(page, case, tmp_path):
    """办结 on the case page with the result in words and a photo of it (stage resolution)."""
    act(
        page,
        "resolve",
        lambda form: (
            form.get_by_label("办理结果").fill("已修补屋面防水"),
            form.get_by_label("办结照片（可多张）").set_input_files(str(photo(tmp_path / "done.jpg"))),
        ),
    )
    status_is(page, "办结")
    expect(page.locator(".case-photos img")).to_have_count(1)
    assert ComplaintPhoto.objects.get(complaint=case).stage == "resolution"


def test_two_cases_are_found_reassigned_in_bulk_worked_and_printed(chromium, live_server, cases_world, media, tmp_path):
    world = cases_world
    first = take_in(world, "12345-0001", "丰西路45号院3号楼屋顶漏雨严重", "13800138000")
    second = take_in(world, "12345-0002", "丰西路45号院楼道漏雨，墙皮脱落", "13900139000")
    context, page, requests, errors = desk_page(chromium, live_server.url, "leader")

    # Found by phone (exact), then both by their words.
    page.get_by_label("来电号码").fill("138 0013 8000")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#desk-count")).to_have_text("共 1 件")
    expect(page.locator(".desk-table tbody tr")).to_contain_text("12345-0001")
    page.get_by_label("来电号码").fill("")
    page.get_by_label("诉求内容").fill("漏雨")
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".desk-table tbody tr")).to_have_count(2)
    expect(page.locator(".desk-table .time-left").first).to_contain_text("剩余")

    # Bulk: both to the department's handler.
    page.get_by_label("选择本页全部").check()
    expect(page.locator("#bulk-selected")).to_have_text("已选 2 件")
    bulk = page.locator(".bulk-actions")
    bulk.get_by_label("承办人", exact=True).fill("dept")
    bulk.get_by_label("说明").fill("漏雨集中处理")
    bulk.get_by_role("button", name="改派所选").click()
    expect(page.locator("#bulk-report")).to_contain_text("已改派 2 件。")
    for case in (first, second):
        case.refresh_from_db()
        assert (case.status, case.assignee, case.assigned_department) == (
            "dispatched",
            world["dept"],
            world["department"],
        )

    # One case worked on its page: respond, start, resolve with a photo.
    page.goto(f"{live_server.url}/desk/cases/{first.pk}/")
    page.wait_for_selector("html[data-case-map=ready]", state="attached")
    expect(page.locator(".case-trail")).to_contain_text("派单给dept（城管科）：漏雨集中处理")
    act(page, "respond")
    status_is(page, "响应")
    act(page, "start")
    status_is(page, "办理中")
    resolve_with_a_photo(page, first, tmp_path)
    page.wait_for_function("() => document.querySelector('.case-photos img').naturalWidth === 320")
    expect(page.locator(".case-trail")).to_contain_text("已修补屋面防水")
    screenshot(page, "desk_case_resolved.png")

    # The printable sheet.
    page.get_by_role("link", name="打印案卷").click()
    expect(page.locator("h1")).to_have_text("诉求案卷 12345-0001")
    expect(page.locator(".sheet-map svg .point")).to_have_count(1)
    expect(page.locator(".case-trail li")).to_have_count(5)
    page.emulate_media(media="print")
    expect(page.locator("#print-sheet")).to_be_hidden()
    screenshot(page, "desk_case_sheet.png")
    assert remote_requests(requests) == []
    assert errors == []
    context.close()


def test_a_12345_ticket_goes_from_the_sheet_through_the_desk_to_close(
    chromium, live_server, cases_world, media, settings, tmp_path
):
    world = cases_world
    settings.HOTLINE_UPLOAD_DIR = tmp_path / "uploads"
    ensure_categories()
    context, page, requests, errors = desk_page(chromium, live_server.url, "leader")

    # Intake: the centre's sheet through the desk's upload page (two new tickets; D-002's city
    # category is unknown, so it lands under 其他 and waits for review).
    nav = page.locator(".desk-nav")
    nav.get_by_role("link", name="导入12345派单表").click()
    page.get_by_label("派单表文件").set_input_files(str(write_sheet(tmp_path / "12345派单.xlsx")))
    page.get_by_role("button", name="上传并试运行").click()
    page.get_by_role("button", name="确认导入 2 条新工单").click()
    expect(page.get_by_role("heading", name="导入结果")).to_be_visible()
    leak, bikes = (Complaint.objects.get(ticket_no=no) for no in ("D-001", "D-002"))

    # Found on the desk: the review queue from its navigation, the other by its words.
    nav.get_by_role("link", name="待人工核定").click()
    expect(page.locator(".desk-table tbody tr")).to_have_count(1)
    expect(page.locator(".desk-table tbody tr")).to_contain_text("D-002")
    expect(page.locator(".desk-table tbody tr")).to_contain_text("待核定")
    nav.get_by_role("link", name="案件列表").click()
    page.get_by_label("诉求内容").fill("漏雨")
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".desk-table tbody tr")).to_have_count(1)
    expect(page.locator(".desk-table tbody tr")).to_contain_text("D-001")

    # Both dispatched in bulk to 城管科, without naming a person yet.
    page.get_by_role("link", name="清空条件").click()
    expect(page.locator(".desk-table tbody tr")).to_have_count(2)
    page.wait_for_selector("html[data-desk=ready]", state="attached")
    page.get_by_label("选择本页全部").check()
    bulk = page.locator(".bulk-actions")
    bulk.get_by_label("承办科室").select_option("D1")
    bulk.get_by_label("说明").fill("12345派单")
    bulk.get_by_role("button", name="改派所选").click()
    expect(page.locator("#bulk-report")).to_contain_text("已改派 2 件。")
    for case in (leak, bikes):
        case.refresh_from_db()
        assert (case.status, case.assignee, case.assigned_department) == ("dispatched", None, world["department"])

    # D-001 on its page: a named handler, then the work.
    page.goto(f"{live_server.url}/desk/cases/{leak.pk}/")
    expect(page.locator(".case-trail")).to_contain_text("派单给城管科：12345派单")
    act(page, "reassign", lambda form: form.get_by_label("承办人", exact=True).fill("dept"))
    expect(page.locator(".case-facts .case-assignee")).to_have_text("dept")
    act(page, "respond")
    status_is(page, "响应")
    target = (timezone.localdate() + timedelta(days=60)).isoformat()
    act(
        page,
        "ledger",
        lambda form: (
            form.get_by_label("挂账责任人/单位").fill("城管科 王科长"),
            form.get_by_label("计划销账日期").fill(target),
            form.get_by_label("挂账原因").fill("需纳入明年屋面大修计划"),
        ),
    )
    status_is(page, "挂账")
    expect(page.locator(".case-facts .case-ledger")).to_contain_text("城管科 王科长")
    act(page, "resume", lambda form: form.get_by_label("原因").fill("大修提前"))
    status_is(page, "办理中")
    resolve_with_a_photo(page, leak, tmp_path)

    # Two call-backs: nobody answers, then the resident is satisfied.
    act(
        page,
        "callback",
        lambda form: (form.get_by_label("未接通").check(), form.get_by_label("备注").fill("无人接听")),
    )
    status_is(page, "办结")
    expect(page.locator(".case-callbacks li")).to_have_count(1)
    act(
        page,
        "callback",
        lambda form: (
            form.get_by_label("已接通").check(),
            form.get_by_label("满意度（接通时填写）").select_option("satisfied"),
            form.get_by_label("备注").fill("屋顶不漏了"),
        ),
    )
    status_is(page, "回访")
    expect(page.locator(".case-facts .case-satisfaction")).to_have_text("满意")
    expect(page.locator(".case-callbacks li")).to_have_count(2)
    expect(page.locator(".case-callbacks li").nth(0)).to_contain_text("未接通")
    expect(page.locator(".case-callbacks li").nth(1)).to_contain_text("已接通，满意")
    act(page, "close")
    status_is(page, "结案")
    expect(page.locator(".case-actions")).to_contain_text("已结案的诉求不再重新打开")
    leak.refresh_from_db()
    assert (leak.status, leak.satisfaction, leak.callbacks.count()) == ("closed", "satisfied", 2)
    assert leak.ledger_cleared_at is not None

    # The printable sheet carries the whole story.
    page.get_by_role("link", name="打印案卷").click()
    expect(page.locator("h1")).to_have_text("诉求案卷 D-001")
    expect(page.locator(".case-callbacks li")).to_have_count(2)
    expect(page.locator(".case-trail")).to_contain_text("需纳入明年屋面大修计划")
    expect(page.locator(".sheet-map svg .point")).to_have_count(1)
    screenshot(page, "desk_case_closed_sheet.png")
    assert remote_requests(requests) == []
    assert errors == []
    context.close()
