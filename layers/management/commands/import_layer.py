"""python manage.py import_layer LAYER PATH [--srid S] [--encoding E] [--map SRC=FIELD ...] [--commit]"""

from django.core.management.base import BaseCommand, CommandError

from layers.importers.fields import LAYERS
from layers.importers.layer_import import LayerImport
from layers.importers.reading import FileProblem


def _mapping(pairs):
    mapping = {}
    for pair in pairs or []:
        source, sep, field = pair.partition("=")
        if not sep or not source or not field:
            raise CommandError(f"--map 应为 源字段=字段 (expected SOURCE=FIELD), got {pair!r}")
        mapping[source.strip()] = field.strip()
    return mapping


class Command(BaseCommand):
    help = "导入图层文件 (Shapefile/.zip, GeoPackage, GeoJSON, KML). Dry run unless --commit."

    def add_arguments(self, parser):
        parser.add_argument("layer", choices=sorted(LAYERS))
        parser.add_argument("path")
        parser.add_argument(
            "--srid", help="文件无坐标系时必填: EPSG 编号或 gcj02 / bd09 (required if the file has no CRS)"
        )
        parser.add_argument("--encoding", help="属性编码，如 GBK / UTF-8 (default: .cpg, else detected)")
        parser.add_argument(
            "--map", dest="field_map", action="append", metavar="SRC=FIELD", help="字段对应 (field mapping), repeatable"
        )
        parser.add_argument("--commit", action="store_true", help="写入数据库 (write; otherwise a dry run)")

    def handle(self, *args, layer, path, srid, encoding, field_map, commit, **options):
        try:
            report = LayerImport(layer, path, srid=srid, encoding=encoding, field_map=_mapping(field_map)).run(
                commit=commit
            )
        except FileProblem as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{len(report.refused)} 个要素被拒绝 (features refused); 未写入 (nothing written)")
