"""Issue 17, part 7: each role's first day, step by step, as the README's guide tells it; each step
checked and photographed. The screenshots go to test-output/first-day/; the README's copies under
docs/first-day/ (1000 px wide at most, 256 colours) are written when missing or when asked for:

    UPDATE_FIRST_DAY=1 .venv/bin/pytest tests/map_ui/test_first_day_browser.py
"""

import io
import os
from datetime import timedelta

import pyogrio
import pytest
from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import expect

from layers.analytics.reports import weekly_report
from layers.i18n import source_text
from layers.models import Complaint, GridCell
from tests.map_ui.first_world import PASSWORD, ROOT, download_layer, settle, wait_for_map

pytest_plugins = ["tests.map_ui.first_world"]

OUTPUT = ROOT / "test-output" / "first-day"
GUIDE = ROOT / "docs" / "first-day"
DESKTOP = {"width": 1000, "height": 680}
PHONE = {"width": 390, "height": 760}
GUIDE_WIDTH = 1000


def shot(page, name: str) -> None:
    """The step's screenshot; the guide's copy optimised (width ≤ 1000 px, a 256-colour palette)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    png = page.screenshot()
    (OUTPUT / f"{name}.png").write_bytes(png)
    target = GUIDE / f"{name}.png"
    if target.exists() and not os.environ.get("UPDATE_FIRST_DAY"):
        return
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if image.width > GUIDE_WIDTH:
        image = image.resize((GUIDE_WIDTH, round(image.height * GUIDE_WIDTH / image.width)), Image.LANCZOS)
    GUIDE.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def start(chromium, live_server, username: str, viewport: dict, language: str = "zh"):
    phone = viewport is PHONE
    context = chromium.new_context(viewport=viewport, locale="zh-CN", is_mobile=phone, has_touch=phone)
    if language == "en":
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/")
    return page, errors


def log_in(page, username: str, language: str = "zh"):
    names = {"zh": ("用户名", "密码", "登录"), "en": ("User name", "Password", "Log in")}[language]
    page.get_by_label(names[0]).fill(username)
    page.get_by_label(names[1]).fill(PASSWORD)
    page.get_by_role("button", name=names[2], exact=True).click()
    page.wait_for_load_state("networkidle")


def busiest_cell() -> GridCell:
    since = timezone.now() - timedelta(days=28)
    busiest = (
        Complaint.objects.filter(received_at__gte=since, grid_cell__isnull=False)
        .values("grid_cell")
        .annotate(n=Count("id"))
        .order_by("-n", "grid_cell")
        .first()
    )
    return GridCell.objects.get(pk=busiest["grid_cell"])


def show_unit_panel(page):
    """Scroll the side panel (only it, not the page) to the unit's cases, as a reader would."""
    page.locator("#unit-panel").evaluate(
        """panel => { const side = panel.closest('.side-panel');
                     side.scrollTop += panel.getBoundingClientRect().top - side.getBoundingClientRect().top; }"""
    )


def click_map_at(page, point):
    xy = page.evaluate(
        f"""async () => {{
          const {{ map }} = await import("/static/map_ui/layers/kit.js");
          const p = map.latLngToContainerPoint([{point.y}, {point.x}]);
          return [p.x, p.y];
        }}"""
    )
    page.locator(".leaflet-container").click(position={"x": xy[0], "y": xy[1]})


def check_the_workbook(page, tmp_path):
    """The report's Excel workbook as the leader downloads it: every sheet's header row frozen, the hot
    cells' FDR p-values as they are (not rounded to 0) in scientific notation."""
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Excel 工作簿").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    book = load_workbook(path)
    assert all(sheet.freeze_panes in ("A2", "C2") for sheet in book), [(s.title, s.freeze_panes) for s in book]
    week = page.url.rstrip("/").rsplit("/", 1)[-1]
    expected = weekly_report(week)["hotspots"]["grid_cells"]["top"]
    cells = [row[4] for row in book["热点网格"].iter_rows(min_row=2)]
    assert cells, "the busy month has hot cells last week"
    for cell, row in zip(cells, expected, strict=True):
        # Excel keeps 15 significant digits; the old sheet rounded these (~1e-10) to 0.
        assert cell.value == pytest.approx(row["gi_p_fdr"], rel=1e-12) and cell.number_format == "0.00E+00"


def test_a_leaders_first_day(chromium, live_server, busy_world, tmp_path):
    page, errors = start(chromium, live_server, "leader", DESKTOP)
    shot(page, "leader-1-login")
    log_in(page, "leader")
    wait_for_map(page)
    expect(page.locator("img.dash-heat-image")).to_have_count(1)
    expect(page.locator("path.dash-hotspot").first).to_be_attached()
    shot(page, "leader-2-dashboard")

    # The busiest cell of the four weeks, where the hot cells are: a click there opens its cases.
    click_map_at(page, busiest_cell().geom.point_on_surface)
    page.wait_for_selector("#unit-panel[data-state=ready]:not([hidden])", state="attached")
    show_unit_panel(page)
    expect(page.locator("#unit-panel .unit-cases li").first).to_be_visible()
    shot(page, "leader-3-hot-cell")

    page.locator("#weekly-report-link").click()
    expect(page.locator("#incomplete")).to_have_count(0)
    expect(page.locator("#kpi-total b")).not_to_have_text("0")
    shot(page, "leader-4-weekly-report")
    check_the_workbook(page, tmp_path)

    # The report is a printable page without the switch: back on the dashboard, EN, then the report again.
    page.go_back()
    page.locator(".language-switch").get_by_role("button", name="EN").click()
    page.locator("#weekly-report-link").click()
    expect(page.locator("h2#s-total")).to_have_text("1. Overview")
    shot(page, "leader-5-weekly-report-en")
    assert errors == []


def test_a_grid_workers_first_day(chromium, live_server, busy_world):
    page, errors = start(chromium, live_server, "grid_worker", PHONE)
    log_in(page, "grid_worker")
    page.wait_for_url(f"{live_server.url}/m/")
    page.wait_for_selector("body[data-sw=ready]", state="attached")
    expect(page.locator("path.m-cell").first).to_be_attached()
    settle(page)
    shot(page, "grid-worker-1-my-cells")

    page.get_by_role("tab", name="上报问题").tap()
    # A cell of mine with no case marker on it: the tap lands on the map, not on a case.
    with_cases = Complaint.objects.filter(grid_cell__isnull=False).values("grid_cell")
    quiet = GridCell.objects.filter(grid_worker__username="grid_worker").exclude(pk__in=with_cases).first()
    where = quiet.geom.point_on_surface
    x, y = page.evaluate(
        f"""async () => {{
          const {{ map }} = await import("/static/map_ui/mobile/app.js");
          const p = map.latLngToContainerPoint([{where.y}, {where.x}]);
          return [p.x, p.y];
        }}"""
    )
    page.locator("#m-map").tap(position={"x": x, "y": y})
    expect(page.locator("#pin-info")).to_contain_text(quiet.code)
    page.get_by_label("问题分类").select_option(label="市容环境")
    page.get_by_label("问题描述").fill("楼前垃圾桶满溢")
    page.locator("#report-form").evaluate("form => form.scrollIntoView({ block: 'start' })")
    shot(page, "grid-worker-2-report")

    page.get_by_role("button", name="提交").tap()
    expect(page.locator("#report-message")).to_contain_text("已提交，编号")
    shot(page, "grid-worker-3-case-number")

    page.get_by_role("tab", name="我的诉求").tap()
    page.locator("#cases-list li a").first.tap()
    expect(page.locator("#case-body dl")).to_be_visible()
    shot(page, "grid-worker-4-case")
    assert errors == []


def test_an_office_first_day(chromium, live_server, busy_world):
    page, errors = start(chromium, live_server, "department", DESKTOP)
    log_in(page, "department")
    page.wait_for_url(f"{live_server.url}/desk/")
    rows = page.locator(".desk-table tbody tr[data-case]")
    expect(rows.first).to_be_visible()
    shot(page, "office-1-desk")

    page.locator("input[name=overdue]").check()
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/desk/?*overdue=1*")
    expect(rows.first).to_be_visible()
    assert rows.count() == page.locator(".desk-table tbody tr.is-overdue").count()
    shot(page, "office-2-overdue")

    rows.first.locator("a").first.click()
    page.wait_for_selector("html[data-desk=ready]", state="attached")
    expect(page.locator("details[data-action]").first).to_be_visible()
    expect(page.locator(".case-trail li").first).to_be_visible()
    shot(page, "office-3-case")

    page.goto(f"{live_server.url}/desk/import/")
    expect(page.locator("input[type=file]")).to_be_attached()
    shot(page, "office-4-12345-import")
    assert errors == []


def test_a_planners_first_day(chromium, live_server, busy_world):
    page, errors = start(chromium, live_server, "planner", DESKTOP)
    log_in(page, "planner")
    page.wait_for_url(f"{live_server.url}/planner/")
    page.wait_for_selector("html[data-planner-state=ready]", state="attached")
    shot(page, "planner-1-ranking")

    boxes = page.locator("table input[type=checkbox][aria-label]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    shot(page, "planner-2-selection")

    page.get_by_role("link", name="成片改造包").click()
    page.wait_for_selector("html[data-planner-state=ready]", state="attached")
    shot(page, "planner-3-packages")

    page.get_by_role("link", name="返回地图").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")
    wait_for_map(page)
    expect(page.locator("path.layer-renovation, path.layer-housing-projects").first).to_be_attached()
    shot(page, "planner-4-estates-map")
    assert errors == []


def test_an_agencys_first_day(chromium, live_server, busy_world, tmp_path):
    page, errors = start(chromium, live_server, "agency", DESKTOP, "en")
    log_in(page, "agency", "en")
    page.wait_for_url(f"{live_server.url}/exports/")
    shot(page, "agency-1-exports")

    path = download_layer(page, "complaints", "gpkg", "4548", tmp_path)
    # Words beside the codes (QGIS shows 已办结, not closed), and nobody's name or phone.
    cases = pyogrio.read_dataframe(path)
    assert len(cases) == Complaint.objects.filter(location__isnull=False).count()
    labels = {code: source_text(label) for code, label in Complaint.Status.choices}
    assert {labels[code] for code in cases["status"]} == set(cases["status_label"])
    assert {"channel_label", "sishi_label", "satisfaction_label"} <= set(cases.columns)
    assert not {"complainant_name", "complainant_phone"} & set(cases.columns)
    shot(page, "agency-2-download")

    page.locator("#qgis").scroll_into_view_if_needed()
    expect(page.locator("#qgis ol.steps li")).to_have_count(5)
    shot(page, "agency-3-qgis")

    page.goto(f"{live_server.url}/dashboard/")
    wait_for_map(page)
    shot(page, "agency-4-map")
    assert errors == []
