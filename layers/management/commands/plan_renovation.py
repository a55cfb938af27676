"""python manage.py plan_renovation --period 2026-01-01:2026-10-31 --out DIR [--max-distance-m M]
[--max-estates N] [--max-households H]

Writes DIR/renovation.gpkg (layers estates and packages) and DIR/renovation.xlsx (sheets 评分,
成片包, 改造前后). Before/after is taken as of the period's end (or now, if that is earlier), so a
re-run over the same period gives the same files. Bad arguments are refused before anything is
written.
"""

import re
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from layers.exporters import renovation as files
from layers.selectors.planning import before_after, estate_records, local_start, scores_with_evidence
from layers.selectors.planning_packages import renovation_packages

PERIOD_FORM = "YYYY-MM-DD:YYYY-MM-DD（如 2026-01-01:2026-10-31，两端都含 / both days included）"


def parse_period(value: str) -> tuple[date, date]:
    """'2026-01-01:2026-10-31' -> (start, end); CommandError naming --period and the form otherwise."""
    match = re.fullmatch(r"\s*(\d{4}-\d{2}-\d{2})\s*:\s*(\d{4}-\d{2}-\d{2})\s*", value or "")
    try:
        if match is None:
            raise ValueError
        start, end = date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))
    except ValueError:
        raise CommandError(f"--period {value!r}: 应为 {PERIOD_FORM} / expected {PERIOD_FORM}") from None
    if end < start:
        raise CommandError(f"--period {value!r}: 结束日期早于开始日期 / the end {end} is before the start {start}")
    return start, end


def _positive(name: str, value, minimum) -> None:
    if value is not None and value < minimum:
        raise CommandError(f"--{name} {value}: 应不小于 {minimum} / expected at least {minimum}")


class Command(BaseCommand):
    help = "老旧小区改造评分、成片包与改造前后对比 (renovation scores, packages and before/after as gpkg + xlsx)"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help=PERIOD_FORM)
        parser.add_argument("--out", required=True, help="输出目录 (output directory)")
        parser.add_argument("--max-distance-m", type=float, default=settings.RENOVATION_PACKAGE_MAX_DISTANCE_M)
        parser.add_argument("--max-estates", type=int, default=settings.RENOVATION_PACKAGE_MAX_ESTATES)
        parser.add_argument("--max-households", type=int, default=settings.RENOVATION_PACKAGE_MAX_HOUSEHOLDS)

    def handle(self, *args, period, out, max_distance_m, max_estates, max_households, **options):
        start, end = parse_period(period)
        _positive("max-distance-m", max_distance_m, 0)
        _positive("max-estates", max_estates, 1)
        _positive("max-households", max_households, 1)
        caps = {"max_distance_m": max_distance_m, "max_estates": max_estates, "max_households": max_households}
        records = estate_records(scores_with_evidence(start, end))
        packages = renovation_packages(start, end, **caps)
        as_of = min(local_start(end + timedelta(days=1)), timezone.now())
        comparisons = before_after(as_of=as_of)
        folder = Path(out)
        gpkg = files.write_gpkg(folder / "renovation.gpkg", records, packages)
        xlsx = files.write_xlsx(folder / "renovation.xlsx", records, packages, comparisons)
        self._summary(start, end, records, packages, comparisons)
        self.stdout.write(f"{gpkg}\n{xlsx}")

    def _summary(self, start, end, records, packages, comparisons):
        self.stdout.write(f"评分 (scores) {start}..{end}: {len(records)} 个小区 (estates)")
        for r in records[:5]:
            flag = "（已改造 renovated）" if r["renovated"] else ""
            self.stdout.write(
                f"  {r['rank']}. {r['name']} {r['code']} 得分 {r['score']:.3f} "
                f"基础设施诉求 {r['infra_count']}（每百户 {r['infra_per_100']:.1f}）{flag}"
            )
        self.stdout.write(f"成片包 (packages): {len(packages)}")
        for p in packages[:3]:
            codes = "、".join(p.estate_codes)
            self.stdout.write(f"  {p.rank}. {codes}: {p.households} 户, 诉求 {p.infra_count} ({p.infra_share:.1%})")
        significant = sum(1 for c in comparisons if c["significant"])
        self.stdout.write(f"改造前后 (before/after): {len(comparisons)} 行 (rows), {significant} 显著 (significant)")
