"""Printable report pages: /reports/weekly/<ISO week>/ and /reports/monthly/<YYYY-MM>/ (A4 HTML),
each with its .xlsx download."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from geo_gov.throttling import ReportThrottle, throttle_view
from layers.analytics.monthly import month_bounds, monthly_report
from layers.analytics.monthly_html import render_monthly_html
from layers.analytics.report_html import render_html
from layers.analytics.reports import report_window, weekly_report
from layers.exporters.monthly_report import monthly_workbook_bytes
from layers.exporters.weekly_report import workbook_bytes
from layers.permissions import may_see_all_personal_data, may_view_analytics, may_view_assessment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, ascii_name: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    # RFC 6266/5987: the Chinese file name for browsers that read filename*, ASCII for the rest.
    response["Content-Disposition"] = f"attachment; filename={ascii_name}.xlsx; filename*=UTF-8''{quote(name)}.xlsx"
    return response


def _report(request, week: str) -> dict:
    if not may_view_analytics(request.user):
        raise PermissionDenied(_("周报仅限街道领导、科室、规划和管理人员查看"))
    try:
        report_window(week)
    except ValueError as error:
        raise Http404(str(error)) from error
    return weekly_report(week, whole_text=may_see_all_personal_data(request.user))


@login_required
@require_GET
@throttle_view(ReportThrottle)
def weekly_report_page(request, week: str):
    report = _report(request, week)
    xlsx_url = reverse("map_ui:weekly-report-xlsx", args=[report["week"]])
    return HttpResponse(render_html(report, xlsx_url=xlsx_url))


@login_required
@require_GET
@throttle_view(ReportThrottle)
def weekly_report_xlsx(request, week: str):
    report = _report(request, week)
    return _xlsx(
        workbook_bytes(report), f"weekly-report-{report['week']}", pgettext("file name", "周报") + f"-{report['week']}"
    )


def _monthly(request, month: str) -> dict:
    if not may_view_assessment(request.user):
        raise PermissionDenied(_("月度考评仅限街道领导、科室和管理人员查看"))
    try:
        month_bounds(month)
    except ValueError as error:
        raise Http404(str(error)) from error
    return monthly_report(month)


@login_required
@require_GET
def monthly_report_page(request, month: str):
    report = _monthly(request, month)
    xlsx_url = reverse("map_ui:monthly-report-xlsx", args=[report["month"]])
    return HttpResponse(render_monthly_html(report, xlsx_url=xlsx_url))


@login_required
@require_GET
def monthly_report_xlsx(request, month: str):
    report = _monthly(request, month)
    return _xlsx(
        monthly_workbook_bytes(report),
        f"assessment-{report['month']}",
        pgettext("file name", "考评") + f"-{report['month']}",
    )


urlpatterns = [
    path("weekly/<str:week>/", weekly_report_page, name="weekly-report"),
    path("weekly/<str:week>/xlsx/", weekly_report_xlsx, name="weekly-report-xlsx"),
    path("monthly/<str:month>/", monthly_report_page, name="monthly-report"),
    path("monthly/<str:month>/xlsx/", monthly_report_xlsx, name="monthly-report-xlsx"),
]
