"""Check that every case's event trail is coherent (layers/validation/trails.py); exit 1 on problems.

Meant for a periodic run (a systemd timer or cron: geo_gov/deploy/) as well as by hand.
"""

import json
import sys
from collections import Counter
from dataclasses import asdict

from django.core.management.base import BaseCommand

from layers.validation.trails import KINDS, trail_problems


class Command(BaseCommand):
    help = "检查每个诉求的流转记录是否连贯 (check every case's event trail); exit 1 on problems"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="机器可读输出 (print machine-readable JSON)")
        parser.add_argument("--show", type=int, default=20, help="每类最多列出几条 (cases listed per kind)")

    def handle(self, *args, **options):
        problems = trail_problems()
        if options["json"]:
            self.stdout.write(json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(self._text(problems, options["show"])))
        if problems:
            sys.exit(1)

    def _text(self, problems, show: int) -> list[str]:
        counts = Counter(p.kind for p in problems)
        lines = ["流转记录检查 (event trail check)"]
        for kind, label in KINDS.items():
            lines.append(f"{label}: {counts[kind] or '通过 (ok)'}")
            for p in [p for p in problems if p.kind == kind][:show]:
                event = f" 记录 (event) #{p.event_id}" if p.event_id else ""
                lines.append(f"  诉求 (case) #{p.complaint_id} {p.ticket_no or ''}{event}: {p.detail}")
            if counts[kind] > show:
                lines.append(f"  … 另有 {counts[kind] - show} 条 (and {counts[kind] - show} more)")
        cases = len({p.complaint_id for p in problems})
        lines.append(f"合计 (total): {len(problems)} 个问题 (problems), {cases} 个诉求 (cases)")
        return lines
