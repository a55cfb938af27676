"""Server side of the leaders' dashboard page: filter choices, the default window, the week's report.

The figures themselves come from /api/dashboard/ (layers/api/dashboard/), fetched by
static/map_ui/dashboard/*.js with the filters chosen here.
"""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layers.i18n import localized
from layers.models import Category, Complaint, SishiType
from layers.permissions import may_export, may_plan, may_view_analytics

# The default window: the last four weeks up to today, as /api/stats/ defaults to.
DEFAULT_DAYS = 28
# (key the scripts fill, label)
CARDS = (
    ("volume", gettext_lazy("诉求量")),
    ("change", gettext_lazy("较上一周期")),
    ("open", gettext_lazy("在办")),
    ("overdue", gettext_lazy("超期")),
    ("response", gettext_lazy("响应率")),
    ("resolution", gettext_lazy("解决率")),
    ("satisfaction", gettext_lazy("满意率")),
    ("composite", gettext_lazy("三率综合得分")),
)


def filter_choices() -> list[tuple[str, str, list]]:
    """(field, label, [(value, label), ...]) for the filter form, in the reader's language."""
    categories = Category.objects.order_by("code").values_list("code", "name", "name_en")
    return [
        ("category", _("诉求分类"), [(code, localized(name, name_en)) for code, name, name_en in categories]),
        ("sishi_type", _("四事四办类型"), list(SishiType.choices)),
        ("channel", _("来源渠道"), list(Complaint.Channel.choices)),
        ("status", _("办理状态"), list(Complaint.Status.choices)),
    ]


def default_window(today=None) -> dict:
    """First and last day (inclusive) of the default window, as the date inputs show them."""
    today = today or timezone.localdate()
    return {"start": (today - timedelta(days=DEFAULT_DAYS - 1)).isoformat(), "end": today.isoformat()}


# The figures dashboard/*.js asks for on a first load, with their extra parameters (hub.js api()).
FIRST_LOAD = (("summary/", ""), ("communities/", ""), ("heat/", ""), ("hotspots/", "&level=grid-cells"))


def first_load_urls(dashboard_url: str, window: dict, start_layers: dict | None = None) -> list[str]:
    """The default view's figure requests, exactly as the page's scripts will build them, so the
    browser can start them while it still parses the page (<link rel=preload>) and the scripts'
    fetches reuse those answers: the server's work starts ~0.3 s earlier, before the scripts have run.
    The exclusive end is the day after the inclusive end date (dashboard.js filterParams).
    With start_layers (map_ui.start_view), the heat and hotspot figures only when a first view shows them."""
    end = (date.fromisoformat(window["end"]) + timedelta(days=1)).isoformat()
    query = urlencode({"start": window["start"], "end": end})
    loads = FIRST_LOAD
    if start_layers is not None:
        # The cards and the choropleth always load; heat and hotspots only for a role that starts with them.
        shown = {"summary", "communities", *(key for keys in start_layers.values() for key in keys)}
        loads = [(path, extra) for path, extra in FIRST_LOAD if path.rstrip("/") in shown]
    return [f"{dashboard_url}{path}?{query}{extra}" for path, extra in loads]


def weekly_report_link(user, today=None) -> dict | None:
    """The latest complete ISO week's 周报 for the roles that may read it; None for the others.
    The week running now is never the default: its figures would compare a few days with a whole week."""
    if not may_view_analytics(user):
        return None
    # A week ends at Monday 00:00, so on any day the week before this one is the latest complete one.
    year, week, _weekday = ((today or timezone.localdate()) - timedelta(days=7)).isocalendar()
    code = f"{year}-W{week:02d}"
    return {"url": reverse("map_ui:weekly-report", args=[code]), "text": _("上周周报（%(week)s）") % {"week": code}}


def planner_link(user) -> dict | None:
    """The planners' pages for the roles that may open them (the same rule as /planner/ itself)."""
    if not may_plan(user):
        return None
    return {"url": reverse("map_ui:planner"), "text": _("老旧小区改造规划与巡查")}


def exports_link(user) -> dict | None:
    """The exports page (map_ui/exports.py) for the roles /api/export/ serves; None for the others."""
    if not may_export(user):
        return None
    return {"url": reverse("map_ui:exports"), "text": _("数据导出与接口")}
