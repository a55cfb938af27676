"""Header matching and cell parsing of 12345 sheets (no database needed except for categories)."""

from datetime import datetime

import pytest

from layers.importers.hotline.headers import HeaderProblem, field_of, find_header
from layers.importers.hotline.values import CellProblem, parse_crs, parse_datetime, parse_deadline, parse_duration
from layers.services.deadlines import BEIJING


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("工单编号", "ticket_no"),
        (" 工单 编号 ", "ticket_no"),
        ("工单号（必填）", "ticket_no"),
        ("*来电时间", "received_at"),
        ("来电时间(yyyy-mm-dd)", "received_at"),
        ("ＬＯＮ", "lon"),
        ("诉求人", "complainant_name"),
        ("备注", None),
    ],
)
def test_header_variants(header, field):
    assert field_of(header) == field


def test_header_found_below_a_title_and_missing_columns_named():
    rows = [
        ["导出时间 2025-09-30"],
        [],
        ["工单号", "来电时间", "诉求内容", "诉求地址", "问题分类", "派单时间", "办理时限"],
    ]
    index, columns = find_header(rows)
    assert index == 2 and columns["due_at"] == 6
    with pytest.raises(HeaderProblem) as caught:
        find_header([["工单号", "来电时间", "备注"]])
    assert "诉求内容" in str(caught.value) and "备注" in str(caught.value)
    with pytest.raises(HeaderProblem, match="两列都对应"):
        find_header([["工单号", "工单编号"]])


@pytest.mark.parametrize(
    "value",
    [
        datetime(2025, 9, 30, 10, 5),
        "2025-09-30 10:05",
        "2025/9/30 10:05:00",
        "2025-09-30T10:05:00.000",
        "２０２５-０９-３０ １０:０５",
        "2025年9月30日 10时05分",
        "20250930100500",
        45930.420138888889,
    ],
)
def test_dates_in_the_forms_sheets_carry(value):
    assert parse_datetime(value, "来电时间") == datetime(2025, 9, 30, 10, 5, tzinfo=BEIJING)


@pytest.mark.parametrize("value", ["", None, "明天", "2025-02-30 10:00", 12.5, True])
def test_bad_dates_are_refused_naming_the_column(value):
    with pytest.raises(CellProblem, match="来电时间"):
        parse_datetime(value, "来电时间")


def test_datum_names_and_the_missing_datum():
    assert [parse_crs(v, None) for v in ("WGS84", "GCJ-02", "百度", "bd09")] == ["wgs84", "gcj02", "bd09", "bd09"]
    assert parse_crs("", "gcj02") == "gcj02"
    with pytest.raises(CellProblem, match="坐标系"):
        parse_crs("", None)
    with pytest.raises(CellProblem, match="unknown"):
        parse_crs("beijing54", None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7个工作日", (7, "working_days")),
        ("15个工作日", (15, "working_days")),
        ("十五个工作日", (15, "working_days")),
        ("24小时", (24, "natural_hours")),
        ("２小时", (2, "natural_hours")),  # full-width digits
        ("2小时内", (2, "natural_hours")),
        ("3天", (3, "natural_days")),
        ("3个自然日", (3, "natural_days")),
        ("7日", (7, "natural_days")),
        ("７ 日", (7, "natural_days")),
        ("限7个工作日", (7, "working_days")),
        ("4个工作小时", (4, "working_hours")),
    ],
)
def test_deadlines_written_as_durations(value, expected):
    assert parse_duration(value) == expected
    assert parse_deadline(value) == expected


@pytest.mark.parametrize("value", ["2025-10-07 17:00", datetime(2025, 10, 7, 17, 0)])
def test_deadlines_written_as_dates(value):
    assert parse_deadline(value) == datetime(2025, 10, 7, 17, 0, tzinfo=BEIJING)


@pytest.mark.parametrize("value", ["尽快", "7", 7, "一周左右", "2025-02-30"])
def test_unreadable_deadlines_name_the_column_and_the_forms_expected(value):
    with pytest.raises(CellProblem, match="办理时限"):
        parse_deadline(value)
    assert parse_duration(value) is None
