"""Issue 17, part 3: the weekly report link opens the latest complete week (not the week just begun,
all zeros and a green ↓100 %), and "数据截至" is never a date still to come. The week running now,
opened on purpose, says it is not over and compares its days with the same hours of the week
before, in both languages.
"""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from layers.models import Complaint, Subdistrict
from layers.services.complaints import complaint_create
from tests.map_ui.first_world import save, visit

pytest_plugins = ["tests.map_ui.first_world"]


def this_monday() -> datetime:
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return datetime.combine(monday, datetime.min.time(), tzinfo=timezone.get_current_timezone())


def week_code(day) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shown_as_of(page) -> datetime:
    """The "数据截至 / as of" moment in the report's header."""
    text = page.locator("header .sub").inner_text()
    stamp = text.rsplit(" ", 2)[-2:]
    return datetime.fromisoformat(" ".join(stamp)).replace(tzinfo=timezone.get_current_timezone())


@pytest.fixture
def weeks(role_users, categories):
    """This week so far: 3 cases. Last week: 2 within the same hours, 4 later in the week."""
    start, now = this_monday(), timezone.now()
    elapsed = now - start
    point = Subdistrict.objects.get().geom.point_on_surface
    moments = [start + elapsed / 2] * 3
    moments += [start - timedelta(days=7) + elapsed / 2] * 2
    moments += [start - timedelta(days=7) + elapsed + (timedelta(days=7) - elapsed) / 2] * 4
    for moment in moments:
        complaint_create(
            actor=None,
            channel=Complaint.Channel.HOTLINE_12345,
            description="路灯不亮",
            category_code="utilities",
            lon=point.x,
            lat=point.y,
            received_at=moment,
        )
    return {"start": start}


@pytest.mark.parametrize(("viewport", "language"), [("desktop", "zh"), ("phone", "en")])
def test_the_report_link_opens_the_latest_complete_week(chromium, live_server, weeks, viewport, language):
    page = visit(chromium, live_server, "leader", viewport, language).page
    last_week = week_code(timezone.localdate() - timedelta(days=7))

    link = page.locator("#weekly-report-link")
    expect(link).to_contain_text(last_week)
    link.click()
    page.wait_for_url(f"{live_server.url}/reports/weekly/{last_week}/")

    expect(page.locator("#incomplete")).to_have_count(0)
    assert shown_as_of(page) <= timezone.now()
    assert shown_as_of(page) == weeks["start"]
    # Last week's six cases, all of them.
    expect(page.locator("#kpi-total b")).to_have_text("6")
    save(page, f"weekly-link-{viewport}-{language}.png")


SAME_HOURS = {"zh": "上周同期 2", "en": "same days last week 2"}


@pytest.mark.parametrize(("viewport", "language"), [("desktop", "zh"), ("phone", "en")])
def test_the_running_week_says_so_and_compares_the_same_hours(chromium, live_server, weeks, viewport, language):
    page = visit(chromium, live_server, "leader", viewport, language).page
    page.goto(f"{live_server.url}/reports/weekly/{week_code(timezone.localdate())}/")

    expect(page.locator("#incomplete")).to_be_visible()
    assert shown_as_of(page) <= timezone.now()
    total = page.locator("#kpi-total")
    expect(total.locator("b")).to_have_text("3")
    # 3 against the 2 of the same hours last week, not against last week's 6.
    expect(total).to_contain_text(SAME_HOURS[language])
    expect(total).to_contain_text("↑50.0%")
    save(page, f"weekly-running-{viewport}-{language}.png")


def test_a_week_not_begun_is_refused_with_the_reason(chromium, live_server, weeks):
    page = visit(chromium, live_server, "leader", "desktop").page
    response = page.goto(f"{live_server.url}/reports/weekly/{week_code(timezone.localdate() + timedelta(days=7))}/")

    assert response.status == 404
    expect(page.locator("body")).to_contain_text("尚未开始")
