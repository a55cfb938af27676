"""The 月度考评 of 2026-11: the same figures in the A4 page, the xlsx and the command; who may see it."""

from io import BytesIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from layers.models import Role
from tests.layers.analytics.conftest import grid_world, new_complaint  # noqa: F401 (fixtures)
from tests.layers.analytics.monthly_world import kaoping_fixture  # noqa: F401 (fixture)

URL = "/reports/monthly/2026-11/"


def table(html: str, table_id: str) -> str:
    return html.split(f'id="{table_id}"')[1].split("</table>")[0]


def test_the_page_renders_for_a_leader(client, make_user, kaoping):
    client.force_login(make_user(Role.LEADER))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "月度考评" in html and "2026-11-01 至 2026-11-30" in html and "对比上月 2026-10" in html
    assert 'id="incomplete"' not in html
    assert "<b>24</b>" in html.split('id="kpi-total"')[1].split("</div>")[0]
    communities = table(html, "rank-community")
    assert communities.index("西社区") < communities.index("东社区")
    east = communities.split(f'data-key="{kaoping["east"].code}"')[1].split("</tr>")[0]
    assert 'class=" interview"' in communities  # the east row is marked for 约谈
    cells = [c.split(">", 1)[1] for c in east.split("<td")[1:]]
    assert cells[0].startswith("2") and "-1" in cells[1] and cells[2].startswith("东社区")
    assert [c.split("<")[0] for c in cells[3:8]] == ["10", "70.0", "50.0", "80.0", "66.5"]
    assert "-33.5" in cells[8] and [c.split("<")[0] for c in cells[9:12]] == ["4", "2", "1"]
    departments = table(html, "rank-department")
    assert "样本不足</td>" in departments.split('data-key="D3"')[1].split("</tr>")[0]
    interview = table(html, "interview")
    assert "东社区" in interview and "社区建设办公室" in interview and "综合得分低于 85.0" in interview
    assert "西社区" not in interview
    assert 'href="/reports/monthly/2026-11/xlsx/"' in html
    assert "http://" not in html and "https://" not in html


def test_a_running_month_says_it_is_not_complete(client, make_user, kaoping):
    client.force_login(make_user(Role.DEPARTMENT))
    html = client.get("/reports/monthly/2026-12/").content.decode()
    assert 'id="incomplete"' in html and "本月尚未结束" in html


def test_xlsx_reads_back_with_numbers_formats_and_frozen_headers(client, make_user, kaoping):
    client.force_login(make_user(Role.LEADER))
    response = client.get(URL + "xlsx/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "%E8%80%83%E8%AF%84-2026-11.xlsx" in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["概况", "社区考评", "科室考评", "约谈名单"]
    ws = wb["社区考评"]
    assert ws.freeze_panes == "D2"
    headers = [c.value for c in ws[1]]
    assert headers[:5] == ["排名", "名次变化", "名称", "编码", "件数"]
    assert headers[5:10] == ["响应率", "解决率", "满意率", "综合得分", "得分变化"]
    east = next(row for row in ws.iter_rows(min_row=2) if row[2].value == "东社区")
    values = {headers[i]: cell for i, cell in enumerate(east)}
    assert (values["排名"].value, values["名次变化"].value, values["件数"].value) == (2, -1, 10)
    assert values["响应率"].value == pytest.approx(0.70) and values["响应率"].number_format == "0.0%"
    assert values["综合得分"].value == pytest.approx(66.5) and values["综合得分"].number_format == "0.0"
    assert values["得分变化"].value == pytest.approx(-33.5) and values["得分变化"].number_format == "+0.0;-0.0;0.0"
    assert values["名次变化"].number_format == "+0;-0;0"
    assert (values["超期"].value, values["挂账"].value, values["回头件"].value) == (4, 2, 1)
    assert values["参评"].value == "是"
    assert ws.column_dimensions["C"].width == 22
    d3 = next(row for row in wb["科室考评"].iter_rows(min_row=2, values_only=True) if row[3] == "D3")
    assert (d3[0], d3[4], d3[-1]) == (None, 2, "样本不足")
    overview = {row[0].value: row[1] for row in wb["概况"].iter_rows(min_row=2)}
    assert overview["受理诉求"].value == 24 and overview["超期"].value == 4
    assert overview["解决率"].number_format == "0.0%" and overview["起"].number_format == "yyyy-mm-dd"
    assert wb["概况"].freeze_panes == "A2"
    listed = list(wb["约谈名单"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2], r[5]) for r in listed] == [
        ("社区", "东社区", 2, "综合得分低于 85.0"),
        ("科室", "社区建设办公室", 2, "综合得分低于 85.0"),
    ]


def test_command_writes_html_and_xlsx(tmp_path, kaoping):
    call_command("monthly_report", "--month", "2026-11", "--out", str(tmp_path / "out"))
    html = (tmp_path / "out" / "考评-2026-11.html").read_text(encoding="utf-8")
    assert "<b>24</b>" in html.split('id="kpi-total"')[1].split("</div>")[0]
    wb = load_workbook(tmp_path / "out" / "考评-2026-11.xlsx")
    assert wb["社区考评"]["C2"].value == "西社区"
    with pytest.raises(CommandError, match="month must look like"):
        call_command("monthly_report", "--month", "2026-13", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="has not begun"):
        call_command("monthly_report", "--month", "2999-01", "--out", str(tmp_path))


@pytest.mark.parametrize("role", [Role.GRID_WORKER, Role.CADRE, Role.PLANNER, Role.AGENCY])
def test_refused_for_roles_that_may_not_see_it(client, make_user, db, role):
    assert client.get(URL).status_code == 302  # login first
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "xlsx/").status_code == 403


def test_bad_or_future_month_is_not_found(client, make_user, db):
    client.force_login(make_user(Role.ADMIN))
    assert client.get("/reports/monthly/2026-13/").status_code == 404
    assert client.get("/reports/monthly/2999-01/").status_code == 404
