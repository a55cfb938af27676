"""/desk/import/ in Debian's Chromium against the live server: an office clerk uploads a 12345 sheet,
reads the dry run, commits it and downloads the rejects file; the cases are then in the database."""

import csv
import io

import pytest
from playwright.sync_api import expect

from layers.models import Complaint
from tests.map_ui.desk_sheet import ensure_categories, make_estate, write_sheet
from tests.map_ui.mobile_phone import remote_requests
from tests.map_ui.test_map_browser import chromium, screenshot  # noqa: F401 (fixture by name)


@pytest.fixture
def clerk(small_world, make_user, settings, tmp_path):
    settings.HOTLINE_UPLOAD_DIR = tmp_path / "uploads"
    ensure_categories()
    make_estate(small_world)
    return make_user("department", username="wang", display_name="王科员")


def test_upload_preview_commit_and_rejects(chromium, live_server, clerk, tmp_path):  # noqa: F811
    sheet = write_sheet(tmp_path / "12345派单.xlsx")
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = f"{live_server.url}/desk/import/"
    page.goto(url)
    page.get_by_label("用户名").fill("wang")
    page.get_by_label("密码").fill("pw-for-tests")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(url)

    expect(page.get_by_role("heading", name="导入12345派单表", level=1)).to_be_visible()
    page.get_by_label("派单表文件").set_input_files(str(sheet))
    page.get_by_role("button", name="上传并试运行").click()

    expect(page.get_by_role("heading", name="试运行结果（尚未写入）")).to_be_visible()
    table = page.get_by_role("table", name="逐行处理")
    expect(table.locator("tbody tr")).to_have_count(5)
    expect(table.locator("tr[data-row='3']")).to_contain_text("新工单，待人工核定")
    expect(table.locator("tr[data-row='3']")).to_contain_text("城市管理>共享单车")
    expect(table.locator("tr[data-row='4']")).to_contain_text("工单编号为空")
    expect(table.locator("tr[data-row='5']")).to_contain_text("重复行，跳过")
    expect(page.locator("dd[data-count='rejected']")).to_have_text("2")
    screenshot(page, "desk-import-preview.png")
    assert Complaint.objects.count() == 0

    page.get_by_role("button", name="确认导入 2 条新工单").click()
    expect(page.get_by_role("heading", name="导入结果")).to_be_visible()
    expect(page.locator("dd[data-count='new']")).to_have_text("2")
    assert sorted(Complaint.objects.values_list("ticket_no", flat=True)) == ["D-001", "D-002"]

    with page.expect_download() as download:
        page.get_by_role("link", name="下载拒绝行文件（CSV）").click()
    saved = tmp_path / "rejects.csv"
    download.value.save_as(saved)
    table = list(csv.reader(io.StringIO(saved.read_bytes().decode("utf-8-sig"))))
    assert [row[:2] for row in table] == [["行号", "工单编号"], ["4", ""], ["6", "D-005"]]
    assert download.value.suggested_filename == "12345派单.rejects.csv"

    assert remote_requests(requests) == []
    assert errors == []
    context.close()
