"""The weekly report as an .xlsx workbook, one sheet per section, from the same dict as the HTML."""

from datetime import datetime
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from layers.analytics.hotspots import CLASS_LABELS


def _cell(value, digits: int = 2):
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, datetime):
        # Excel has no time zones: local (Beijing) time, as people read it.
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _sheet(wb: Workbook, title: str, headers: list[str], rows: list[list], digits: int = 2) -> None:
    ws = wb.create_sheet(title)
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
            r["rank"] if r["rank"] is not None else "样本不足",
            r["name"],
            r["n"],
            r["response_rate"],
            r["resolution_rate"],
            r["satisfaction_rate"],
            r["composite"],
        ]
        for r in ranking["rows"]
    ]


RANK_HEADERS = ["排名 Rank", "名称 Name", "样本 Cases", "响应率 %", "解决率 %", "满意率 %", "综合得分 Score"]
COUNT_HEADERS = ["名称 Name", "本周 This week", "上周 Last week", "环比 % WoW", "去年同期 Last year", "同比 % YoY"]


def _count_rows(rows: list[dict]) -> list[list]:
    return [[r["name"], r["count"], r["previous"], r["change_pct"], r["last_year"], r["yoy_pct"]] for r in rows]


def _hotspot_rows(section: dict) -> list[list]:
    return [
        [r["code"], r["name"], r["count"], r["gi_z"], r["gi_p_fdr"], CLASS_LABELS[r["class"]]] for r in section["top"]
    ]


def workbook(report: dict) -> Workbook:
    """Sheets: 概况, 分类, 渠道, 四事四办, 热词, 热点网格, 热点小区, 超期案卷, 挂账, 社区排名, 科室排名, 主动治理."""
    wb = Workbook()
    wb.remove(wb.active)
    t = report["totals"]
    _sheet(
        wb,
        "概况",
        ["项目 Item", "数值 Value"],
        [
            ["周 Week", report["week"]],
            ["起 From", report["start"].date()],
            ["止 To", report["last_day"]],
            ["诉求总量 Total", t["count"]],
            ["上周 Last week", t["previous"]],
            ["环比 % WoW", t["change_pct"]],
            ["去年同期 Last year", t["last_year"]],
            ["同比 % YoY", t["yoy_pct"]],
            ["未办结 Open", report["outstanding"]["open"]],
            ["超期 Overdue", report["outstanding"]["overdue"]],
            ["挂账 On ledger", report["ledger"]["open"]],
            ["销账率 % Ledger cleared", report["ledger"]["clear_rate"]],
        ],
    )
    _sheet(wb, "分类", COUNT_HEADERS, _count_rows(report["categories"]))
    _sheet(wb, "渠道", COUNT_HEADERS, _count_rows(report["channels"]))
    _sheet(wb, "四事四办", COUNT_HEADERS, _count_rows(report["sishi_types"]))
    _sheet(wb, "热词", ["热词 Word", "诉求数 Complaints"], [[w["word"], w["count"]] for w in report["hot_words"]])
    hot_headers = ["编码 Code", "名称 Name", "诉求数 Count", "Gi* z", "p (FDR)", "类别 Class"]
    _sheet(wb, "热点网格", hot_headers, _hotspot_rows(report["hotspots"]["grid_cells"]))
    _sheet(wb, "热点小区", hot_headers, _hotspot_rows(report["hotspots"]["housing_projects"]))
    _sheet(
        wb,
        "超期案卷",
        [
            "工单编号 Ticket",
            "分类 Category",
            "社区 Community",
            "状态 Status",
            "办理时限 Due",
            "超期天数 Days",
            "内容 Text",
        ],
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
        "挂账",
        [
            "工单编号 Ticket",
            "分类 Category",
            "社区 Community",
            "挂账时间 Since",
            "责任 Owner",
            "计划销账 Target",
            "账龄(天) Age",
        ],
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
    _sheet(wb, "社区排名", RANK_HEADERS, _ranking_rows(report["rankings"]["community"]))
    _sheet(wb, "科室排名", RANK_HEADERS, _ranking_rows(report["rankings"]["department"]))
    _sheet(
        wb,
        "主动治理",
        ["问题 Problem", "起始 Since", "治理前周均 Before/wk", "近期周均 After/wk", "变化 % Change"],
        [
            [p["label"], p["since"], p["before_per_week"], p["after_per_week"], p["change_pct"]]
            for p in report["tackled"]
        ],
    )
    _sheet(
        wb,
        "议题成效",
        [
            "议题 Topic",
            "标题 Title",
            "生效 Since",
            "此前件数 Before",
            "此后件数 After",
            "前·周均 Before/wk",
            "后·周均 After/wk",
            "变化 % Change",
            "p值 p-value",
            "显著 Significant",
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
                "是" if p["significant"] else "否",
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
