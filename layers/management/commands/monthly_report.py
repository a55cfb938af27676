"""python manage.py monthly_report --month 2026-11 --out DIR: writes 考评-2026-11.html and .xlsx."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from layers.analytics.monthly import month_bounds, monthly_report
from layers.analytics.monthly_html import render_monthly_html
from layers.analytics.monthly_xlsx import monthly_workbook_bytes


class Command(BaseCommand):
    help = "Write the monthly assessment (月度考评) of a month as A4 HTML and an .xlsx workbook."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="calendar month, e.g. 2026-11")
        parser.add_argument("--out", required=True, help="directory to write into (created if missing)")

    def handle(self, *args, month, out, **options):
        try:
            month_bounds(month)
        except ValueError as error:
            raise CommandError(str(error)) from error
        out_dir = Path(out)
        if out_dir.exists() and not out_dir.is_dir():
            raise CommandError(f"--out {out} exists and is not a directory")
        report = monthly_report(month)
        html = render_monthly_html(report)
        xlsx = monthly_workbook_bytes(report)
        out_dir.mkdir(parents=True, exist_ok=True)
        html_path = out_dir / f"考评-{report['month']}.html"
        xlsx_path = out_dir / f"考评-{report['month']}.xlsx"
        html_path.write_text(html, encoding="utf-8")
        xlsx_path.write_bytes(xlsx)
        state = "" if report["complete"] else "（本月尚未结束 / month not complete）"
        self.stdout.write(
            f"{report['month']}{state}: {report['totals']['n']} 件 / complaints -> {html_path}, {xlsx_path}"
        )
