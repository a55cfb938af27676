"""The office case desk in Chromium: cases from intake through the desk to their end, the bulk
reassignment, 挂账, two call-back attempts and the printable sheet.

The cases come in through the staff API, as a 12345 sheet or Open311 would bring them; everything
after that is done on the desk's pages, as the office does.

test_a_case_goes_through_the_ledger_and_two_call_backs_to_close needs the intake work merged (the
transition endpoint accepting ledger_owner / ledger_target_date, POST …/callbacks/): on the desk
branch alone its 挂账 step is refused as an unknown field.
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
    page.wait_for_function("() => document.querySelector('.case-photos img').naturalWidth === 320")
    assert ComplaintPhoto.objects.get(complaint=first).stage == "resolution"
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


def test_a_case_goes_through_the_ledger_and_two_call_backs_to_close(chromium, live_server, cases_world, media):
    """Needs the intake work merged (挂账 fields on the transition endpoint, POST …/callbacks/)."""
    world = cases_world
    case = take_in(world, "12345-0003", "丰西路45号院路面坑洼积水", "13700137000")
    context, page, requests, errors = desk_page(chromium, live_server.url, "leader")
    page.goto(f"{live_server.url}/desk/cases/{case.pk}/")
    act(page, "dispatch", lambda form: form.get_by_label("承办人", exact=True).fill("dept"))
    status_is(page, "派单")
    expect(page.locator(".case-facts .case-assignee")).to_have_text("dept")
    act(page, "respond")
    target = (timezone.localdate() + timedelta(days=60)).isoformat()
    act(
        page,
        "ledger",
        lambda form: (
            form.get_by_label("挂账责任人/单位").fill("城管科 王科长"),
            form.get_by_label("计划销账日期").fill(target),
            form.get_by_label("挂账原因").fill("需纳入明年道路大修计划"),
        ),
    )
    status_is(page, "挂账")
    expect(page.locator(".case-facts .case-ledger")).to_contain_text("城管科 王科长")
    act(page, "resume", lambda form: form.get_by_label("原因").fill("大修提前"))
    act(page, "resolve", lambda form: form.get_by_label("办理结果").fill("路面已修复"))
    status_is(page, "办结")
    act(
        page,
        "callback",
        lambda form: (form.get_by_label("未接通").check(), form.get_by_label("备注").fill("无人接听")),
    )
    status_is(page, "办结")
    act(
        page,
        "callback",
        lambda form: (
            form.get_by_label("已接通").check(),
            form.get_by_label("满意度（接通时填写）").select_option("satisfied"),
        ),
    )
    status_is(page, "回访")
    expect(page.locator(".case-facts .case-satisfaction")).to_have_text("满意")
    act(page, "close")
    status_is(page, "结案")
    expect(page.locator(".case-actions")).to_contain_text("已结案的诉求不再重新打开")
    expect(page.locator(".case-trail")).to_contain_text("未接通")
    page.goto(f"{live_server.url}/desk/cases/{case.pk}/print/")
    expect(page.locator(".case-trail")).to_contain_text("需纳入明年道路大修计划")
    assert remote_requests(requests) == []
    assert errors == []
    context.close()
