"""The planners' pages under /planner/: renovation ranking, packages and before/after.

Each page is a shell (folium map from map_ui.maps, table, forms) whose script reads the planning
API (layers/api/planning/); the pages compute nothing themselves. A page whose API is not mounted
is left out of the navigation and answers 404, rather than showing an empty or made-up table.
"""

from dataclasses import asdict
from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from layers.i18n import english_active
from layers.models import Category
from layers.permissions import may_plan
from map_ui.account import user_summary
from map_ui.maps import build_map, render_map
from map_ui.start_view import subdistrict_bounds

# (page key, this page's URL name, the API URL names it needs)
PAGES = [
    ("ranking", "map_ui:planner", ("planning-estates",)),
    ("packages", "map_ui:planner-packages", ("planning-packages",)),
    ("before_after", "map_ui:planner-before-after", ("planning-before-after",)),
]
PAGE_TITLES = {
    "ranking": gettext_lazy("改造候选排名"),
    "packages": gettext_lazy("成片改造包"),
    "before_after": gettext_lazy("改造前后对比"),
    "patrols": gettext_lazy("巡查路线"),
}
# Score components in the order the table shows them; keys are settings.RENOVATION_WEIGHTS'.
COMPONENTS = {
    "infra_rate": gettext_lazy("每百户诉求"),
    "trend": gettext_lazy("趋势"),
    "repeat": gettext_lazy("回头件"),
    "unresolved": gettext_lazy("未办结"),
    "age": gettext_lazy("房龄"),
    "ownership": gettext_lazy("产权复杂"),
    "no_management": gettext_lazy("物业缺位"),
}


def api_url(name: str) -> str | None:
    """The path of a URL name (a planning API, the patrols page), or None while it is not mounted."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(current: str) -> list[dict]:
    """Links to the planner pages whose APIs are mounted, then the patrols page when it exists."""
    items = [
        {"key": key, "label": PAGE_TITLES[key], "url": reverse(url_name), "current": key == current}
        for key, url_name, apis in PAGES
        if all(api_url(name) for name in apis)
    ]
    # The patrols page is another engineer's (map_ui/patrol_urls.py): linked once it is mounted.
    patrols = api_url("map_ui:planner-patrols")
    if patrols:
        items.append({"key": "patrols", "label": PAGE_TITLES["patrols"], "url": patrols, "current": False})
    return items


def _parse_period(query) -> tuple[date, date, str | None]:
    """The period asked for (?start=&end=), or this year to date with the name of the bad field."""
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today
    for field in ("start", "end"):
        text = query.get(field)
        if not text:
            continue
        try:
            value = date.fromisoformat(text)
        except ValueError:
            return date(today.year, 1, 1), today, field
        start, end = (value, end) if field == "start" else (start, value)
    if start > end:
        return date(today.year, 1, 1), today, "start"
    return start, end, None


def _page(request, key: str, template: str, config: dict, *, with_map: bool = True, extra: dict | None = None):
    if not may_plan(request.user):
        raise PermissionDenied(_("规划页面仅限规划人员、街道领导、社区干部和管理员"))
    _key, _url_name, apis = next(page for page in PAGES if page[0] == key)
    if not all(api_url(name) for name in apis):
        raise Http404(_("该页面所需的接口尚未提供"))
    context = {
        "page_title": PAGE_TITLES[key],
        "nav": navigation(key),
        "map_url": reverse("map_ui:dashboard"),
        "user_summary": user_summary(request.user),
        **(extra or {}),
    }
    config = dict(config)
    if with_map:
        rendered = render_map(*build_map())
        context["map"] = rendered
        config.update(
            mapVariable=rendered.map_variable,
            tileLayers=[asdict(ref) for ref in rendered.tile_layers],
            communitiesUrl=api_url("layer-communities-list"),
            startBounds=subdistrict_bounds(),
        )
    context["config"] = config
    return render(request, template, context)


def _category_names() -> dict:
    """code -> English name in English mode, for the before/after page's script (its API names
    categories in Chinese); empty in Chinese mode, where the API's names are the right ones."""
    if english_active():
        return dict(Category.objects.exclude(name_en="").values_list("code", "name_en"))
    return {}


def _period_context(request) -> dict:
    start, end, bad_field = _parse_period(request.GET)
    return {"start": start.isoformat(), "end": end.isoformat(), "badField": bad_field}


@login_required
@require_GET
def ranking_page(request):
    """Estates ranked by score with every component, the map coloured by score, export of a selection."""
    period = _period_context(request)
    weights = settings.RENOVATION_WEIGHTS
    config = {
        **period,
        "estatesUrl": api_url("planning-estates"),
        "exportUrl": api_url("planning-estates-export"),
        "components": list(COMPONENTS),
        "weights": {name: weights.get(name, 0) for name in COMPONENTS},
    }
    weight_items = [(label, config["weights"][name]) for name, label in COMPONENTS.items()]
    extra = {"weight_items": weight_items, "components": COMPONENTS}
    return _page(request, "ranking", "map_ui/planner.html", config, extra=extra)


@login_required
@require_GET
def packages_page(request):
    """Renovation packages on the map and in a list, with the distance and caps adjustable."""
    period = _period_context(request)
    config = {
        **period,
        "packagesUrl": api_url("planning-packages"),
        "maxDistanceM": _number(request.GET, "max_distance_m", settings.RENOVATION_PACKAGE_MAX_DISTANCE_M),
        "maxEstates": _number(request.GET, "max_estates", settings.RENOVATION_PACKAGE_MAX_ESTATES, whole=True),
        "maxHouseholds": _number(request.GET, "max_households", settings.RENOVATION_PACKAGE_MAX_HOUSEHOLDS, whole=True),
    }
    return _page(request, "packages", "map_ui/planner_packages.html", config)


@login_required
@require_GET
def before_after_page(request):
    """Renovated estates: complaint density per category before and after the works."""
    config = {
        "beforeAfterUrl": api_url("planning-before-after"),
        "estatesUrl": api_url("layer-housing-projects-list"),
        # Data, not the page's words: English category names (the category table holds Chinese only).
        "categoryNames": _category_names(),
    }
    return _page(request, "before_after", "map_ui/planner_before_after.html", config)


def _number(query, field: str, default, *, whole: bool = False):
    # Only a starting value for the form: the API validates what is finally asked for.
    text = query.get(field, "")
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        return default
    return value if value > 0 else default
