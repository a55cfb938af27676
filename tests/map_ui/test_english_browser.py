"""Issue 17, part 5: in English, every label that comes from data is English too (categories,
statuses, channels, 四事四办 types, departments, report headers, a topic's timeline and attendees),
on the pages as the browser draws them, scripts included: the dashboard with a unit's cases open,
the phone page's case list and a case (and a refusal told from a case number), the weekly and
monthly reports, a topic page and the exports page. Data that is Chinese in both languages
(places, people, case and topic texts) stays; and no Chinese full-width punctuation is left around
the English words.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from layers.analytics.reports import weekly_report
from layers.models import Action, Community, Complaint, Department, GridCell, HousingProject, Meeting, TopicParticipant
from layers.services.cogovernance import meeting_record, participant_add, topic_open_for_area
from layers.services.complaints import complaint_create
from tests.map_ui.first_world import HOME_COMMUNITY, save, settle, visit, wait_for_map
from tests.map_ui.test_english_pages import data_words, page_texts, untranslated

pytest_plugins = ["tests.map_ui.first_world"]

DAY = timedelta(days=1)
FULL_WIDTH = re.compile(r"[（）：；，。、]")
# (channel, sishi type, status) of the planted cases: one of each kind the pages label.
KINDS = [
    ("hotline_12345", "urgent", "received"),
    ("grid_patrol", "difficult", "dispatched"),
    ("wechat_group", "worrying", "in_progress"),
    ("visit", "hoped", "resolved"),
    ("hotline_12345", "difficult", "closed"),
]


@pytest.fixture
def english_world(role_users, categories):
    """Cases of every kind in the grid worker's cells, this week and last; departments with English
    names; a topic whose meeting lists its attendees by type, as the demo records them (Chinese)."""
    home = Community.objects.get(name=HOME_COMMUNITY)
    department = Department.objects.create(code="CGB", name="城市管理办公室", name_en="Urban Management Office")
    Community.objects.update(department=department)
    cell = GridCell.objects.filter(community=home).order_by("code").first()
    where = cell.geom.point_on_surface
    now = timezone.now()
    cases = []
    for days_ago in (1, 8, 9):
        for channel, sishi, status in KINDS:
            case, _created = complaint_create(
                actor=None,
                channel=channel,
                description="楼道灯不亮，晚上看不见",
                category_code="utilities",
                lon=where.x,
                lat=where.y,
                received_at=now - timedelta(days=days_ago, hours=2),
                complainant_name="王先生",
                complainant_phone="13800001111",
            )
            Complaint.objects.filter(pk=case.pk).update(
                sishi_type=sishi, status=status, assigned_department=department, assignee=role_users["grid_worker"]
            )
            cases.append(case)
    estate = HousingProject.objects.filter(community=home).first()
    cadre = role_users["cadre"]
    topic = topic_open_for_area(
        actor=cadre,
        title="楼道照明改造",
        kind="co_governance",
        housing_projects=[estate],
        opened_at=now - timedelta(days=40),
    )
    participant_add(topic=topic, type="department", name="城市管理办公室")
    meeting_record(
        topic=topic,
        actor=cadre,
        held_at=now - timedelta(days=30),
        place="社区议事厅",
        attendees=[{"type": "职能部门", "name": "城市管理办公室"}, {"type": "owners_committee", "name": "业委会代表"}],
        minutes="居民反映楼道照明不足",
        decisions=[{"text": "更换楼道灯", "votes": {"for": 20, "against": 1, "abstain": 0}}],
        actions=[{"description": "更换楼道灯", "owner_name": "物业公司", "due_date": (now + 10 * DAY).date()}],
    )
    return {"cell": cell, "cases": cases, "topic": topic}


def topic_words() -> list[str]:
    """A topic's own words (places, minutes, decisions, actions, the names at its table) and the
    complainants' names."""
    words = [*TopicParticipant.objects.values_list("name", flat=True)]
    # People are named as they are, in both languages.
    words += Complaint.objects.exclude(complainant_name="").values_list("complainant_name", flat=True)
    for meeting in Meeting.objects.all():
        words += [meeting.place, meeting.minutes, *(d["text"] for d in meeting.decisions)]
        words += [a["name"] for a in meeting.attendees]
    for action in Action.objects.all():
        words += [action.description, action.owner_name, action.result]
    return [w for w in words if w]


def leftovers(page, *extra: str) -> tuple[list[str], list[str]]:
    """(Chinese labels, full-width punctuation) left on the page once the data's own words are out."""
    data = data_words(*topic_words(), *extra)
    texts = page_texts(page.content())
    stripped = []
    for text in texts:
        for word in data:
            text = text.replace(word, " ")
        stripped.append(text)
    return untranslated(texts, data), sorted({m for t in stripped for m in FULL_WIDTH.findall(t)})


def assert_english(page, name: str, *extra: str):
    save(page, f"english-{name}.png")
    chinese, punctuation = leftovers(page, *extra)
    assert chinese == [], chinese
    assert punctuation == [], punctuation


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_dashboard_with_a_units_cases_is_english(chromium, live_server, english_world, viewport):
    page = visit(chromium, live_server, "leader", viewport, "en").page
    wait_for_map(page)
    cell = english_world["cell"].code
    page.evaluate(
        "(code) => document.dispatchEvent(new CustomEvent('geogov:unit', { detail: { level: 'grid-cells', code } }))",
        cell,
    )
    page.wait_for_selector(f"#unit-panel[data-code='{cell}'][data-state=ready]", state="attached")
    settle(page)

    assert page.locator("#unit-panel .unit-cases li").count() == len(english_world["cases"])
    assert_english(page, f"dashboard-{viewport}")


def test_the_phone_page_and_a_case_are_english(chromium, live_server, english_world):
    page = visit(chromium, live_server, "grid_worker", "phone", "en", "/m/").page
    page.wait_for_selector("body[data-sw=ready]", state="attached")
    page.locator("#cases-list li").first.wait_for()
    assert_english(page, "phone-cases")

    case = next(c for c in english_world["cases"] if Complaint.objects.get(pk=c.pk).status == "dispatched")
    page.goto(f"{live_server.url}/m/#case/{case.pk}")
    page.locator("#case-body dl").wait_for()
    assert_english(page, "phone-case")


def test_the_reports_and_the_topic_page_are_english(chromium, live_server, english_world):
    page = visit(chromium, live_server, "leader", "desktop", "en").page
    year, week, _ = (timezone.localdate() - timedelta(days=7)).isocalendar()
    code = f"{year}-W{week:02d}"
    page.goto(f"{live_server.url}/reports/weekly/{code}/")
    with translation.override("en"):
        words = [w["word"] for w in weekly_report(code)["hot_words"]]
    assert_english(page, "weekly", *words)

    page.goto(f"{live_server.url}/reports/monthly/{timezone.localdate():%Y-%m}/")
    assert "Urban Management Office" in page.locator("body").inner_text()
    assert_english(page, "monthly")

    page.goto(f"{live_server.url}/topics/{english_world['topic'].code}/")
    assert "Government department: 城市管理办公室" in page.locator("body").inner_text()
    assert_english(page, "topic")


def test_the_exports_page_is_english(chromium, live_server, english_world):
    page = visit(chromium, live_server, "agency", "desktop", "en").page
    assert page.url.endswith("/exports/")
    assert_english(page, "exports")


def report_on_my_map(page, username: str):
    """On the phone page in English: tap the middle of the map, pick the first category, describe, Send."""
    page.wait_for_selector("body[data-sw=ready]", state="attached")
    page.get_by_role("tab", name="Report").tap()
    box = page.locator("#m-map").bounding_box()
    page.locator("#m-map").tap(position={"x": box["width"] / 2, "y": box["height"] / 2})
    expect(page.locator("#pin-info")).not_to_be_empty()
    page.get_by_label("Category").select_option(index=1)
    page.get_by_label("Description").fill(f"{username}：楼前垃圾桶满溢")
    page.get_by_role("button", name="Send").tap()


def test_the_phone_page_tells_a_refusal_from_a_case_number_in_english(chromium, live_server, role_users, categories):
    # An agency reads but takes in no case: the server's reason at once, nothing kept or "sent".
    visited = visit(chromium, live_server, "agency", "phone", "en", "/m/")
    page = visited.page
    report_on_my_map(page, "agency")
    message = page.locator("#report-message")
    expect(message).to_have_text(re.compile(r"^Refused: .*read-only"))
    expect(page.locator("#outbox-status")).to_have_text("Nothing to send")
    expect(page.locator("body")).to_have_attribute("data-outbox", "0")
    assert Complaint.objects.count() == 0
    save(page, "english-phone-refused.png")

    # A grid worker's report is taken in: the page names the case.
    visited = visit(chromium, live_server, "grid_worker", "phone", "en", "/m/")
    page = visited.page
    report_on_my_map(page, "grid_worker")
    expect(page.locator("#report-message")).to_have_text(re.compile(r"^Sent as case #\d+\.$"))
    case = Complaint.objects.get()
    assert page.locator("#report-message").inner_text() == f"Sent as case #{case.pk}."
    expect(page.locator("#outbox-status")).to_have_text("All sent")
    save(page, "english-phone-case-number.png")
    assert visited.errors == []
