"""Server side of the leaders' dashboard page: filter choices, the default window, the week's report.

The figures themselves come from /api/dashboard/ (layers/api/dashboard/), fetched by
static/map_ui/dashboard/*.js with the filters chosen here.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from layers.analytics.access import may_view_analytics
from layers.models import Category, Complaint, SishiType
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


def weekly_report_link(user, labels: dict, today=None) -> dict | None:
    """This ISO week's 周报 for the roles that may read it; None for the others."""
    if not may_view_analytics(user):
        return None
    year, week, _ = (today or timezone.localdate()).isocalendar()
    code = f"{year}-W{week:02d}"
    return {"url": reverse("map_ui:weekly-report", args=[code]), "text": labels["weekly_report"].format(week=code)}
