"""The weekly report as an .xlsx workbook, one sheet per section, from the same dict as the HTML.

Figures are stored unrounded and shown through number formats (layers/exporters/xlsx_style.py): changes and
rates as percentages, p-values in scientific notation, so nothing significant reads as 0.
"""

from io import BytesIO

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook

from layers.analytics.hotspots import CLASS_LABELS
from layers.exporters.xlsx_style import (
    DATE,
    DATETIME,
    DECIMAL1,
    DECIMAL2,
    INTEGER,
    P_VALUE,
    PERCENT,
    SIGNED_PERCENT,
    finish_sheet,
    fraction,
    local,
)


def _cell(value):
    if isinstance(value, Promise):
        return str(value)  # a label (gettext_lazy), in the active language
    return local(value)


def _sheet(wb: Workbook, title: str, headers: list[str], rows: list[list], formats=(), freeze="A2") -> None:
    ws = wb.create_sheet(str(title))
    ws.append([str(header) for header in headers])
    for row in rows:
        ws.append([_cell(v) for v in row])
    finish_sheet(ws, formats, freeze)


def _ranking_rows(ranking: dict) -> list[list]:
    return [
        [
            r["rank"] if r["rank"] is not None else _("样本不足"),
            r["name"],
            r["n"],
            fraction(r["response_rate"]),
            fraction(r["resolution_rate"]),
            fraction(r["satisfaction_rate"]),
            r["composite"],
        ]
        for r in ranking["rows"]
    ]


RANK_HEADERS = [
    gettext_lazy("排名"),
    gettext_lazy("名称"),
    gettext_lazy("样本"),
    gettext_lazy("响应率"),
    gettext_lazy("解决率"),
    gettext_lazy("满意率"),
    gettext_lazy("综合得分"),
]
RANK_FORMATS = (INTEGER, None, INTEGER, PERCENT, PERCENT, PERCENT, DECIMAL1)
COUNT_HEADERS = [
    gettext_lazy("名称"),
    gettext_lazy("本周"),
    gettext_lazy("上周"),
    gettext_lazy("环比"),
    gettext_lazy("去年同期"),
    gettext_lazy("同比"),
]
COUNT_FORMATS = (None, INTEGER, INTEGER, SIGNED_PERCENT, INTEGER, SIGNED_PERCENT)
HOT_FORMATS = (None, None, INTEGER, DECIMAL2, P_VALUE)


def _count_headers(report: dict) -> list:
    # A week still running is compared with the same hours of the week before, and says so.
    if report.get("complete", True):
        return COUNT_HEADERS
    return [h if h != COUNT_HEADERS[2] else gettext_lazy("上周同期") for h in COUNT_HEADERS]


def _count_rows(rows: list[dict]) -> list[list]:
    return [
        [r["name"], r["count"], r["previous"], fraction(r["change_pct"]), r["last_year"], fraction(r["yoy_pct"])]
        for r in rows
    ]


def _hotspot_rows(section: dict) -> list[list]:
    return [
        [r["code"], r["name"], r["count"], r["gi_z"], r["gi_p_fdr"], CLASS_LABELS[r["class"]]] for r in section["top"]
    ]


def _overview(report: dict) -> list[tuple]:
    """(item, value, number format) rows of the 概况 sheet."""
    t = report["totals"]
    complete = report.get("complete", True)
    return [
        (_("周"), report["week"], None),
        (_("起"), report["start"].date(), DATE),
        (_("止"), report["last_day"], DATE),
        (_("数据截至"), report.get("as_of", report["end"]), DATETIME),
        (_("本周已结束"), _("是") if complete else _("否（阶段性结果）"), None),
        (_("诉求总量"), t["count"], INTEGER),
        (_("上周") if complete else _("上周同期"), t["previous"], INTEGER),
        (_("环比"), fraction(t["change_pct"]), SIGNED_PERCENT),
        (_("去年同期"), t["last_year"], INTEGER),
        (_("同比"), fraction(t["yoy_pct"]), SIGNED_PERCENT),
        (_("未办结"), report["outstanding"]["open"], INTEGER),
        (_("超期"), report["outstanding"]["overdue"], INTEGER),
        (_("挂账"), report["ledger"]["open"], INTEGER),
        (_("销账率"), fraction(report["ledger"]["clear_rate"]), PERCENT),
    ]


def workbook(report: dict) -> Workbook:
    """Sheets: 概况, 分类, 渠道, 四事四办, 热词, 热点网格, 热点小区, 超期案卷, 挂账, 社区排名, 科室排名, 主动治理,
    议题成效; titles and headers in the active language."""
    wb = Workbook()
    wb.remove(wb.active)
    overview = _overview(report)
    _sheet(wb, _("概况"), [_("项目"), _("数值")], [[item, value] for item, value, _format in overview])
    # One value column, each row its own kind of number.
    for (_item, value, number_format), (cell,) in zip(
        overview, wb[_("概况")].iter_rows(min_row=2, min_col=2, max_col=2), strict=True
    ):
        if number_format and value is not None:
            cell.number_format = number_format
    count_headers = _count_headers(report)
    _sheet(wb, pgettext("plural", "分类"), count_headers, _count_rows(report["categories"]), COUNT_FORMATS)
    _sheet(wb, _("渠道"), count_headers, _count_rows(report["channels"]), COUNT_FORMATS)
    _sheet(wb, _("四事四办"), count_headers, _count_rows(report["sishi_types"]), COUNT_FORMATS)
    words = [[w["word"], w["count"]] for w in report["hot_words"]]
    _sheet(wb, _("热词"), [_("热词"), _("诉求数")], words, (None, INTEGER))
    hot_headers = [_("编码"), _("名称"), _("诉求数"), "Gi* z", "p (FDR)", _("类别")]
    _sheet(wb, _("热点网格"), hot_headers, _hotspot_rows(report["hotspots"]["grid_cells"]), HOT_FORMATS)
    _sheet(wb, _("热点小区"), hot_headers, _hotspot_rows(report["hotspots"]["housing_projects"]), HOT_FORMATS)
    _sheet(
        wb,
        _("超期案卷"),
        [_("工单编号"), _("分类"), _("社区"), _("状态"), _("办理时限"), _("超期天数"), _("内容")],
        [
            [
                c["ticket_no"] or f"#{c['id']}",
                c["category__name"],
                c["community__name"],
                c["status_label"],
                c["due_at"],
                c["days_overdue"],
                c["description"],
            ]
            for c in report["outstanding"]["overdue_cases"]
        ],
        (None, None, None, None, DATETIME, INTEGER),
    )
    _sheet(
        wb,
        _("挂账"),
        [_("工单编号"), _("分类"), _("社区"), _("挂账时间"), _("责任"), _("计划销账"), _("账龄(天)")],
        [
            [
                e["ticket_no"] or f"#{e['id']}",
                e["category__name"],
                e["community__name"],
                e["ledger_at"],
                e["ledger_owner"],
                e["ledger_target_date"],
                e["age_days"],
            ]
            for e in report["ledger"]["entries"]
        ],
        (None, None, None, DATETIME, None, DATE, INTEGER),
    )
    # Frozen: the header row and the rank and name columns.
    _sheet(wb, _("社区排名"), RANK_HEADERS, _ranking_rows(report["rankings"]["community"]), RANK_FORMATS, "C2")
    _sheet(wb, _("科室排名"), RANK_HEADERS, _ranking_rows(report["rankings"]["department"]), RANK_FORMATS, "C2")
    _sheet(
        wb,
        _("主动治理"),
        [_("问题"), _("起始"), _("治理前周均"), _("近期周均"), _("变化")],
        [
            [p["label"], p["since"], p["before_per_week"], p["after_per_week"], fraction(p["change_pct"])]
            for p in report["tackled"]
        ],
        (None, DATE, DECIMAL2, DECIMAL2, SIGNED_PERCENT),
    )
    _sheet(
        wb,
        _("议题成效"),
        [
            _("议题"),
            _("标题"),
            _("生效"),
            _("此前件数"),
            _("此后件数"),
            _("前·周均"),
            _("后·周均"),
            _("变化"),
            _("p值"),
            _("显著"),
        ],
        [
            [
                p["code"],
                p["title"],
                p["pivot"],
                p["before"],
                p["after"],
                p["before_per_week"],
                p["after_per_week"],
                fraction(p["change_pct"]),
                p["p_value"],
                _("是") if p["significant"] else _("否"),
            ]
            for p in report["tackled_topics"]
        ],
        (None, None, DATETIME, INTEGER, INTEGER, DECIMAL2, DECIMAL2, SIGNED_PERCENT, P_VALUE),
    )
    return wb


def workbook_bytes(report: dict) -> bytes:
    buffer = BytesIO()
    workbook(report).save(buffer)
    return buffer.getvalue()


__all__ = ["workbook", "workbook_bytes"]
