"""python manage.py load_demo [--end YYYY-MM-DD]: the demo year, layers, holidays and staff.

The demo year ends today (or on --end, for tests and reproducible runs) and is stored for the
other demo loaders (layers/demo/clock.py). Layers come from shapefiles/wulidian through the same
import core as import_layer, the renovation works' dates moved onto the demo's calendar; then the
State Council holiday calendar (layers/demo/holidays.csv) and the demo accounts and staff.

Idempotent: a second run reports every feature unchanged and adds nothing; on a later day it keeps
the demo year it loaded and says so.
"""

import tempfile
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from layers.demo import clock
from layers.demo.accounts import ensure_demo_accounts
from layers.demo.holidays import load_holidays
from layers.demo.layer_files import layer_path
from layers.importers.layer_import import LayerImport
from layers.importers.reading import FileProblem

DEMO_DIR = settings.BASE_DIR / "shapefiles" / "wulidian"
# Parents before children: communities need the sub-district, estates their community ...
ORDER = ["subdistrict", "communities", "housing-projects", "buildings", "military-zones", "grid-cells"]


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--end: 应为日期如 2026-12-07 (expected YYYY-MM-DD), got {value!r}") from None


class Command(BaseCommand):
    help = "加载演示图层、节假日和演示账号 (load the demo year: layers, holidays, accounts and staff)"

    def add_arguments(self, parser):
        parser.add_argument("--dir", dest="directory", default=str(DEMO_DIR))
        parser.add_argument("--end", help="演示年末日 (the demo year's last day, YYYY-MM-DD; default today)")

    def handle(self, *args, directory, end, **options):
        try:
            found = clock.establish(_day(end) if end else None)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        span = found.span
        self.stdout.write(
            f"演示年 (demo year) {span.start}..{span.end}，数据截至 (data as of) {span.as_of:%Y-%m-%d %H:%M}"
        )
        if found.note:
            self.stdout.write(found.note)
        with tempfile.TemporaryDirectory(prefix="demo-layers-") as scratch:
            for layer in ORDER:
                self._import(layer, layer_path(directory, layer, span, scratch))
        self._holidays(span)
        organisation = ensure_demo_accounts()
        self.stdout.write("\n演示账号 (demo accounts; change these passwords before anyone else can reach the server):")
        for account in organisation.accounts:
            self.stdout.write(f"  {account.display_name:<16} 用户名 {account.username:<12} 密码 {account.password}")
        self._coverage(organisation.coverage)

    def _import(self, layer: str, path) -> None:
        try:
            report = LayerImport(layer, path).run(commit=True)
        except FileProblem as exc:
            raise CommandError(str(exc)) from exc
        if not report.ok:
            raise CommandError("\n".join(report.lines()))
        self.stdout.write(
            f"{layer}: {report.features} 要素 (features); 新增 {len(report.created)}, "
            f"更新 {len(report.updated)}, 不变 {len(report.unchanged)}"
        )

    def _holidays(self, span: clock.Span) -> None:
        try:
            loaded = load_holidays(span.start.year, span.end.year)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        years = "、".join(str(y) for y in loaded.years)
        self.stdout.write(f"节假日 (holidays, 国务院办公厅通知): {years} 年；新增 {loaded.created} 天")
        for year in loaded.missing:
            self.stdout.write(
                f"  {year} 年放假安排未收录，工作日按周一至周五计算 "
                f"(no notice for {year} in layers/demo/holidays.csv: working days fall back to Monday-Friday)"
            )

    def _coverage(self, coverage) -> None:
        staff = coverage.staff
        self.stdout.write(
            "另有演示人员 (more demo staff, no password: an admin sets one if needed): "
            f"网格员 {staff['grid_worker']}, 社区干部 {staff['cadre']}, 驻区部队联络人 {staff['liaison']}, "
            f"科室人员 {staff['department']}"
        )
        self.stdout.write(
            f"  覆盖 (covered): 网格 {coverage.cells[0]}/{coverage.cells[1]}, 楼栋 {coverage.buildings[0]}/"
            f"{coverage.buildings[1]}, 涉军单位/军产 {coverage.zones[0]}/{coverage.zones[1]}, "
            f"分类责任科室 {coverage.categories[0]}/{coverage.categories[1]}"
        )
