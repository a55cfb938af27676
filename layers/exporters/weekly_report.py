"""The weekly report as an .xlsx workbook, one sheet per section, from the same dict as the HTML."""

from datetime import datetime
from io import BytesIO

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from layers.analytics.hotspots import CLASS_LABELS


def _cell(value, digits: int = 2):
    if isinstance(value, Promise):
        return str(value)  # a label (gettext_lazy), in the active language
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, datetime):
        # Excel has no time zones: local (Beijing) time, as people read it.
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _sheet(wb: Workbook, title: str, headers: list[str], rows: list[list], digits: int = 2) -> None:
    headers = [str(header) for header in headers]
    ws = wb.create_sheet(str(title))
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(v, digits) for v in row])
    for column, header in zip(ws.columns, headers, strict=False):
        ws.column_dimensions[column[0].column_letter].width = max(10, len(header) * 2 + 2)


def _ranking_rows(ranking: dict) -> list[list]:
    return [
        [
            r["rank"] if r["rank"] is not None else _("样本不足"),
            r["name"],
            r["n"],
            r["response_rate"],
            r["resolution_rate"],
            r["satisfaction_rate"],
            r["composite"],
        ]
        for r in ranking["rows"]
    ]


RANK_HEADERS = [
    gettext_lazy("排名"),
    gettext_lazy("名称"),
    gettext_lazy("样本"),
    gettext_lazy("响应率 %"),
    gettext_lazy("解决率 %"),
    gettext_lazy("满意率 %"),
    gettext_lazy("综合得分"),
]
COUNT_HEADERS = [
    gettext_lazy("名称"),
    gettext_lazy("本周"),
    gettext_lazy("上周"),
    gettext_lazy("环比 %"),
    gettext_lazy("去年同期"),
    gettext_lazy("同比 %"),
]


def _count_rows(rows: list[dict]) -> list[list]:
    return [[r["name"], r["count"], r["previous"], r["change_pct"], r["last_year"], r["yoy_pct"]] for r in rows]


def _hotspot_rows(section: dict) -> list[list]:
    return [
        [r["code"], r["name"], r["count"], r["gi_z"], r["gi_p_fdr"], CLASS_LABELS[r["class"]]] for r in section["top"]
    ]


def workbook(report: dict) -> Workbook:
    """Sheets: 概况, 分类, 渠道, 四事四办, 热词, 热点网格, 热点小区, 超期案卷, 挂账, 社区排名, 科室排名, 主动治理,
    议题成效; titles and headers in the active language."""
    wb = Workbook()
    wb.remove(wb.active)
    t = report["totals"]
    _sheet(
        wb,
        _("概况"),
        [_("项目"), _("数值")],
        [
            [_("周"), report["week"]],
            [_("起"), report["start"].date()],
            [_("止"), report["last_day"]],
            [_("诉求总量"), t["count"]],
            [_("上周"), t["previous"]],
            [_("环比 %"), t["change_pct"]],
            [_("去年同期"), t["last_year"]],
            [_("同比 %"), t["yoy_pct"]],
            [_("未办结"), report["outstanding"]["open"]],
            [_("超期"), report["outstanding"]["overdue"]],
            [_("挂账"), report["ledger"]["open"]],
            [_("销账率 %"), report["ledger"]["clear_rate"]],
        ],
    )
    _sheet(wb, pgettext("plural", "分类"), COUNT_HEADERS, _count_rows(report["categories"]))
    _sheet(wb, _("渠道"), COUNT_HEADERS, _count_rows(report["channels"]))
    _sheet(wb, _("四事四办"), COUNT_HEADERS, _count_rows(report["sishi_types"]))
    _sheet(wb, _("热词"), [_("热词"), _("诉求数")], [[w["word"], w["count"]] for w in report["hot_words"]])
    hot_headers = [_("编码"), _("名称"), _("诉求数"), "Gi* z", "p (FDR)", _("类别")]
    _sheet(wb, _("热点网格"), hot_headers, _hotspot_rows(report["hotspots"]["grid_cells"]))
    _sheet(wb, _("热点小区"), hot_headers, _hotspot_rows(report["hotspots"]["housing_projects"]))
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
    )
    _sheet(wb, _("社区排名"), RANK_HEADERS, _ranking_rows(report["rankings"]["community"]))
    _sheet(wb, _("科室排名"), RANK_HEADERS, _ranking_rows(report["rankings"]["department"]))
    _sheet(
        wb,
        _("主动治理"),
        [_("问题"), _("起始"), _("治理前周均"), _("近期周均"), _("变化 %")],
        [
            [p["label"], p["since"], p["before_per_week"], p["after_per_week"], p["change_pct"]]
            for p in report["tackled"]
        ],
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
            _("变化 %"),
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
                p["change_pct"],
                p["p_value"],
                _("是") if p["significant"] else _("否"),
            ]
            for p in report["tackled_topics"]
        ],
        # p-values need four places (0.0052); the other figures are rounded already.
        digits=4,
    )
    return wb


def workbook_bytes(report: dict) -> bytes:
    buffer = BytesIO()
    workbook(report).save(buffer)
    return buffer.getvalue()


__all__ = ["workbook", "workbook_bytes"]
