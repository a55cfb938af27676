"""Printable report pages: /reports/weekly/<ISO week>/ (A4 HTML) and its .xlsx download."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from layers.analytics.report_html import render_html
from layers.analytics.reports import iso_week_window, weekly_report
from layers.exporters.weekly_report import workbook_bytes
from layers.permissions import may_view_analytics

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request, week: str) -> dict:
    if not may_view_analytics(request.user):
        raise PermissionDenied("周报仅限街道领导、科室、规划和管理人员查看 / reports are for sub-district staff")
    try:
        iso_week_window(week)
    except ValueError as error:
        raise Http404(str(error)) from error
    return weekly_report(week)


@login_required
@require_GET
def weekly_report_page(request, week: str):
    report = _report(request, week)
    xlsx_url = reverse("map_ui:weekly-report-xlsx", args=[report["week"]])
    return HttpResponse(render_html(report, xlsx_url=xlsx_url))


@login_required
@require_GET
def weekly_report_xlsx(request, week: str):
    report = _report(request, week)
    response = HttpResponse(workbook_bytes(report), content_type=XLSX)
    # RFC 6266/5987: the Chinese file name for browsers that read filename*, ASCII for the rest.
    response["Content-Disposition"] = (
        f"attachment; filename=weekly-report-{report['week']}.xlsx; "
        f"filename*=UTF-8''%E5%91%A8%E6%8A%A5-{report['week']}.xlsx"
    )
    return response


urlpatterns = [
    path("weekly/<str:week>/", weekly_report_page, name="weekly-report"),
    path("weekly/<str:week>/xlsx/", weekly_report_xlsx, name="weekly-report-xlsx"),
]
