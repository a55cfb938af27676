"""python manage.py make_demo_layers: regenerate the synthetic 五里店街道 layers as Shapefiles.

The committed files in shapefiles/wulidian are this command's output with the default seed;
load_demo imports them.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from layers.demo.generator import DEFAULT_SEED, write


class Command(BaseCommand):
    help = "生成五里店街道演示图层 (write the synthetic demo layers as UTF-8 Shapefiles, EPSG:4326)"

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(settings.BASE_DIR / "shapefiles" / "wulidian"))
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)

    def handle(self, *args, out, seed, **options):
        for path in write(out, seed):
            self.stdout.write(f"{path}")
