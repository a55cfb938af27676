"""python manage.py import_12345 FILE [--commit] [--rejects PATH] [--crs wgs84|gcj02|bd09] [--user NAME]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from layers.importers.hotline import HotlineFileProblem, HotlineImport, write_rejects
from layers.management.operator import operator


class Command(BaseCommand):
    help = "导入12345派单表 (.xlsx / .csv, UTF-8 或 GBK). 默认试运行 (dry run unless --commit)."

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FILE")
        parser.add_argument("--commit", action="store_true", help="写入数据库 (write; otherwise a dry run)")
        parser.add_argument(
            "--rejects", help="拒绝行文件 (rejects CSV); default: FILE 旁的 <名称>.rejects.csv (next to FILE)"
        )
        parser.add_argument(
            "--crs",
            choices=["wgs84", "gcj02", "bd09"],
            help="坐标系列为空时使用 (datum of coordinates whose 坐标系 cell is empty)",
        )
        parser.add_argument("--user", help="操作人用户名，记入流转记录 (the operator, recorded in the event log)")

    def handle(self, *args, path, commit, rejects, crs, user, **options):
        actor = operator(user)
        try:
            report = HotlineImport(path, default_crs=crs, actor=actor).run(commit=commit, with_preview=True)
        except HotlineFileProblem as exc:
            raise CommandError(f"{exc}\n未写入任何数据 (nothing written).") from exc
        for line in report.lines():
            self.stdout.write(line)
        if report.rejected:
            target = Path(rejects) if rejects else Path(path).with_suffix(".rejects.csv")
            write_rejects(report, target)
            self.stdout.write(f"拒绝行已写入 (rejected rows written to): {target}")
