"""The monthly 考评 as an .xlsx workbook (概况, 社区考评, 科室考评, 约谈名单), from monthly_report's dict.

Numbers stay numbers, shown by their number format: rates as fractions in 0.0 %, scores in 0.0,
changes with their sign; a unit without a rate has an empty cell, not a dash. Header rows are
frozen (with the rank and name columns on the ranking sheets) so they stay in view when scrolling.
"""

from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from layers.exporters.xlsx_style import (
    DATE,
    DATETIME,
    HEADER_FILL,
    INTEGER,
    PERCENT,
    SIGNED_INTEGER,
    SIGNED_PERCENT,
    SIGNED_SCORE,
)
from layers.exporters.xlsx_style import DECIMAL1 as SCORE
from layers.exporters.xlsx_style import fraction as _fraction
from layers.exporters.xlsx_style import local as _local


@dataclass(frozen=True)
class Column:
    header: str
    value: object  # row -> cell value
    format: str | None = None
    width: float = 10


def _sheet(wb: Workbook, title: str, columns: list[Column], rows: list, freeze: str) -> None:
    ws = wb.create_sheet(title)
    ws.append([c.header for c in columns])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        ws.append([_local(c.value(row)) for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        if column.format:
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = column.format
    ws.freeze_panes = freeze


def _ranking_columns() -> list[Column]:
    return [
        Column(gettext("排名"), lambda r: r["rank"], INTEGER, 7),
        Column(gettext("名次变化"), lambda r: r["change"]["rank"], SIGNED_INTEGER, 9),
        Column(gettext("名称"), lambda r: r["name"], None, 22),
        Column(gettext("编码"), lambda r: r["key"], None, 16),
        Column(gettext("件数"), lambda r: r["n"], INTEGER, 8),
        Column(gettext("响应率"), lambda r: _fraction(r["response_rate"]), PERCENT, 9),
        Column(gettext("解决率"), lambda r: _fraction(r["resolution_rate"]), PERCENT, 9),
        Column(gettext("满意率"), lambda r: _fraction(r["satisfaction_rate"]), PERCENT, 9),
        Column(gettext("综合得分"), lambda r: r["composite"], SCORE, 10),
        Column(gettext("得分变化"), lambda r: r["change"]["composite"], SIGNED_SCORE, 10),
        Column(gettext("响应率变化"), lambda r: _fraction(r["change"]["response_rate"]), SIGNED_PERCENT, 11),
        Column(gettext("解决率变化"), lambda r: _fraction(r["change"]["resolution_rate"]), SIGNED_PERCENT, 11),
        Column(gettext("满意率变化"), lambda r: _fraction(r["change"]["satisfaction_rate"]), SIGNED_PERCENT, 11),
        Column(gettext("超期"), lambda r: r["overdue"], INTEGER, 7),
        Column(gettext("挂账"), lambda r: r["ledger"], INTEGER, 7),
        Column(gettext("回头件"), lambda r: r["repeat"], INTEGER, 8),
        Column(gettext("上月排名"), lambda r: (r["previous"] or {}).get("rank"), INTEGER, 9),
        Column(gettext("上月得分"), lambda r: (r["previous"] or {}).get("composite"), SCORE, 9),
        Column(gettext("参评"), lambda r: gettext("是") if r["rank"] is not None else gettext("样本不足"), None, 10),
    ]


def _reason(item: dict, policy: dict) -> str:
    reasons = []
    if item["below"]:
        reasons.append(gettext("综合得分低于 %(line).1f") % {"line": policy["interview_below"]})
    if item["from_bottom"]:
        reasons.append(gettext("排名倒数第 %(n)d") % {"n": item["from_bottom"]})
    return "；".join(reasons)


def _overview(report: dict) -> list[tuple]:
    t, p = report["totals"], report["previous_totals"]
    return [
        (gettext("月份"), report["month"], None),
        (gettext("起"), report["start"].date(), DATE),
        (gettext("止"), report["last_day"], DATE),
        (gettext("数据截至"), report["as_of"], DATETIME),
        (gettext("本月已结束"), gettext("是") if report["complete"] else gettext("否（阶段性结果）"), None),
        (gettext("受理诉求"), t["n"], INTEGER),
        (gettext("上月受理诉求"), p["n"], INTEGER),
        (gettext("响应率"), _fraction(t["response_rate"]), PERCENT),
        (gettext("解决率"), _fraction(t["resolution_rate"]), PERCENT),
        (gettext("满意率"), _fraction(t["satisfaction_rate"]), PERCENT),
        (gettext("综合得分"), t["composite"], SCORE),
        (gettext("上月综合得分"), p["composite"], SCORE),
        (gettext("超期"), t["overdue"], INTEGER),
        (gettext("挂账"), t["ledger"], INTEGER),
        (gettext("回头件"), t["repeat"], INTEGER),
    ]


def monthly_workbook(report: dict) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    overview = _overview(report)
    ws_columns = [
        Column(gettext("项目"), lambda r: r[0], None, 16),
        Column(gettext("数值"), lambda r: r[1], None, 20),
    ]
    _sheet(wb, gettext("概况"), ws_columns, overview, "A2")
    # One value column, each row its own kind of number.
    cells = wb[gettext("概况")].iter_rows(min_row=2, min_col=2, max_col=2)
    for (_item, _value, number_format), (cell,) in zip(overview, cells, strict=True):
        if number_format:
            cell.number_format = number_format
    for unit, title in (("community", gettext("社区考评")), ("department", gettext("科室考评"))):
        # Frozen: the header row and the rank, change and name columns.
        _sheet(wb, title, _ranking_columns(), report["units"][unit], "D2")
    unit_label = {"community": gettext("社区"), "department": gettext("科室")}
    listed = [(unit, item) for unit in ("community", "department") for item in report["interview"][unit]]
    _sheet(
        wb,
        gettext("约谈名单"),
        [
            Column(gettext("单位"), lambda r: unit_label[r[0]], None, 8),
            Column(gettext("名称"), lambda r: r[1]["name"], None, 22),
            Column(gettext("排名"), lambda r: r[1]["rank"], INTEGER, 7),
            Column(gettext("件数"), lambda r: r[1]["n"], INTEGER, 8),
            Column(gettext("综合得分"), lambda r: r[1]["composite"], SCORE, 10),
            Column(gettext("原因"), lambda r: _reason(r[1], report["policy"]), None, 36),
        ],
        listed,
        "A2",
    )
    return wb


def monthly_workbook_bytes(report: dict) -> bytes:
    buffer = BytesIO()
    monthly_workbook(report).save(buffer)
    return buffer.getvalue()
