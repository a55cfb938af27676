"""The monthly 考评 as one self-contained A4 HTML page (map_ui's template), from monthly_report's dict."""

from django.template.loader import render_to_string
from django.utils.translation import gettext


def render_monthly_html(report: dict, xlsx_url: str = "") -> str:
    """HTML of the report dict from monthly.monthly_report; xlsx_url adds a download link (screen only)."""
    context = {
        "report": report,
        "xlsx_url": xlsx_url,
        "sections": [
            {
                "unit": unit,
                "title": title,
                "rows": report["units"][unit],
                "listed": report["interview"][unit],
                "listed_keys": {i["key"] for i in report["interview"][unit]},
            }
            for unit, title in (("community", gettext("二、社区考评")), ("department", gettext("三、科室考评")))
        ],
    }
    # The template lives with the other pages (map_ui); only its name is shared, not code.
    return render_to_string("map_ui/monthly_report.html", context)
