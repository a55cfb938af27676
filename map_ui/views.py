import logging
import time
from dataclasses import asdict

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from geo_gov.db_unavailable import discard_broken_connections
from map_ui.account import user_summary
from map_ui.dashboard import (
    CARDS,
    default_window,
    exports_link,
    filter_choices,
    first_load_urls,
    planner_link,
    weekly_report_link,
)
from map_ui.home import home_url
from map_ui.maps import build_map, render_map
from map_ui.start_view import start_config

logger = logging.getLogger(__name__)
# "the database system is starting up" (or shutting down, or not yet accepting connections).
_CANNOT_CONNECT_NOW = "57P03"


@login_required
def home(request):
    """`/`: the dashboard for the office roles, a redirect to their own page for the others (map_ui/home.py)."""
    target = home_url(request.user)
    if target:
        return redirect(target)
    return map_page(request)


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
        **start_config(request.user),
    }
    context = {
        "map": rendered,
        "map_config": config,
        "filters": filter_choices(),
        "window": config["defaultWindow"],
        "report_link": weekly_report_link(request.user),
        "planner_link": planner_link(request.user),
        "exports_link": exports_link(request.user),
        "cards": CARDS,
        "user_summary": user_summary(request.user),
        "preloads": first_load_urls(config["dashboardUrl"], config["defaultWindow"], config["startLayers"]),
    }
    return render(request, "map_ui/map.html", context)


def _database_state() -> dict:
    """The database as this worker reaches it: "ok", "recovering" (starting up after a crash, or a
    standby: reads only) or "unavailable"; never the error text (this answer is public)."""
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            (in_recovery,) = cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("healthz: database unavailable: %r", exc)
        discard_broken_connections()
        starting = getattr(exc.__cause__, "sqlstate", None) == _CANNOT_CONNECT_NOW
        return {"database": False, "database_state": "recovering" if starting else "unavailable"}
    elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    return {"database": True, "database_state": "recovering" if in_recovery else "ok", "database_ms": elapsed_ms}


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers and monitoring: the app answers and reaches its database.
    503 with Retry-After while the database cannot take writes."""
    state = _database_state()
    if state["database_state"] != "ok":
        response = JsonResponse({"status": "error", **state}, status=503)
        response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", **state})
