"""The planners' pages in Debian's Chromium against the live server and the real planning API.

The world is tests/map_ui/planner_world.py; the ranking, packages and exported file come from the
other engineers' code on PostGIS, so these tests check that the pages show what the API says.
"""

import re

import openpyxl
import pyogrio
import pytest
from playwright.sync_api import expect

from layers.planning.scoring import INFRA_CATEGORIES
from tests.map_ui import planner_world
from tests.map_ui.mobile_phone import remote_requests
from tests.map_ui.planner_world import ESTATES, LEAKS_AFTER, LEAKS_BEFORE, PERIOD
from tests.map_ui.test_map_browser import chromium, screenshot  # noqa: F401 (fixture by name)

categories = planner_world.categories
world = planner_world.planner_world
renovated_world = planner_world.renovated_world
HIGHLIGHTED = re.compile(r"\bis-highlighted\b")
QUERY = f"start={PERIOD['start']}&end={PERIOD['end']}"


def open_page(chromium):  # noqa: F811
    """A Chinese-speaking page that records every request it makes and every script error."""
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, requests, errors


def log_in(page, url, username):
    """Open a planner page, which sends us to the login form first and back after it."""
    page.goto(url)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-for-tests")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(url)


@pytest.fixture
def planner_page(chromium, live_server, world, make_user):  # noqa: F811
    make_user("planner", username="sun", display_name="孙规划")
    context, page, requests, errors = open_page(chromium)
    log_in(page, f"{live_server.url}/planner/?{QUERY}", "sun")
    yield page, requests, errors
    context.close()


def ready(page):
    page.wait_for_selector("html[data-planner-state=ready]", state="attached")


def score_of(row) -> float:
    return float(row.locator("td.score").inner_text().replace(",", ""))


def test_ranking_table_and_map_show_the_estates_linked_both_ways(planner_page, live_server):
    page, requests, errors = planner_page
    ready(page)

    rows = page.locator("#ranking-body tr")
    expect(rows).to_have_count(len(ESTATES))
    expect(page.locator("path.planner-estate")).to_have_count(len(ESTATES))
    assert {rows.nth(i).get_attribute("data-key") for i in range(len(ESTATES))} == set(ESTATES)
    scores = [score_of(rows.nth(i)) for i in range(len(ESTATES))]
    assert scores == sorted(scores, reverse=True)
    assert [rows.nth(i).locator("td").nth(1).inner_text() for i in range(len(ESTATES))] == ["1", "2", "3", "4"]
    expect(page.locator("#ranking-caption")).to_have_text("住宅项目改造得分（2026-01-01 至 2026-10-31）")
    expect(page.locator("#score-legend")).to_contain_text("改造得分")
    # Our own community outlines are the base map (no tiles offline).
    expect(page.locator("path.planner-community")).to_have_count(2)

    # The map first (every estate is in view), then a row, which zooms to its estate.
    page.locator('path.planner-estate[data-key="P4"]').hover()
    expect(page.locator(".leaflet-tooltip")).to_contain_text("4. 测试四院")
    expect(page.locator(".leaflet-tooltip")).to_contain_text("单一产权")
    expect(page.locator(".leaflet-tooltip")).to_contain_text("1990年建成")
    expect(page.locator(".leaflet-tooltip")).to_contain_text("物业：测试物业")
    page.locator('path.planner-estate[data-key="P4"]').click()
    expect(page.locator('#ranking-body tr[data-key="P4"]')).to_have_class(HIGHLIGHTED)
    expect(page.locator('path.planner-estate[data-key="P4"]')).to_have_class(HIGHLIGHTED)
    screenshot(page, "planner_ranking_map_clicked.png")

    page.get_by_role("button", name="测试三院").click()
    expect(page.locator('path.planner-estate[data-key="P3"]')).to_have_class(HIGHLIGHTED)
    expect(page.locator('#ranking-body tr[data-key="P3"]')).to_have_class(HIGHLIGHTED)
    expect(page.locator('#ranking-body tr[data-key="P4"]')).not_to_have_class(HIGHLIGHTED)
    screenshot(page, "planner_ranking_row_clicked.png")

    # From the keyboard: Tab reaches the estate's button, Enter shows it.
    page.get_by_label("选择 测试二院").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="测试二院")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator('path.planner-estate[data-key="P2"]')).to_have_class(HIGHLIGHTED)
    expect(page.locator("path.planner-estate.is-highlighted")).to_have_count(1)

    assert remote_requests(requests) == []
    assert errors == []


def test_two_ticked_estates_export_as_geopackage_and_xlsx_with_exactly_those_two(planner_page, tmp_path):
    page, requests, errors = planner_page
    ready(page)

    page.get_by_label("选择 测试一院").check()
    page.get_by_label("选择 测试四院").check()
    expect(page.locator("#selected-count")).to_have_text("已选 2 个住宅项目")
    page.get_by_label("导出格式").select_option("gpkg")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="导出所选").click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    screenshot(page, "planner_ranking_export.png")

    assert target.suffix == ".gpkg"
    frame = pyogrio.read_dataframe(target, layer="estates")
    assert sorted(frame["code"]) == ["P1", "P4"]
    assert sorted(frame["name"]) == sorted([ESTATES["P1"][0], ESTATES["P4"][0]])

    page.get_by_label("导出格式").select_option("xlsx")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="导出所选").click()
    workbook_path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(workbook_path)
    sheet = openpyxl.load_workbook(workbook_path, read_only=True).worksheets[0]
    header, *rows = sheet.iter_rows(values_only=True)
    code_column = next(i for i, title in enumerate(header) if str(title).startswith("编码"))
    assert workbook_path.suffix == ".xlsx"
    assert sorted(row[code_column] for row in rows if row[code_column]) == ["P1", "P4"]
    assert remote_requests(requests) == []
    assert errors == []


def test_export_without_a_selection_says_what_to_do(planner_page):
    page, _requests, errors = planner_page
    ready(page)

    page.get_by_role("button", name="导出所选").click()

    expect(page.locator("#planner-notices")).to_have_text("请先勾选要导出的住宅项目。")
    assert errors == []


def test_a_failed_export_shows_the_api_answer_and_saves_nothing(planner_page, world):
    page, requests, errors = planner_page
    ready(page)
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    page.get_by_label("选择 测试二院").check()
    # Gone from the register after the page was drawn: the API refuses the unknown code.
    world["P2"].delete()

    page.get_by_role("button", name="导出所选").click()

    notice = page.locator("#planner-notices")
    # The API's own reason, not only its status.
    expect(notice).to_contain_text("导出失败（codes: 未知小区编码 unknown estate codes: P2）")
    expect(page.get_by_role("button", name="导出所选")).to_be_enabled()
    assert downloads == []
    assert errors == []


def test_packages_page_draws_each_package_with_its_rank(planner_page, live_server):
    page, requests, errors = planner_page
    page.get_by_role("link", name="成片改造包").click()
    page.wait_for_url(f"{live_server.url}/planner/packages/")
    page.get_by_label("开始日期").fill(PERIOD["start"])
    page.get_by_label("结束日期").fill(PERIOD["end"])
    page.get_by_role("button", name="查询").click()
    ready(page)

    rows = page.locator("#packages-body tr")
    count = rows.count()
    assert count >= 1
    expect(page.locator("path.planner-package")).to_have_count(count)
    expect(page.locator(".package-rank")).to_have_count(count)
    joined = rows.filter(has_text="测试一院")
    expect(joined).to_have_count(1)
    expect(joined).to_contain_text("测试二院")
    fills = {page.locator("path.planner-package").nth(i).get_attribute("fill") for i in range(count)}
    assert len(fills) == min(count, 10)
    joined.get_by_role("button").click()
    expect(page.locator("path.planner-package.is-highlighted")).to_have_count(1)
    expect(joined).to_have_class(HIGHLIGHTED)
    screenshot(page, "planner_packages.png")

    page.get_by_label("最大间距（米）").fill("10")
    page.get_by_role("button", name="查询").click()
    ready(page)
    expect(page.locator("#packages-body tr").filter(has_text="测试一院")).not_to_contain_text("测试二院")
    assert "max_distance_m=10" in page.url

    assert remote_requests(requests) == []
    assert errors == []


def test_before_after_shows_the_planted_drop_with_bars(chromium, live_server, renovated_world, make_user):  # noqa: F811
    make_user("leader", username="wang")
    context, page, requests, errors = open_page(chromium)
    log_in(page, f"{live_server.url}/planner/before-after/", "wang")
    ready(page)

    leaks = page.locator("#before-after-body tr").filter(has_text="房屋修缮/漏雨")
    expect(leaks).to_have_count(1)
    cells = leaks.locator("td")
    expect(cells.nth(2)).to_have_text(str(LEAKS_BEFORE))
    expect(cells.nth(3)).to_have_text(str(LEAKS_AFTER))
    expect(cells.nth(7)).to_have_text("是")
    # Beyond the control, whose leaks did not fall: still a fall, still beyond chance.
    assert cells.nth(8).inner_text().startswith("-")
    expect(cells.nth(9)).to_have_text(re.compile(r"^是（p [<=] "))
    assert cells.nth(5).inner_text().startswith("-")
    before_bar = leaks.locator(".ba-before .ba-fill").evaluate("node => node.getBoundingClientRect().width")
    after_bar = leaks.locator(".ba-after .ba-fill").evaluate("node => node.getBoundingClientRect().width")
    assert before_bar > 10 * after_bar > 0
    # On the map: the estate in the colour of a significant fall, and a click finds its rows.
    estate = page.locator('path.planner-renovated[data-code="R1"]')
    expect(estate).to_have_attribute("fill", "#1b7837")
    estate.click()
    expect(page.locator("#before-after-body tr.is-highlighted")).to_have_count(len(INFRA_CATEGORIES))
    screenshot(page, "planner_before_after.png")

    page.get_by_label("类别").select_option(label="各类合计")
    expect(page.locator("#before-after-body tr")).to_have_count(1)
    expect(page.locator("#before-after-body tr td").nth(2)).to_have_text(str(LEAKS_BEFORE))
    page.get_by_label("类别").select_option(label="房屋修缮/漏雨")
    expect(page.locator("#before-after-body tr")).to_have_count(1)

    page.get_by_role("button", name="EN").click()
    ready(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Before and after")
    expect(page.locator("#before-after-body tr.is-significant td").nth(7)).to_have_text("Yes")
    expect(page.locator("#before-after-body tr.is-significant td").last).to_have_text(re.compile(r"^Yes \(p [<=] "))
    expect(page.locator("#before-after-body tr.is-significant")).to_contain_text("Housing repair / roof leaks")
    screenshot(page, "planner_before_after_en.png")

    assert remote_requests(requests) == []
    assert errors == []
    context.close()
