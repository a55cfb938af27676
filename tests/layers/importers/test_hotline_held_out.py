"""The held-out check of issue 15: a dispatch sheet as the 12345 centre sends it, against the demo
gazetteer (layers/demo, shapefiles/wulidian loaded by load_demo).

17 good rows carry the CITY's category names (leaves such as 房屋修缮 and 停车管理, paths such as
城市管理-市容环境-占道经营, one name nobody mapped) and addresses written the way 12345 operators
write them: with and without 北京市丰台区 / 五里店街道, a community before the estate, 小区 and 号院,
Chinese numerals, 单元/室/门 and words after the building. Three rows are structurally broken.
Done when: the 17 land, the 3 are rejected with 行号 and 原因, a re-run adds nothing, and at least
15 of the 17 addresses find the right estate (one address names 卢沟桥路, which the demo gazetteer
does not have: it must land too, flagged for review)."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from layers.models import Complaint, ComplaintEvent, HousingProject

HEADER = [
    "序号",
    "工单编号",
    "来电时间",
    "来电人",
    "联系电话",
    "诉求内容",
    "诉求地址",
    "问题分类",
    "派单时间",
    "办理时限",
]
CALLED = datetime(2026, 11, 23, 8, 12)
# 工单编号 (after 2026112300)|问题分类|诉求地址|办理时限|the estate the address names ("-": none in the gazetteer)
SHEET = """
101|城乡建设>房屋修缮>漏雨|北京市丰台区五里店街道丰西路社区丰西路45号院3号楼2单元|15个工作日|丰西路45号院
102|停车管理|丰台区五里店街道岳各庄北路34号院5号楼|7个工作日|岳各庄北路34号院
103|私装地锁|北京市丰台区岳各庄西街9号院2号楼1单元301室|7个工作日|岳各庄西街9号院
104|噪声扰民|五里店东街44号院3号楼2单元402|24小时|五里店东街44号院
105|供热|北京市丰台区五里店街道北大地西区社区北大地西区小区7号楼|24小时|北大地西区
106|物业服务|东安街头条9号院4号楼|7个工作日|东安街头条9号院
107|民政>养老服务>老年餐桌|北京市丰台区五里店街道五里店第二社区五里店南街32号院|15个工作日|五里店南街32号院
108|违法建设|丰西北里65号院（丰西北里社区）6号楼|15个工作日|丰西北里65号院
109|路面坑洼|丰台区五里店街道丰西南里28号院小区内|15个工作日|丰西南里28号院
110|下水道堵塞|北京市丰台区北大地东街72号院2号楼3单元201|24小时|北大地东街72号院
111|路灯|五里店北街75号院1号楼楼下|7个工作日|五里店北街75号院
112|消防通道|北京市丰台区五里店街道岳各庄社区岳各庄57号院10号楼东侧|2小时|岳各庄57号院
113|电梯|五里店街道岳各庄西街社区22号院4号楼|7个工作日|岳各庄西街22号院
114|燃气|北京市丰台区五里店街道东安街社区东安街15号院6号楼三单元|2小时|东安街15号院
115|施工噪音|丰台区五里店东街四十八号院五号楼|3个自然日|五里店东街48号院
116|停水|北京市丰台区卢沟桥路甲5号院|24小时|-
117|城市管理-市容环境-占道经营|北京市丰台区五里店街道东安里社区东安里49号院西门|7个工作日|东安里49号院
"""
GOOD = [
    (f"2026112300{ticket}", category, address, limit, None if estate == "-" else estate)
    for ticket, category, address, limit, estate in (line.split("|") for line in SHEET.strip().splitlines())
]


def good_rows():
    rows = []
    for number, (ticket, category, address, limit, _estate) in enumerate(GOOD, start=1):
        called = CALLED + timedelta(minutes=17 * number)
        text = f"市民反映{address}{category.rsplit('>', 1)[-1].rsplit('-', 1)[-1]}问题，请尽快处理。"
        phone = f"1381000{number:04d}"
        rows.append(
            [number, ticket, called, "王女士", phone, text, address, category, called + timedelta(hours=1), limit]
        )
    return rows


def broken_rows():
    broken = [
        ("", CALLED, "楼道堆物", "东安街16号院7号楼", "消防通道"),
        ("2026112300119", "昨天下午", "路灯不亮", "丰西路52号院5号楼", "路灯"),
        ("2026112300120", CALLED, "", "北大地8号院3号楼", "物业服务"),
    ]
    return [
        [18 + n, ticket, called, "李先生", "13810009901", text, address, category, CALLED, "7个工作日"]
        for n, (ticket, called, text, address, category) in enumerate(broken)
    ]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def sheet(tmp_path):
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.append(["北京市12345市民服务热线 派单明细（丰台区五里店街道）2026-11-23"])
    worksheet.append(HEADER)
    for cells in good_rows() + broken_rows():
        worksheet.append(cells)
    path = tmp_path / "12345派单明细.xlsx"
    workbook.save(path)
    return path


def test_a_realistic_sheet_lands_every_good_row(demo, sheet, tmp_path):
    rejects = tmp_path / "rejects.csv"
    out = io.StringIO()
    call_command("import_12345", str(sheet), "--commit", "--rejects", str(rejects), stdout=out)

    stored = {c.ticket_no: c for c in Complaint.objects.select_related("category", "housing_project")}
    assert set(stored) == {ticket for ticket, *_ in GOOD}, out.getvalue()
    # The city's names find our categories; the one nobody mapped waits under 其他, for review.
    assert stored["2026112300101"].category.code == "housing_repair"
    assert stored["2026112300102"].category.code == "parking_traffic"
    assert stored["2026112300117"].category.code == "cityscape"
    elderly = stored["2026112300107"]
    assert (elderly.category.code, elderly.source_category, elderly.needs_review) == (
        "other",
        "民政>养老服务>老年餐桌",
        True,
    )
    assert sum(case.category.code == "other" for case in stored.values()) == 1
    assert all(case.due_set_by_centre for case in stored.values())

    right = [
        ticket
        for ticket, *_rest, estate in GOOD
        if estate is not None and stored[ticket].housing_project == HousingProject.objects.get(name=estate)
    ]
    assert len(right) >= 15, sorted({t for t, *_ in GOOD} - set(right))
    lugouqiao = stored["2026112300116"]
    assert (lugouqiao.housing_project, lugouqiao.needs_review) == (None, True)
    assert "地址未匹配" in lugouqiao.review_reason

    table = list(csv.reader(io.StringIO(rejects.read_bytes().decode("utf-8-sig"))))
    assert table[0] == ["行号", "工单编号", "原因"]
    reasons = {(line, ticket): why for line, ticket, why in table[1:]}
    assert set(reasons) == {("20", ""), ("21", "2026112300119"), ("22", "2026112300120")}
    assert "工单编号为空" in reasons[("20", "")]
    assert "来电时间" in reasons[("21", "2026112300119")] and "昨天下午" in reasons[("21", "2026112300119")]
    assert "诉求内容为空" in reasons[("22", "2026112300120")]

    events = ComplaintEvent.objects.count()
    again = io.StringIO()
    call_command("import_12345", str(sheet), "--commit", "--rejects", str(rejects), stdout=again)
    assert "新增 0 条" in again.getvalue() and "已导入过，跳过 (already imported, unchanged): 17" in again.getvalue()
    assert (Complaint.objects.count(), ComplaintEvent.objects.count()) == (17, events)
