"""import_12345: real .xlsx (openpyxl) and .csv (GBK, UTF-8-BOM) files through the command and the
service path; half-broken sheets (only structurally broken rows are rejected, the rest land and are
flagged), rejects file, repeats in a sheet, idempotent re-import, malformed files."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from layers import crs
from layers.models import Category, CategoryMapping, Complaint, ComplaintEvent, Holiday
from layers.services.deadlines import BEIJING
from tests.geometry import lonlat

HEADER = ["工单编号", "来电时间", "诉求内容", "诉求地址", "问题分类", "派单时间", "办理时限", "经度", "纬度", "坐标系"]
RECEIVED = datetime(2025, 9, 30, 10, 0)


@pytest.fixture
def hotline_categories(db):
    roof = Category.objects.update_or_create(
        code="t_roof",
        defaults={
            "name": "测试漏雨",
            "default_sishi_type": "difficult",
            "time_limit_amount": 15,
            "time_limit_base": "natural_days",
        },
    )[0]
    # A whole path mapped on purpose wins over its seeded leaf (房屋漏雨 → housing_repair).
    CategoryMapping.objects.create(name="住房-房屋修缮-房屋漏雨", category=roof)
    heat = Category.objects.update_or_create(
        code="t_heat",
        defaults={
            "name": "测试供暖",
            "default_sishi_type": "urgent",
            "time_limit_amount": 24,
            "time_limit_base": "natural_hours",
        },
    )[0]
    return {"roof": roof, "heat": heat}


def row(ticket, description="楼顶漏雨", category="测试漏雨", east=100, north=100, datum="wgs84", **extra):
    lon, lat = lonlat(east, north) if east is not None else ("", "")
    if lon != "" and datum == "gcj02":
        lon, lat = crs.from_wgs84(lon, lat, "gcj02")
    cells = {
        "工单编号": ticket,
        "来电时间": RECEIVED,
        "诉求内容": description,
        "诉求地址": "丰西路45号院3号楼",
        "问题分类": category,
        "派单时间": RECEIVED + timedelta(minutes=30),
        "办理时限": RECEIVED + timedelta(days=7),
        "经度": lon,
        "纬度": lat,
        "坐标系": datum,
    }
    cells.update(extra)
    return [cells[h] for h in HEADER]


def write_xlsx(path, rows, header=HEADER, title=True):
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["北京市12345市民服务热线 派单工单导出 2025-09-30"])
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    workbook.save(path)
    return path


def write_csv(path, rows, encoding, header=HEADER):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for cells in rows:
        writer.writerow(
            ["" if c is None else (c.strftime("%Y-%m-%d %H:%M") if isinstance(c, datetime) else c) for c in cells]
        )
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(path, *args):
    out = io.StringIO()
    call_command("import_12345", str(path), *args, stdout=out)
    return out.getvalue()


def read_rejects(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM, so Excel opens the Chinese correctly"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def half_broken_rows():
    return [
        row("T001"),  # sheet row 3 (title row 1, header row 2)
        row("T002", datum="gcj02", east=300, north=800),
        row("T003", 来电时间="2025-13-45 10:00"),  # structurally broken: rejected
        row("T004", category="不存在的分类"),  # lands under 其他, flagged
        row("T005", 纬度=95),  # lands on its address, flagged
        row("T006", description="漏" * 4001),  # kept whole
        row("T007", description="版本一"),
        row("T007", description="版本二", 派单时间=RECEIVED + timedelta(hours=2)),  # re-dispatched: lands
        row("T008", category="t_heat", east=None),  # no coordinates: address only
        row("T008", category="t_heat", east=None),  # exact repeat: the first row is kept
        [None] * len(HEADER),  # blank line left by the export
        row("T009", category="住房-房屋修缮-房屋漏雨", east=700, north=200),
        row("", description="没有编号"),  # structurally broken
        row("T010", description="   "),  # structurally broken
    ]


def test_half_broken_xlsx_lands_every_case_and_rejects_only_broken_rows(small_world, hotline_categories, tmp_path):
    path = write_xlsx(tmp_path / "派单.xlsx", half_broken_rows())
    rejects = tmp_path / "rejects.csv"
    dry = run(path, "--rejects", str(rejects))
    assert "试运行" in dry and "新工单 (new): 8" in dry and "拒绝 (rejected): 3" in dry
    assert "重复或被取代 (repeated or superseded in the file): 2" in dry
    # The dry run says what intake will flag, the address matcher's items included.
    assert "待核定 (to review) 第 7 行 T005: 坐标无法使用" in dry and "地址未匹配" in dry
    assert Complaint.objects.count() == 0
    out = run(path, "--commit", "--rejects", str(rejects))
    assert "新增 8 条诉求" in out
    stored = {c.ticket_no: c for c in Complaint.objects.all()}
    assert set(stored) == {"T001", "T002", "T004", "T005", "T006", "T007", "T008", "T009"}
    assert stored["T001"].community_id == small_world["west"].id
    assert stored["T002"].community_id == small_world["west"].id
    assert crs.metres_between(*lonlat(300, 800), stored["T002"].location.x, stored["T002"].location.y) < 0.01
    assert stored["T009"].community_id == small_world["east"].id
    assert (stored["T009"].category, stored["T009"].needs_review) == (hotline_categories["roof"], False)
    assert (stored["T008"].location, stored["T008"].category.code) == (None, "t_heat")
    t001 = stored["T001"]
    assert (t001.channel, t001.status, t001.location_source) == ("hotline_12345", "received", "map_pick")
    assert t001.received_at == RECEIVED.replace(tzinfo=BEIJING)
    assert t001.dispatched_at == (RECEIVED + timedelta(minutes=30)).replace(tzinfo=BEIJING)
    # The 12345 centre's deadline, not the category default of 15 days.
    assert t001.due_at == (RECEIVED + timedelta(days=7)).replace(tzinfo=BEIJING) and t001.due_set_by_centre
    assert (t001.needs_review, t001.source_category) == (False, "测试漏雨")
    assert ComplaintEvent.objects.filter(complaint__ticket_no="T001", from_status="").count() == 1
    assert "中心设定办理时限" in ComplaintEvent.objects.filter(complaint__ticket_no="T001").last().note

    t004 = stored["T004"]
    assert (t004.category.code, t004.source_category, t004.needs_review) == ("other", "不存在的分类", True)
    t005 = stored["T005"]
    assert t005.location is None and [i["code"] for i in t005.review_items] == ["coordinates", "address"]
    assert "95" in t005.review_reason
    assert stored["T006"].description == "漏" * 4001
    t007 = stored["T007"]
    assert t007.description == "版本二" and [i["code"] for i in t007.review_items] == ["repeat"]
    assert "第9、10行" in t007.review_reason and "版本一" in t007.review_reason

    table = read_rejects(rejects)
    assert table[0] == ["行号", "工单编号", "原因"]
    reasons = {(number, ticket): reason for number, ticket, reason in table[1:]}
    assert set(reasons) == {("5", "T003"), ("15", ""), ("16", "T010")}
    assert "来电时间" in reasons[("5", "T003")] and "2025-13-45" in reasons[("5", "T003")]
    assert "工单编号为空" in reasons[("15", "")]
    assert "诉求内容为空" in reasons[("16", "T010")]
    assert "第 9 行 T007: 由第10行登记" in out and "第 12 行 T008: 与第11行完全相同" in out


def test_reimport_adds_nothing_and_changes_nothing(small_world, hotline_categories, tmp_path):
    path = write_xlsx(tmp_path / "派单.xlsx", half_broken_rows())
    run(path, "--commit")
    fields = ["id", "ticket_no", "description", "due_at", "dispatched_at", "community_id", "status", "updated_at"]
    before = list(Complaint.objects.order_by("id").values_list(*fields))
    events = ComplaintEvent.objects.count()
    out = run(path, "--commit")
    assert "已导入过，跳过 (already imported, unchanged): 10" in out and "新增 0 条" in out
    assert list(Complaint.objects.order_by("id").values_list(*fields)) == before
    assert ComplaintEvent.objects.count() == events
    assert (tmp_path / "派单.rejects.csv").exists(), "default rejects file sits next to the sheet"


def test_gbk_csv_with_header_variants(small_world, hotline_categories, tmp_path):
    header = [
        "工单号",
        "来电 时间",
        "诉求内容（必填）",
        "事发地址",
        "诉求分类",
        "派发时间",
        "办结时限",
        "经度",
        "纬度",
        "坐标系",
    ]
    rows = [row("G1", description="北大地西区12号楼暖气不热"), row("G2", description="丰西路45号院停车难")]
    path = write_csv(tmp_path / "派单.csv", rows, "gbk", header=header)
    out = run(path, "--commit")
    assert "GB18030" in out and "新增 2 条" in out
    assert set(Complaint.objects.values_list("description", flat=True)) == {
        "北大地西区12号楼暖气不热",
        "丰西路45号院停车难",
    }


def test_utf8_bom_csv_and_coordinates_needing_a_datum(small_world, hotline_categories, tmp_path):
    rows = [row("U1", 坐标系=""), row("U2", east=None, 坐标系="")]
    out = run(write_csv(tmp_path / "a.csv", rows, "utf-8-sig"), "--commit", "--rejects", str(tmp_path / "r.csv"))
    assert "UTF-8-BOM" in out and "拒绝 (rejected): 0" in out
    # Coordinates without their datum are not guessed at: the case lands on its address, flagged.
    u1 = Complaint.objects.get(ticket_no="U1")
    assert u1.location is None and "坐标系为空" in u1.review_reason
    assert not (tmp_path / "r.csv").exists()
    run(write_csv(tmp_path / "b.csv", [row("U3", 坐标系="")], "utf-8-sig"), "--commit", "--crs", "wgs84")
    assert Complaint.objects.get(ticket_no="U3").community_id == small_world["west"].id


def test_bad_satisfaction_is_noted_and_good_is_checked_not_stored(small_world, hotline_categories, tmp_path):
    header = [*HEADER, "回访满意度"]
    rows = [[*row("S1"), "满意"], [*row("S2"), "很好"]]
    out = run(write_xlsx(tmp_path / "s.xlsx", rows, header=header), "--commit")
    assert "校验但不写入" in out and "提示 (note) 第 4 行 S2" in out and "很好" in out
    assert sorted(Complaint.objects.values_list("ticket_no", "satisfaction")) == [("S1", ""), ("S2", "")]


def test_the_sheet_s_chinese_satisfaction_is_read_in_english_too(small_world, hotline_categories, tmp_path):
    header = [*HEADER, "回访满意度"]
    rows = [[*row("S1"), "基本满意"], [*row("S2"), "很好"]]
    with translation.override("en"):
        out = run(write_xlsx(tmp_path / "s.xlsx", rows, header=header), "--commit")
    assert "第 3 行 S1" not in out and "提示 (note) 第 4 行 S2" in out and "满意/基本满意/不满意" in out


def test_missing_header_refuses_the_file_naming_it(small_world, hotline_categories, tmp_path):
    header = [h for h in HEADER if h != "办理时限"]
    path = write_xlsx(tmp_path / "h.xlsx", [row("H1")[:6] + row("H1")[7:]], header=header)
    with pytest.raises(CommandError) as caught:
        run(path, "--commit")
    message = str(caught.value)
    assert "缺少必需列" in message and "办理时限" in message and "派单时间" in message.split("found")[1]
    assert "nothing written" in message and Complaint.objects.count() == 0


def _truncated_xlsx(path):
    good = write_xlsx(path.with_name("full.xlsx"), [row("X1"), row("X2")])
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("text.xlsx", lambda p: p.write_text("工单编号,来电时间\n1,2\n", "utf-8"), "不是有效的 .xlsx"),
        ("cut.xlsx", _truncated_xlsx, ".xlsx"),
        ("empty.csv", lambda p: p.write_bytes(b""), "文件为空"),
        ("old.xls", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0 legacy"), "另存为 .xlsx"),
        ("only-header.csv", lambda p: write_csv(p, [], "utf-8"), "没有数据行"),
        ("blank.xlsx", lambda p: write_xlsx(p, [], header=[None], title=False), "没有内容"),
    ],
)
def test_malformed_file_is_refused_and_nothing_written(hotline_categories, tmp_path, name, make, expected):
    path = tmp_path / name
    make(path)
    with pytest.raises(CommandError) as caught:
        run(path, "--commit")
    assert expected in str(caught.value) and name in str(caught.value)
    assert Complaint.objects.count() == 0


def test_short_rows_and_excel_serial_dates(small_world, hotline_categories, tmp_path):
    serial = (RECEIVED - datetime(1899, 12, 30)).total_seconds() / 86400
    short = row("R1", east=None)[:7]  # the trailing coordinate cells are missing altogether
    short[1] = serial
    path = write_xlsx(tmp_path / "r.xlsx", [short])
    run(path, "--commit")
    assert Complaint.objects.get(ticket_no="R1").received_at == RECEIVED.replace(tzinfo=BEIJING)


def test_dispatch_before_call_lands_flagged(small_world, hotline_categories, tmp_path):
    path = write_xlsx(tmp_path / "o.xlsx", [row("O1", 派单时间=RECEIVED - timedelta(hours=1))])
    run(path, "--commit")
    case = Complaint.objects.get(ticket_no="O1")
    assert [i["code"] for i in case.review_items] == ["times"] and "早于来电时间" in case.review_reason
    assert case.dispatched_at == (RECEIVED - timedelta(hours=1)).replace(tzinfo=BEIJING)


def _national_day_2025():
    # 2025: 1-8 October off; Sunday 28 September and Saturday 11 October worked (调休).
    for day in range(1, 9):
        Holiday.objects.create(date=date(2025, 10, day), name="国庆节、中秋节")
    for worked in (date(2025, 9, 28), date(2025, 10, 11)):
        Holiday.objects.create(date=worked, name="调休上班", is_workday=True)


def test_deadline_durations_count_from_the_dispatch_on_their_own_time_base(small_world, hotline_categories, tmp_path):
    _national_day_2025()
    dispatched = RECEIVED + timedelta(minutes=30)  # Tuesday 30 September 2025, 10:30
    limits = {"D1": "7个工作日", "D2": "24小时", "D3": "3个自然日", "D4": "７日", "D5": "２小时", "D6": "十五个工作日"}
    rows = [row(ticket, 办理时限=limit) for ticket, limit in limits.items()]
    rows += [row("D7", 办理时限=limit, 派单时间="") for limit in ["3天"]]
    run(write_xlsx(tmp_path / "d.xlsx", rows), "--commit")
    due = {c.ticket_no: c.due_at for c in Complaint.objects.all()}

    def at(*args):
        return datetime(*args, tzinfo=BEIJING)

    # Working days skip the holiday and count the 调休 Saturday: 9, 10, 11, 13, 14, 15, 16 October.
    assert due["D1"] == at(2025, 10, 16, 17, 0)
    assert due["D2"] == dispatched.replace(tzinfo=BEIJING) + timedelta(hours=24)
    assert due["D3"] == at(2025, 10, 3, 10, 30)
    assert due["D4"] == at(2025, 10, 7, 10, 30)
    assert due["D5"] == at(2025, 9, 30, 12, 30)
    # 15 working days: the 7 above, then 17, 20-24, 27, 28 October.
    assert due["D6"] == at(2025, 10, 28, 17, 0)
    # Without a 派单时间 the limit counts from the call, and the missing time is flagged.
    d7 = Complaint.objects.get(ticket_no="D7")
    assert (d7.due_at, d7.dispatched_at) == (at(2025, 10, 3, 10, 0), None)
    assert [i["code"] for i in d7.review_items] == ["times"]
    assert all(c.due_set_by_centre for c in Complaint.objects.all())


@pytest.mark.parametrize("limit", ["尽快", ""])
def test_an_unreadable_deadline_takes_the_category_default_and_is_flagged(
    small_world, hotline_categories, tmp_path, limit
):
    run(write_xlsx(tmp_path / "u.xlsx", [row("U1", 办理时限=limit)]), "--commit")
    case = Complaint.objects.get(ticket_no="U1")
    # 测试漏雨: 15 natural days from the call.
    assert (case.due_at, case.due_set_by_centre) == (RECEIVED.replace(tzinfo=BEIJING) + timedelta(days=15), False)
    assert [i["code"] for i in case.review_items] == ["deadline"] and "按分类默认时限" in case.review_reason
