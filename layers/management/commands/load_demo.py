"""python manage.py load_demo: the demo layers from shapefiles/wulidian plus demo accounts.

Idempotent: layers are upserted by code through the same import core as import_layer, so a
second run reports every feature unchanged.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from layers.demo.accounts import ensure_demo_accounts
from layers.importers.layer_import import LayerImport
from layers.importers.reading import FileProblem

DEMO_DIR = settings.BASE_DIR / "shapefiles" / "wulidian"
# Parents before children: communities need the sub-district, estates their community ...
ORDER = ["subdistrict", "communities", "housing-projects", "buildings", "military-zones", "grid-cells"]


class Command(BaseCommand):
    help = "加载演示图层和演示账号 (load the demo layers and demo accounts)"

    def add_arguments(self, parser):
        parser.add_argument("--dir", dest="directory", default=str(DEMO_DIR))

    def handle(self, *args, directory, **options):
        for layer in ORDER:
            path = f"{directory}/{layer.replace('-', '_')}.shp"
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
        self.stdout.write("\n演示账号 (demo accounts; change these passwords before anyone else can reach the server):")
        for account in ensure_demo_accounts():
            self.stdout.write(f"  {account.display_name:<16} 用户名 {account.username:<12} 密码 {account.password}")
