from dataclasses import asdict

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import get_script_prefix
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from map_ui.account import user_summary
from map_ui.dashboard import (
    CARDS,
    dashboard_labels,
    default_window,
    filter_choices,
    first_load_urls,
    planner_link,
    weekly_report_link,
)
from map_ui.i18n import labels_for
from map_ui.maps import build_map, render_map


@login_required
def map_page(request):
    language = request.LANGUAGE_CODE
    labels = {**labels_for(language), "dash": dashboard_labels(language)}
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
        "labels": labels,
    }
    context = {
        "t": labels,
        "d": labels["dash"],
        "map": rendered,
        "map_config": config,
        "choices": filter_choices(),
        "window": config["defaultWindow"],
        "report_link": weekly_report_link(request.user, labels["dash"]),
        "planner_link": planner_link(request.user, labels["dash"]),
        "card_labels": [(key, labels["dash"][f"card_{key}"]) for key in CARDS],
        "user_summary": user_summary(request.user, language),
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
