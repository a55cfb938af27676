"""The weekly report as one self-contained A4 HTML page (map_ui's template, our SVG map)."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from layers.analytics.rates import policy
from layers.analytics.report_map import hotspot_svg


def render_html(report: dict, xlsx_url: str = "") -> str:
    """HTML of the report dict from reports.weekly_report; xlsx_url adds a download link (screen only)."""
    pol = policy()
    context = {
        "report": report,
        "xlsx_url": xlsx_url,
        "grid_map": hotspot_svg(
            "grid-cells",
            report["hotspots"]["grid_cells"]["classes"],
            title=_("%(week)s 网格热点") % {"week": report["week"]},
        ),
        "rankings": [
            (_("社区排名"), report["rankings"]["community"], "rank-communities"),
            (_("科室排名"), report["rankings"]["department"], "rank-departments"),
        ],
        "policy": {"weights": pol.weights, "min_sample": pol.min_sample},
    }
    # The template lives with the other pages (map_ui); only its name is shared, not code.
    return render_to_string("map_ui/weekly_report.html", context)
