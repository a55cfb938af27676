"""Validate the layers in the database; exit status 1 when a hard rule is broken.

The exit status holds with --json too, so CI and import scripts can gate on it.
"""

import json
import sys

from django.core.management.base import BaseCommand

from layers.validation import CHECKS, ERROR, TOLERANCE_M2, WARNING, Finding, Report, run_checks

COUNT_LABELS = {
    "subdistricts": "街道 (sub-districts)",
    "communities": "社区 (communities)",
    "housing_projects": "住宅项目 (housing projects)",
    "housing_projects_single": "  单一产权 (single ownership)",
    "housing_projects_multi": "  多产权 (multi-ownership)",
    "housing_projects_private": "  私产 (private)",
    "old_estates": "老旧小区 (old estates)",
    "estates_in_renovation": "纳入综合整治 (in renovation)",
    "estates_without_property_management": "无物业管理 (no property management)",
    "buildings": "楼栋 (buildings)",
    "military_zones": "涉军单位/军产 (military zones)",
    "military_share_pct": "涉军面积占比 % (military share of area)",
    "grid_cells": "网格 (grid cells)",
    "grid_median_area_m2": "网格面积中位数 m² (median cell area)",
    "households": "户数 (households)",
    "residents": "人口 (residents)",
    "floating_population": "流动人口 (floating population)",
}

SEVERITY_LABELS = {ERROR: "错误 (error)", WARNING: "警告 (warning)"}


def _number(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"


def _counts_lines(report: Report) -> list[str]:
    lines = ["概况 (headline counts)"]
    if report.counts:
        return lines + [f"  {label}: {_number(report.counts.get(key))}" for key, label in COUNT_LABELS.items()]
    # The counts query failed; its finding says why.
    names = {check.name for check in CHECKS}
    return lines + [_finding_line(f) for f in report.findings if f.check not in names]


def _finding_line(finding: Finding) -> str:
    return f"  [{SEVERITY_LABELS[finding.severity]}] {finding.message}"


def render_text(report: Report) -> list[str]:
    lines = ["图层检查 (layer check)", f"容差 (tolerance): {TOLERANCE_M2:g} m²", ""] + _counts_lines(report)
    for check in CHECKS:
        found = [f for f in report.findings if f.check == check.name]
        lines += ["", f"{check.title} ({check.title_en}): {len(found) or '通过 (ok)'}"]
        lines += [_finding_line(f) for f in found]
    errors = sum(f.severity == ERROR for f in report.findings)
    warnings = len(report.findings) - errors
    lines += ["", f"合计 (total): {errors} 个错误 (errors), {warnings} 个警告 (warnings)"]
    return lines


class Command(BaseCommand):
    help = "检查图层的拓扑与网格编码规则 (validate layer topology and grid codes); exit 1 on errors"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="机器可读输出 (print machine-readable JSON)")

    def handle(self, *args, **options):
        report = run_checks()
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(render_text(report)))
        if report.has_errors:
            sys.exit(1)
