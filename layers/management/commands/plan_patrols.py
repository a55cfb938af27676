"""python manage.py plan_patrols --date 2026-11-27 --out DIR: every grid worker's patrol of the day
as DIR/patrols.gpkg (layers routes, stops; EPSG:4326) and DIR/patrols.xlsx."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from layers.exporters.patrols import workbook_bytes, write_gpkg
from layers.planning import patrols
from layers.selectors.planning_patrols import patrol_plans


class Command(BaseCommand):
    help = "Plan every grid worker's patrol for a date; write patrols.gpkg and patrols.xlsx into --out."

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="plan date YYYY-MM-DD, e.g. 2026-11-27")
        parser.add_argument("--out", required=True, help="directory to write into (created if missing)")
        parser.add_argument("--worker", action="append", help="only this grid worker (username); repeatable")

    def handle(self, *args, out: str, worker=None, **options):
        try:
            day = patrols.parse_day(options["date"])
        except ValueError as error:
            raise CommandError(f"--date {error}") from error
        out_dir = Path(out)
        if out_dir.exists() and not out_dir.is_dir():
            raise CommandError(f"--out {out} 已存在且不是目录 / exists and is not a directory")
        plans = patrol_plans(day, worker)
        if worker and len(plans) < len(set(worker)):
            missing = sorted(set(worker) - {p.worker for p in plans})
            raise CommandError(f"--worker {', '.join(missing)}: 没有分配网格的网格员 / no grid worker with cells")
        out_dir.mkdir(parents=True, exist_ok=True)
        gpkg, xlsx = out_dir / "patrols.gpkg", out_dir / "patrols.xlsx"
        write_gpkg(plans, gpkg)
        xlsx.write_bytes(workbook_bytes(plans))
        stops = sum(len(p.stops) for p in plans)
        dropped = sum(len(p.dropped) for p in plans)
        self.stdout.write(
            f"{day}: {len(plans)} 名网格员 / workers, {stops} 个站点 / stops, {dropped} 个超时未排 / dropped"
            f" -> {gpkg}, {xlsx}"
        )
