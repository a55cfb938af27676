"""python manage.py load_demo_complaints [--seed N] [--volume F]: one year of synthetic complaints for the demo.

Run after load_demo (it needs the demo layers and accounts). Idempotent: a second run adds nothing.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from layers.demo.complaint_load import load_demo_complaints
from layers.demo.complaints import DEFAULT_SEED, END, START


class Command(BaseCommand):
    help = "加载一年的演示诉求 (load one year of synthetic demo complaints)"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--volume", type=float, default=1.0, help="案量比例 (share of the real volume; 1.0 = ~2,000 a month)"
        )

    def handle(self, *args, seed, volume, **options):
        started = time.perf_counter()
        try:
            result = load_demo_complaints(seed, volume)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"演示诉求 (demo complaints) {START}..{END}: 生成 {result.generated}, 新增 {result.created}, "
            f"已存在 {result.existing}; 流转记录 (events) {result.events}; 关联 (related links) {result.links}; "
            f"{time.perf_counter() - started:.1f} s"
        )
        if result.seconds:
            self.stdout.write("  " + ", ".join(f"{phase} {seconds} s" for phase, seconds in result.seconds.items()))
