"""python manage.py load_demo_complaints [--seed N] [--volume F]: the demo year's synthetic complaints.

Run after load_demo: it needs the demo layers, accounts and holidays, and the demo year load_demo
set (ending the day it ran). Idempotent: a second run adds nothing.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from layers.demo.complaint_load import load_demo_complaints
from layers.demo.complaints import DEFAULT_SEED
from layers.demo.desk import desk_today


class Command(BaseCommand):
    help = "加载演示年的诉求 (load the demo year's synthetic complaints)"

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
        span = result.span
        if result.other_year:
            self.stdout.write(
                "数据库中已有另一演示年的诉求，不追加 (demo cases of another demo year are stored: nothing added; "
                "for a demo ending today use a fresh database, see README)"
            )
            return
        self.stdout.write(
            f"演示诉求 (demo complaints) {span.start}..{span.end}: 生成 {result.generated}, 新增 {result.created}, "
            f"已存在 {result.existing}; 流转记录 (events) {result.events}; 回访记录 (call-backs) {result.callbacks}; "
            f"关联 (related links) {result.links}; 回头件 (repeats) {result.repeats}; 待核定 (in review) "
            f"{result.reviews}; {time.perf_counter() - started:.1f} s"
        )
        if result.seconds:
            self.stdout.write("  " + ", ".join(f"{phase} {seconds} s" for phase, seconds in result.seconds.items()))
        self.stdout.write("  " + desk_today(span.as_of).line())
