"""The 周报 of a fixed week: the same totals and rankings in the HTML page, the xlsx and the command."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from layers.models import Role
from tests.layers.analytics.conftest import at, grid_world, new_complaint  # noqa: F401 (fixtures)

H = timedelta(hours=1)


@pytest.fixture
def week47(grid_world, new_complaint):  # noqa: F811
    """2026-W47: 12 west cases handled perfectly, 10 east leaks never answered (all overdue); 11 the week before."""
    d1, d2 = grid_world["depts"]
    for i in range(12):
        received = at(16 + i % 6, 9)
        new_complaint(
            100,
            100,
            received,
            category="a_parking",
            description="丰西路45号院停车难，车辆乱停",
            assigned_department=d1,
            status="closed",
            responded_at=received + H,
            resolved_at=received + 24 * H,
            closed_at=received + 48 * H,
            satisfaction="satisfied",
        )
    for i in range(10):
        new_complaint(
            800,
            800,
            at(16 + i // 2, 8 + i % 2),
            category="a_leak",
            description="东安街小区屋顶漏雨",
            assigned_department=d2,
        )
    for day in range(9, 14):
        for _ in range(2 if day < 13 else 3):
            new_complaint(600, 600, at(day), status="closed")
    return grid_world


def test_report_page_html_and_xlsx_carry_the_same_figures(client, make_user, week47):
    client.force_login(make_user(Role.LEADER))
    response = client.get("/reports/weekly/2026-W47/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026-W47" in html and "2026-11-16 至 2026-11-22" in html
    total = html.split('id="kpi-total"')[1].split("</div>")[0]
    assert "<b>22</b>" in total and "↑100.0%" in total and "上周 11" in total
    assert "<b>10</b>" in html.split('id="kpi-overdue"')[1].split("</div>")[0]
    communities = html.split('id="rank-communities"')[1].split("</table>")[0]
    assert communities.index("西社区") < communities.index("东社区")
    assert '<td class="num">1</td><td>西社区</td><td class="num">12</td>' in communities
    assert '<td class="num">2</td><td>东社区</td><td class="num">10</td>' in communities
    departments = html.split('id="rank-departments"')[1].split("</table>")[0]
    assert departments.index("城市管理办公室") < departments.index("社区建设办公室")
    assert "丰西路45号院（12）" in html and "漏雨（10）" in html
    assert "<svg" in html and "http://" not in html and "https://" not in html

    xlsx = client.get("/reports/weekly/2026-W47/xlsx/")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(xlsx.content))
    overview = {row[0]: row[1] for row in wb["概况"].iter_rows(min_row=2, values_only=True)}
    # A change is a number in a percent format: +100 % is 1.0.
    assert (overview["诉求总量"], overview["上周"], overview["环比"]) == (22, 11, 1.0)
    assert overview["超期"] == 10
    ranking = list(wb["社区排名"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2], r[6]) for r in ranking] == [(1, "西社区", 12, 100.0), (2, "东社区", 10, 0.0)]
    categories = list(wb["分类"].iter_rows(min_row=2, values_only=True))
    # Last week's category stays listed with 0 this week, so its fall shows.
    assert [(r[0], r[1], r[2]) for r in categories] == [("停车难", 12, 0), ("房屋漏雨", 10, 0), ("噪音扰民", 0, 11)]
    assert len(list(wb["超期案卷"].iter_rows(min_row=2))) == 10


def test_unit_below_minimum_sample_is_listed_but_not_ranked(client, make_user, week47, settings):
    settings.SANLV_MIN_SAMPLE = 11
    client.force_login(make_user(Role.LEADER))
    html = client.get("/reports/weekly/2026-W47/").content.decode()
    communities = html.split('id="rank-communities"')[1].split("</table>")[0]
    assert '<td class="num">样本不足</td><td>东社区</td>' in communities


def test_command_writes_html_and_xlsx(tmp_path, week47):
    call_command("weekly_report", "--week", "2026-W47", "--out", str(tmp_path / "out"))
    html = (tmp_path / "out" / "周报-2026-W47.html").read_text(encoding="utf-8")
    assert "<b>22</b>" in html.split('id="kpi-total"')[1].split("</div>")[0]
    wb = load_workbook(tmp_path / "out" / "周报-2026-W47.xlsx")
    assert wb.sheetnames[:3] == ["概况", "分类", "渠道"]
    with pytest.raises(CommandError, match="ISO week"):
        call_command("weekly_report", "--week", "2026-47", "--out", str(tmp_path))


def test_report_needs_login_and_a_sub_district_role(client, make_user, week47):
    assert client.get("/reports/weekly/2026-W47/").status_code == 302
    client.force_login(make_user(Role.GRID_WORKER))
    assert client.get("/reports/weekly/2026-W47/").status_code == 403
    client.force_login(make_user(Role.DEPARTMENT))
    assert client.get("/reports/weekly/2026-W99/").status_code == 404


@pytest.fixture
def topics(week47, make_user):  # noqa: F811
    """Three 协商议题, seen from the end of 2026-W47 (23 Nov 00:00):

    A  东安街小区 leaks (a_leak, estate E2): 施划… action done 12 Oct 10:00 = the pivot. Before: 60 leak
       cases in E2 from 20 Jul to 5 Oct (inside the 90 days); after: W47's 10 leaks at (800, 800),
       over 41.583 days (12 Oct 10:00 -> 23 Nov 00:00). By hand: 60/90·7 = 4.67 a week before,
       10/41.583·7 = 1.68 after, change (10/41.583)/(60/90) - 1 = -63.9 %;
       p = binomtest(10, 70, 41.583/131.583), two-sided = 0.0012: a significant decrease.
    B  丰西路45号院 parking (a_parking, E1): meeting 2 Nov 10:00, its action only done on 1 Dec, after
       the week: as of the week's end the pivot is the meeting. Before: none; after: W47's 12
       parking cases over 20.583 days = 4.08 a week; no change % (nothing before); significant rise.
    C  An old topic (action done 1 Jul, more than 90 days before): not listed.
    """
    from layers.models import Complaint
    from layers.services.cogovernance import meeting_record, topic_open_for_area
    from layers.services.cogovernance_actions import action_complete
    from tests.geometry import point

    leader = make_user(Role.LEADER, "topic-leader")
    estates, categories = week47["estates"], week47["categories"]
    Complaint.objects.bulk_create(
        Complaint(
            channel="hotline_12345",
            description="东安街小区屋顶漏雨",
            category=categories["a_leak"],
            sishi_type="urgent",
            status="closed",
            location=point(850, 850),
            received_at=at(20, month=7) + i * 31 * H,
        )
        for i in range(60)
    )

    def topic(title, estate, category, opened, meeting, done):
        t = topic_open_for_area(
            actor=leader,
            title=title,
            kind="concentrated",
            housing_projects=[estates[estate]],
            categories=[categories[category]],
            opened_at=opened,
        )
        m = meeting_record(topic=t, actor=leader, held_at=meeting, actions=[{"description": "整改"}])
        action_complete(action=m.actions.get(), actor=leader, completed_at=done)
        return t

    return {
        "A": topic("东安街小区屋顶漏雨整治", "E2", "a_leak", at(20, month=9), at(1, month=10), at(12, month=10)),
        "B": topic("丰西路45号院停车", "E1", "a_parking", at(1), at(2), at(1, month=12)),
        "C": topic("旧议题", "E1", "a_parking", at(1, month=6), at(10, month=6), at(1, month=7)),
    }


def test_tackled_topics_before_and_after_in_html_and_xlsx(client, make_user, topics):
    client.force_login(make_user(Role.LEADER))
    html = client.get("/reports/weekly/2026-W47/").content.decode()
    table = html.split('id="tackled-topics"')[1].split("</table>")[0]
    # The change cell comes from an include that ends in a newline.
    rows = [r.replace("\n</td>", "</td>") for r in table.split("<tbody>")[1].split("</tr>")[:-1]]
    assert len(rows) == 2  # C is too old
    a, b = (r for code in (topics["A"].code, topics["B"].code) for r in rows if code in r)
    assert "2026-10-12" in a and '<td class="num">4.67</td><td class="num">1.68</td>' in a
    assert "↓63.9%" in a and "0.0012" in a and "显著下降" in a
    assert "2026-11-02" in b and '<td class="num">0.0</td><td class="num">4.08</td>' in b
    assert '<td class="num">—</td>' in b and "显著上升" in b
    assert rows.index(b) < rows.index(a)  # latest first

    wb = load_workbook(BytesIO(client.get("/reports/weekly/2026-W47/xlsx/").content))
    sheet = {r[0]: r for r in wb["议题成效"].iter_rows(min_row=2, values_only=True)}
    assert set(sheet) == {topics["A"].code, topics["B"].code}
    # Unrounded, shown through number formats: the change as a fraction, p to its full precision.
    assert sheet[topics["A"].code][3:] == (60, 10, 4.67, 1.68, -0.639, pytest.approx(0.0012, abs=5e-5), "是")
    assert sheet[topics["B"].code][3:8] == (0, 12, 0.0, 4.08, None)

    api = client.get("/api/stats/weekly/2026-W47/").json()["tackled_topics"]
    assert [(t["code"], t["pivot_source"], t["change_pct"]) for t in api] == [
        (topics["B"].code, "first_meeting", None),
        (topics["A"].code, "action_done", -63.9),
    ]


def test_tackled_topics_look_as_far_back_as_the_topic_page():
    from layers.analytics.tackled_topics import DAYS
    from layers.analytics.topic_outcome import DEFAULT_DAYS

    assert DAYS == DEFAULT_DAYS
