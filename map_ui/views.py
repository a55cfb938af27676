from dataclasses import asdict

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import get_script_prefix
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from map_ui.dashboard import (
    CARDS,
    default_window,
    filter_choices,
    first_load_urls,
    planner_link,
    weekly_report_link,
)
from map_ui.maps import build_map, render_map
from map_ui.script_labels import dashboard_labels


def _user_summary(user):
    profile = getattr(user, "staff", None)
    if profile is None:
        return {"name": user.get_username(), "role": _("未设置角色")}
    return {"name": profile.display_name or user.get_username(), "role": profile.get_role_display()}


@login_required
def map_page(request):
    rendered = render_map(*build_map())
    # The layer API is another app's; its paths are the agreed contract, under our script prefix.
    api = get_script_prefix() + "api/"
    config = {
        "mapVariable": rendered.map_variable,
        "layersUrl": api + "layers/",
        "locateUrl": api + "locate/",
        "dashboardUrl": api + "dashboard/",
        "topicsUrl": api + "topics/",
        "topicPageUrl": get_script_prefix() + "topics/",
        "tileLayers": [asdict(ref) for ref in rendered.tile_layers],
        "defaultWindow": default_window(),
        # The scripts' strings (map_ui.script_labels) until they read the JavaScript catalogue.
        "labels": dashboard_labels(),
    }
    context = {
        "map": rendered,
        "map_config": config,
        "filters": filter_choices(),
        "window": config["defaultWindow"],
        "report_link": weekly_report_link(request.user),
        "planner_link": planner_link(request.user),
        "cards": CARDS,
        "user_summary": _user_summary(request.user),
        "preloads": first_load_urls(config["dashboardUrl"], config["defaultWindow"]),
    }
    return render(request, "map_ui/map.html", context)


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers and monitoring: the app answers and reaches its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})
