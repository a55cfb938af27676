"""python manage.py weekly_report --week 2026-W47 --out DIR: writes 周报-2026-W47.html and .xlsx."""

from django.utils.translation import pgettext_lazy

from layers.analytics.report_html import render_html
from layers.analytics.reports import report_window, weekly_report
from layers.exporters.weekly_report import workbook_bytes

from ._report_files import ReportCommand


class Command(ReportCommand):
    help = "Write the weekly report (周报) of an ISO week as A4 HTML and an .xlsx workbook."
    period, period_help, file_prefix = "week", "ISO week, e.g. 2026-W47", pgettext_lazy("file name", "周报")

    def check_period(self, period):
        report_window(period)

    def build(self, period):
        report = weekly_report(period)
        return report, render_html(report), workbook_bytes(report), report["week"]

    def summary(self, report):
        return f"{report['week']}: {report['totals']['count']} 件 / complaints"
