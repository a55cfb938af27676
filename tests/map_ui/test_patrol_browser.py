"""Patrol routes in Debian's Chromium against the live server: the printable /planner/patrols/ page
(desktop, printed to an A4 PDF) and 今日巡查 on the grid worker's phone, online and then offline."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from layers.models import Complaint
from layers.selectors.planning_patrols import patrol_plans
from tests.layers.planning import patrol_world as world_fixtures
from tests.layers.planning.patrol_world import PLAN_DAY
from tests.map_ui import mobile_phone
from tests.map_ui.mobile_phone import OUTPUT, log_in, phone, remote_requests, screenshot

categories = mobile_phone.categories
chromium = mobile_phone.chromium
patrol_world = world_fixtures.patrol_world


@pytest.fixture
def world(categories, patrol_world):
    """The patrol world, its complaints moved so that today plays the part of the plan day: the
    mobile page asks for today's route (the server's date), whatever day the suite runs."""
    shift = timezone.localdate() - PLAN_DAY
    Complaint.objects.update(received_at=F("received_at") + shift)
    Complaint.objects.filter(due_at__isnull=False).update(due_at=F("due_at") + shift)
    return patrol_world


def test_printable_routes_page_draws_every_workers_route(chromium, live_server, world, make_user):
    make_user("leader", username="boss", display_name="街道领导")
    day = timezone.localdate()
    plans = {p.worker: p for p in patrol_plans(day)}
    li = plans["li"]
    assert li.stops, "the planted cluster gives 李 daily stops"
    context = chromium.new_context(viewport={"width": 1100, "height": 1400}, locale="zh-CN")
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/planner/patrols/")
    page.get_by_label("用户名").fill("boss")
    page.get_by_label("密码").fill("pw-for-tests")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/planner/patrols/")
    expect(page.get_by_role("heading", name="网格员巡查路线")).to_be_visible()
    expect(page.locator("section.patrol")).to_have_count(3)
    section = page.locator("section.patrol", has=page.locator("#worker-li"))
    expect(section.locator("svg.patrol-map polyline.route")).to_have_count(1)
    expect(section.locator("svg.patrol-map g.stop")).to_have_count(len(li.stops))
    expect(section.locator("svg.patrol-map path.cell")).to_have_count(25)
    rows = section.locator("table.patrol-stops tbody tr")
    expect(rows).to_have_count(len(li.stops))
    names = [rows.nth(i).locator("td").nth(2).inner_text() for i in range(len(li.stops))]
    assert names == [s.name for s in li.stops]
    # 王 has nothing due: a map of the cells, no line, and the sentence saying so.
    wang = page.locator("section.patrol", has=page.locator("#worker-wang"))
    expect(wang.locator("polyline.route")).to_have_count(0)
    expect(wang).to_contain_text("今日无须巡查的站点。")
    screenshot(page, "patrols_page.png")
    page.emulate_media(media="print")
    expect(page.locator(".patrols-tools")).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "patrols_a4.pdf").write_bytes(pdf)
    # English on request, the same routes.
    page.emulate_media(media="screen")
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", name="Grid workers' patrol routes")).to_be_visible()
    expect(section.locator("tbody")).to_contain_text("hot spot cell (99%)")
    expect(section.locator("tbody")).not_to_contain_text("热点")
    expect(page.locator("svg.patrol-map polyline.route")).to_have_count(sum(1 for p in plans.values() if p.stops))
    assert requests and remote_requests(requests) == []
    context.close()


def assert_line_through_stops(page):
    """The drawn line's box holds every numbered stop: line and markers on the same map scale. Waits
    out a zoom animation (both layers move then); a line left at the wrong scale fails."""
    page.wait_for_function(
        """() => {
            const line = document.querySelector("path.m-route");
            // Leaflet marks its map pane while a zoom animates.
            if (!line || document.querySelector(".leaflet-zoom-anim")) return false;
            const box = line.getBoundingClientRect();
            return [...document.querySelectorAll(".m-stop")].every((m) => {
                const r = m.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                return x >= box.left - 3 && x <= box.right + 3 && y >= box.top - 3 && y <= box.bottom + 3;
            });
        }""",
        timeout=5000,
    )


def test_a_grid_worker_sees_todays_route_on_the_phone_also_offline(chromium, live_server, world):
    li = patrol_plans(timezone.localdate(), ["li"])[0]
    assert li.stops
    context, page, requests, errors = phone(chromium)
    log_in(page, live_server.url, "li")
    page.get_by_role("tab", name="今日巡查").tap()
    items = page.locator("#route-list li")
    expect(items).to_have_count(len(li.stops))
    for i, stop in enumerate(li.stops):
        expect(items.nth(i)).to_contain_text(f"{i + 1}. {stop.name}")
    expect(page.locator("#route-message")).to_contain_text(f"{len(li.stops)}个站点")
    expect(page.locator("path.m-route")).to_have_count(1)
    expect(page.locator(".m-stop")).to_have_count(len(li.stops))
    expect(page.locator(".m-stop").first).to_have_text("1")
    assert_line_through_stops(page)
    screenshot(page, "mobile_route.png")
    # Back on the cases tab the map is clear of the route again.
    page.get_by_role("tab", name="我的诉求").tap()
    expect(page.locator("path.m-route")).to_have_count(0)

    context.set_offline(True)
    page.reload()
    expect(page.locator("#net-status")).to_have_text("离线")
    page.get_by_role("tab", name="今日巡查").tap()
    expect(items).to_have_count(len(li.stops))
    expect(page.locator("#route-message")).to_contain_text("离线：显示的是上次联网时保存的路线。")
    expect(page.locator("path.m-route")).to_have_count(1)
    expect(page.locator(".m-stop")).to_have_count(len(li.stops))
    assert_line_through_stops(page)
    screenshot(page, "mobile_route_offline.png")
    # Only 李's own plan ever reached the phone.
    assert not any("worker=" in url for url in requests)
    assert remote_requests(requests) == []
    assert errors == []
    context.close()


def test_the_route_tab_of_a_worker_without_cells_says_so(chromium, live_server, world, make_user):
    make_user("grid_worker", username="new", display_name="新网格员", community=world["west"])
    context, page, requests, errors = phone(chromium)
    log_in(page, live_server.url, "new")
    page.get_by_role("tab", name="今日巡查").tap()
    expect(page.locator("#route-message")).to_have_text("未分配网格，没有巡查路线。")
    expect(page.locator("#route-list li")).to_have_count(0)
    assert errors == [] and remote_requests(requests) == []
    context.close()


def test_shift_keeps_the_scene(world):
    # The moved complaints still fall in the 28 days before today, and the overdue ones are late.
    today = timezone.localdate()
    assert Complaint.objects.filter(received_at__date__gte=today - timedelta(days=28)).exists()
    assert Complaint.objects.filter(status="dispatched", due_at__date__lt=today).count() == 2
