"""python manage.py monthly_report --month 2026-11 --out DIR: writes 考评-2026-11.html and .xlsx."""

from django.utils.translation import pgettext_lazy

from layers.analytics.monthly import month_bounds, monthly_report
from layers.analytics.monthly_html import render_monthly_html
from layers.exporters.monthly_report import monthly_workbook_bytes

from ._report_files import ReportCommand


class Command(ReportCommand):
    help = "Write the monthly assessment (月度考评) of a month as A4 HTML and an .xlsx workbook."
    period, period_help, file_prefix = "month", "calendar month, e.g. 2026-11", pgettext_lazy("file name", "考评")

    def check_period(self, period):
        month_bounds(period)

    def build(self, period):
        report = monthly_report(period)
        return report, render_monthly_html(report), monthly_workbook_bytes(report), report["month"]

    def summary(self, report):
        state = "" if report["complete"] else "（本月尚未结束 / month not complete）"
        return f"{report['month']}{state}: {report['totals']['n']} 件 / complaints"
