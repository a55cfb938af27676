"""The topic page /topics/<code>/ in Debian's Chromium against the live server: a hand-built 协商
议题 with its timeline, meetings, actions and before/after outcome, seen by the grid worker of its
cell (and by nobody else's grid worker), at desktop and phone width, with nothing fetched from
anywhere but our own server.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from layers.models import Category, Complaint, GridCell, HousingProject, Role
from layers.services.cogovernance import meeting_record, participant_add, topic_open_for_area
from layers.services.cogovernance_actions import action_complete
from tests.geometry import point, rect
from tests.map_ui import mobile_phone
from tests.map_ui.mobile_phone import OUTPUT, PHONE, remote_requests

# The shared Chromium fixture, bound by name here so pytest finds it.
chromium = mobile_phone.chromium

DAY = timedelta(days=1)


def plant(category, where, when, n):
    """Cases stored directly, dated in the past as a 12345 import would date them: only their place,
    time and category matter to the outcome."""
    Complaint.objects.bulk_create(
        Complaint(
            channel="hotline_12345",
            description="停车难",
            category=category,
            sishi_type="hoped",
            location=point(*where),
            received_at=when + i * timedelta(hours=7),
        )
        for i in range(n)
    )


@pytest.fixture
def topic(transactional_db, small_world, make_user):
    """丰西路45号院 parking, opened 120 days ago; meetings 100 and 75 days ago; 施划停车位 done 60
    days ago (the pivot), 安装道闸 still pending. Parking cases inside the estate: 18 in the 90 days
    before the pivot, 2 in the 60 days since; outside the outcome: a noise case in the estate and
    parking cases outside it. By hand: before 18 (18/90 = 0.20 per day), after 2 (2/60 = 0.03 per
    day), change 0.0333/0.2 - 1 = -83 %; p = binomtest(2, 20, 60/150), two-sided = 0.0052: a
    significant decrease.
    """
    now = timezone.now()
    west, east = small_world["west"], small_world["east"]
    sw = make_user(Role.GRID_WORKER, "sw", display_name="李网格", community=west)
    ne = make_user(Role.GRID_WORKER, "ne", display_name="张网格", community=east)
    cadre = make_user(Role.CADRE, "cadre", community=west)
    GridCell.objects.create(code="110106021001001", community=west, grid_worker=sw, geom=rect(0, 0, 500, 500))
    GridCell.objects.create(code="110106021002002", community=east, grid_worker=ne, geom=rect(500, 500, 1000, 1000))
    estate = HousingProject.objects.create(
        code="E01", name="丰西路45号院", community=west, ownership="multi", geom=rect(10, 10, 200, 200)
    )
    # live_server tests flush every table, the migration's categories too: the topic brings its own.
    parking, noise = (
        Category.objects.create(
            code=code, name=name, default_sishi_type="hoped", time_limit_amount=7, time_limit_base="natural_days"
        )
        for code, name in (("t_parking", "测试停车"), ("t_noise", "测试噪音"))
    )
    topic = topic_open_for_area(
        actor=cadre,
        title="丰西路45号院停车位施划",
        kind="co_governance",
        housing_projects=[estate],
        categories=[parking],
        opened_at=now - 120 * DAY,
    )
    participant_add(topic=topic, type="owners_committee", name="45号院业委会")
    meeting_record(
        topic=topic,
        actor=cadre,
        held_at=now - 100 * DAY,
        place="丰西路社区议事厅",
        attendees=[{"type": "居民代表", "name": "12人"}, {"type": "物业企业", "name": "华远物业"}],
        minutes="居民反映夜间停车难，消防通道被占。",
        decisions=[{"text": "征求全体业主意见"}],
    )
    second = meeting_record(
        topic=topic,
        actor=cadre,
        held_at=now - 75 * DAY,
        place="丰西路社区议事厅",
        decisions=[{"text": "同意施划停车位", "votes": {"for": 31, "against": 4, "abstain": 2}}],
        actions=[
            {"description": "施划停车位", "owner_name": "华远物业", "due_date": (now - 55 * DAY).date()},
            {"description": "安装道闸", "owner_name": "业委会", "due_date": (now + 30 * DAY).date()},
        ],
    )
    action_complete(
        action=second.actions.get(description="施划停车位"), actor=cadre, result="划线72个", completed_at=now - 60 * DAY
    )
    pivot = now - 60 * DAY
    plant(parking, (100, 100), pivot - 85 * DAY, 18)
    plant(parking, (120, 150), pivot + 10 * DAY, 2)
    plant(noise, (100, 100), pivot - 20 * DAY, 5)
    plant(parking, (700, 700), pivot - 20 * DAY, 6)
    return topic


def lines_of(locator) -> int:
    """How many lines the element's text takes on screen (distinct tops of its line boxes)."""
    return locator.evaluate(
        """el => { const r = document.createRange(); r.selectNodeContents(el);
                   return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"""
    )


def full_page_screenshot(page, name):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / name), full_page=True)


def open_as(chromium, base_url, username, path, viewport=None):
    """A fresh context logged in as username through the login form, then at path; returns
    (context, page, requests, errors, response of the last navigation)."""
    context = chromium.new_context(locale="zh-CN", viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    requests, errors = [], []
    context.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-for-tests")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    response = page.goto(f"{base_url}{path}")
    return context, page, requests, errors, response


def test_the_grid_worker_of_its_cell_sees_timeline_meetings_actions_and_outcome(chromium, live_server, topic):
    context, page, requests, errors, response = open_as(chromium, live_server.url, "sw", f"/topics/{topic.code}/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("丰西路45号院停车位施划")

    timeline = page.locator("ol.timeline > li")
    expect(timeline).to_have_count(4)
    expect(timeline.nth(0)).to_contain_text("立项：丰西路45号院停车位施划")
    expect(timeline.nth(1)).to_contain_text("第1次协商议事会（丰西路社区议事厅）")
    expect(timeline.nth(3)).to_contain_text("完成：施划停车位")

    meetings = page.locator("article.meeting")
    expect(meetings).to_have_count(2)
    expect(meetings.nth(0)).to_contain_text("居民代表：12人、物业企业：华远物业")
    expect(meetings.nth(1)).to_contain_text("同意施划停车位（表决：赞成31 反对4 弃权2）")

    actions = page.get_by_role("region", name="落实事项").locator("tbody tr")
    expect(actions).to_have_count(2)
    expect(actions.nth(0)).to_contain_text("施划停车位")
    expect(actions.nth(0)).to_contain_text("已完成")
    expect(actions.nth(0)).to_contain_text("划线72个")
    expect(actions.nth(1)).to_contain_text("安装道闸")
    expect(actions.nth(1)).to_contain_text("未完成")

    outcome = page.get_by_role("region", name="成效：议事前后诉求对比")
    expect(outcome).to_contain_text("以首个落实事项完成")
    row = outcome.locator("tbody tr")
    expect(row).to_have_count(1)
    cells = row.first.locator("td")
    expect(cells.nth(0)).to_have_text("测试停车")
    expect(cells.nth(1)).to_contain_text("18（0.20 件/日）")
    expect(cells.nth(2)).to_contain_text("2（0.03 件/日）")
    expect(cells.nth(3)).to_have_text("-83%")
    expect(cells.nth(4)).to_have_text("0.0052")
    expect(cells.nth(5)).to_have_text("显著下降（超出偶然波动）")
    full_page_screenshot(page, "topic_page.png")

    assert errors == []
    assert remote_requests(requests) == []
    context.close()


def test_the_page_fits_a_phone(chromium, live_server, topic):
    context, page, requests, errors, response = open_as(
        chromium, live_server.url, "sw", f"/topics/{topic.code}/", viewport=PHONE
    )
    assert response.status == 200
    expect(page.get_by_role("region", name="成效：议事前后诉求对比")).to_be_visible()
    # Nothing wider than the screen: no sideways scrolling of the whole page on a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    # Each figure of the outcome, and each action's owner, due date and status, reads on one line,
    # not two characters a line (the description keeps its line break before the result).
    for cell in page.locator("table.outcome td, table.stacking td:not(:first-child)").all():
        assert lines_of(cell) == 1, cell.inner_text()
    full_page_screenshot(page, "topic_page_phone.png")
    assert errors == [] and remote_requests(requests) == []
    context.close()


def test_another_grid_workers_topic_is_not_found(chromium, live_server, topic):
    context, page, requests, errors, response = open_as(chromium, live_server.url, "ne", f"/topics/{topic.code}/")
    assert response.status == 404
    assert "丰西路45号院停车位施划" not in page.content()
    assert remote_requests(requests) == []
    context.close()
