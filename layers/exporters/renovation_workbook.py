"""The renovation ranking's xlsx workbook: sheets 评分 (scores), 成片包 (packages), 改造前后 (before/after).

Headers are bilingual and labels Chinese, whatever the reader's language; figures are unrounded and
shown through number formats (layers/exporters/xlsx_style.py). Written beside the target and moved into
place, so a failure never leaves a half-written file.
"""

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook

from layers.exporters.xlsx_style import (
    DATE,
    DECIMAL2,
    DECIMAL3,
    DECIMAL4,
    INTEGER,
    P_VALUE,
    PERCENT,
    SIGNED_PERCENT,
    finish_sheet,
)
from layers.exporters.xlsx_style import fraction as _fraction
from layers.i18n import source_text
from layers.models import HousingProject
from layers.planning.scoring import COMPONENT_LABELS, COMPONENTS

# The file's labels are Chinese, its headers bilingual, whatever the reader's language (issue 18 leaves
# the planners' export files as they are): the labels' Chinese source text.
RENOVATION_LABELS = {value: source_text(label) for value, label in HousingProject.Renovation.choices}
OWNERSHIP_LABELS = {value: source_text(label) for value, label in HousingProject.Ownership.choices}


ESTATE_HEADERS = [
    "排名 Rank",
    "编码 Code",
    "名称 Name",
    "社区 Community",
    "户数 Households",
    "产权 Ownership",
    "物业 Property company",
    "建成年份 Built",
    "综合整治 Renovation",
    "得分 Score",
    "基础设施诉求 Infra cases",
    "每百户 Per 100 households",
    "回头件 Repeats",
    "未办结 Unresolved",
] + [COMPONENT_LABELS[name] for name in COMPONENTS]
# Rank, code, name, community, households, ownership, company, built, renovation, score, infra,
# per 100, repeats, unresolved, then the components (0..1).
_ESTATE_FIGURES = (INTEGER, None, None, None, INTEGER, None, None, INTEGER, None, DECIMAL4, INTEGER, DECIMAL3, INTEGER)
ESTATE_FORMATS = (*_ESTATE_FIGURES, INTEGER, *(DECIMAL3,) * len(COMPONENTS))
PACKAGE_HEADERS = [
    "排名 Rank",
    "小区 Estates",
    "小区名称 Names",
    "户数 Households",
    "基础设施诉求 Infra cases",
    "占全部比例 Share",
    "得分 Score",
]
PACKAGE_FORMATS = (INTEGER, None, None, INTEGER, INTEGER, PERCENT, DECIMAL4)
BEFORE_AFTER_HEADERS = [
    "编码 Code",
    "名称 Name",
    "开工 Works start",
    "完工 Works end",
    "分类 Category",
    "改造前 Before",
    "改造后 After",
    "改造前天数 Days before",
    "改造后天数 Days after",
    "改造前每百户每年 Before /100/yr",
    "改造后每百户每年 After /100/yr",
    "变化 Change",
    "p 值 p-value",
    "显著 Significant",
    "对照调整变化 Change beyond control",
    "对照调整 p 值 p beyond control",
]
# Code, name, works start and end, category, four counts, two densities, change, p, significant,
# the change and p beyond the control.
BEFORE_AFTER_FORMATS = (None, None, DATE, DATE, None, *(INTEGER,) * 4, DECIMAL2, DECIMAL2, SIGNED_PERCENT, P_VALUE)
BEFORE_AFTER_FORMATS += (None, SIGNED_PERCENT, P_VALUE)


def _sheet(wb: Workbook, title: str, headers: list[str], rows: list[list], formats, freeze="A2") -> None:
    # Unrounded: the number formats show what a reader needs (a p-value of 1e-9 is not 0).
    ws = wb.create_sheet(title)
    ws.append(headers)
    for row in rows:
        ws.append(row)
    finish_sheet(ws, formats, freeze)


def _estate_row(r: dict) -> list:
    return [
        r["rank"],
        r["code"],
        r["name"],
        r["community"],
        r["households"],
        OWNERSHIP_LABELS.get(r["ownership"], r["ownership"]),
        r["property_company"] or "（无物业）",
        r["build_year"],
        RENOVATION_LABELS.get(r["renovation"], r["renovation"]),
        r["score"],
        r["infra_count"],
        r["infra_per_100"],
        r["repeat_count"],
        r["unresolved_count"],
        *(r["components"][name] for name in COMPONENTS),
    ]


def _before_after_row(r: dict) -> list:
    return [
        r["code"],
        r["name"],
        r["renovation_start"],
        r["renovation_end"],
        r["category_name"],
        r["before_count"],
        r["after_count"],
        r["before_days"],
        r["after_days"],
        r["before_per_100_per_year"],
        r["after_per_100_per_year"],
        _fraction(r["change_pct"]),
        r["p_value"],
        "是 yes" if r["significant"] else "否 no",
        _fraction(r["adjusted_change_pct"]),
        r["adjusted_p_value"],
    ]


def workbook(records, packages=None, before_after=None) -> Workbook:
    """Sheets 评分 (scores), and when given 成片包 (packages) and 改造前后 (before/after)."""
    wb = Workbook()
    wb.remove(wb.active)
    # Frozen: the header row and the rank, code and name columns.
    _sheet(wb, "评分", ESTATE_HEADERS, [_estate_row(r) for r in records], ESTATE_FORMATS, "D2")
    if packages is not None:
        names = {r["code"]: r["name"] for r in records}
        rows = [
            [p.rank, "、".join(p.estate_codes), "、".join(names.get(c, c) for c in p.estate_codes), p.households]
            + [p.infra_count, p.infra_share, p.score]
            for p in packages
        ]
        _sheet(wb, "成片包", PACKAGE_HEADERS, rows, PACKAGE_FORMATS)
    if before_after is not None:
        _sheet(wb, "改造前后", BEFORE_AFTER_HEADERS, [_before_after_row(r) for r in before_after], BEFORE_AFTER_FORMATS)
    return wb


def write_xlsx(path: Path, records, packages=None, before_after=None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".renovation-") as tmp:
        written = Path(tmp) / path.name
        workbook(records, packages, before_after).save(written)
        os.replace(written, path)
    return path
