"""Server side of the leaders' dashboard page: filter choices, the default window, the week's report.

The figures themselves come from /api/dashboard/ (layers/api/dashboard/), fetched by
static/map_ui/dashboard/*.js with the filters chosen here.
"""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from layers.models import Category, Complaint, SishiType
from layers.permissions import may_plan, may_view_analytics
from map_ui.dashboard_i18n import DASHBOARD_LABELS
from map_ui.i18n import language_of

# The default window: the last four weeks up to today, as /api/stats/ defaults to.
DEFAULT_DAYS = 28
CARDS = ("volume", "change", "open", "overdue", "response", "resolution", "satisfaction", "composite")


def dashboard_labels(language_code: str | None) -> dict:
    return DASHBOARD_LABELS[language_of(language_code)]


def filter_choices() -> dict:
    """(value, label) lists for the filter form; labels in Chinese as stored (the data's own words)."""
    return {
        "category": list(Category.objects.order_by("code").values_list("code", "name")),
        "sishi_type": list(SishiType.choices),
        "channel": list(Complaint.Channel.choices),
        "status": list(Complaint.Status.choices),
    }


def default_window(today=None) -> dict:
    """First and last day (inclusive) of the default window, as the date inputs show them."""
    today = today or timezone.localdate()
    return {"start": (today - timedelta(days=DEFAULT_DAYS - 1)).isoformat(), "end": today.isoformat()}


# The figures dashboard/*.js asks for on a first load, with their extra parameters (hub.js api()).
FIRST_LOAD = (("summary/", ""), ("communities/", ""), ("heat/", ""), ("hotspots/", "&level=grid-cells"))


def first_load_urls(dashboard_url: str, window: dict) -> list[str]:
    """The default view's figure requests, exactly as the page's scripts will build them, so the
    browser can start them while it still parses the page (<link rel=preload>) and the scripts'
    fetches reuse those answers: the server's work starts ~0.3 s earlier, before the scripts have run.
    The exclusive end is the day after the inclusive end date (dashboard.js filterParams)."""
    end = (date.fromisoformat(window["end"]) + timedelta(days=1)).isoformat()
    query = urlencode({"start": window["start"], "end": end})
    return [f"{dashboard_url}{path}?{query}{extra}" for path, extra in FIRST_LOAD]


def weekly_report_link(user, labels: dict, today=None) -> dict | None:
    """This ISO week's 周报 for the roles that may read it; None for the others."""
    if not may_view_analytics(user):
        return None
    year, week, _ = (today or timezone.localdate()).isocalendar()
    code = f"{year}-W{week:02d}"
    return {"url": reverse("map_ui:weekly-report", args=[code]), "text": labels["weekly_report"].format(week=code)}


def planner_link(user, labels: dict) -> dict | None:
    """The planners' pages for the roles that may open them (the same rule as /planner/ itself)."""
    if not may_plan(user):
        return None
    return {"url": reverse("map_ui:planner"), "text": labels["planner_pages"]}
