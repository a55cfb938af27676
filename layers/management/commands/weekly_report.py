"""python manage.py weekly_report --week 2026-W47 --out DIR: writes 周报-2026-W47.html and .xlsx."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from layers.analytics.report_html import render_html
from layers.analytics.reports import iso_week_window, weekly_report
from layers.exporters.weekly_report import workbook_bytes


class Command(BaseCommand):
    help = "Write the weekly report (周报) of an ISO week as A4 HTML and an .xlsx workbook."

    def add_arguments(self, parser):
        parser.add_argument("--week", required=True, help="ISO week, e.g. 2026-W47")
        parser.add_argument("--out", required=True, help="directory to write into (created if missing)")

    def handle(self, *args, week, out, **options):
        try:
            iso_week_window(week)
        except ValueError as error:
            raise CommandError(str(error)) from error
        out_dir = Path(out)
        if out_dir.exists() and not out_dir.is_dir():
            raise CommandError(f"--out {out} exists and is not a directory")
        report = weekly_report(week)
        html = render_html(report)
        xlsx = workbook_bytes(report)
        out_dir.mkdir(parents=True, exist_ok=True)
        html_path = out_dir / f"周报-{report['week']}.html"
        xlsx_path = out_dir / f"周报-{report['week']}.xlsx"
        html_path.write_text(html, encoding="utf-8")
        xlsx_path.write_bytes(xlsx)
        self.stdout.write(f"{report['week']}: {report['totals']['count']} 件 / complaints -> {html_path}, {xlsx_path}")
