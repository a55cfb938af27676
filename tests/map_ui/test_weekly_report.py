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
    assert (overview["诉求总量 Total"], overview["上周 Last week"], overview["环比 % WoW"]) == (22, 11, 100.0)
    assert overview["超期 Overdue"] == 10
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
