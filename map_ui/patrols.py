"""/planner/patrols/: the day's patrol routes, printable on A4 — per worker a small map (inline SVG)
and the ordered stop list. Reads the same plans as /api/planning/patrols/ (one selector)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from layers.permissions import may_plan
from layers.planning import patrols
from layers.planning.patrols import reason_in
from layers.selectors.patrol_maps import worker_cell_paths
from layers.selectors.patrol_scope import UnknownWorker, community_workers, visible_communities, workers_for
from layers.selectors.planning_patrols import patrol_plans, window_days
from map_ui.account import user_summary
from map_ui.patrol_i18n import patrol_labels
from map_ui.patrol_svg import patrol_svg


def _row(stop, t: dict, order: int | None = None) -> dict:
    return {
        "order": order,
        "stop": stop,
        "kind": t["kinds"][stop.kind],
        "reason": reason_in(stop.reason, t["html_lang"]),
    }


def _section(plan, paths: list[str], t: dict) -> dict:
    title = t["map_title"].format(name=plan.worker_name, count=len(plan.stops))
    return {
        "plan": plan,
        "svg": patrol_svg(plan, paths, title),
        "stops": [_row(s, t, i) for i, s in enumerate(plan.stops, start=1)],
        "dropped": [_row(s, t) for s in plan.dropped],
    }


def _method(t: dict) -> str:
    return t["method"].format(
        days=window_days(),
        speed=settings.PATROL_WALK_SPEED_M_PER_MIN,
        per_stop=settings.PATROL_MINUTES_PER_STOP,
        budget=settings.PATROL_BUDGET_MINUTES,
    )


@login_required
@require_GET
def patrol_page(request):
    """Printable routes of the day (?date=YYYY-MM-DD, default today; ?community=code and ?worker=username
    narrow it)."""
    t = patrol_labels(request.LANGUAGE_CODE)
    context = {"t": t, "method": _method(t), "user_summary": user_summary(request.user, request.LANGUAGE_CODE)}
    # Grid workers print their own route here but may not open the planners' pages.
    context["may_plan"] = may_plan(request.user)
    value = request.GET.get("date") or timezone.localdate().isoformat()
    context["date"] = value
    try:
        day = patrols.parse_day(value)
    except ValueError as error:
        context["error"] = t["bad_date"].format(error=error)
        return render(request, "map_ui/patrols.html", context, status=400)
    try:
        workers = workers_for(request.user, request.GET.get("worker") or None)
    except UnknownWorker as error:
        context["error"] = str(error)
        return render(request, "map_ui/patrols.html", context, status=400)
    # One community at a time: the whole sub-district is hundreds of pages of print.
    context["communities"] = visible_communities(request.user)
    community = context["community"] = request.GET.get("community") or ""
    if community:
        chosen = set(community_workers(request.user, community))
        workers = sorted(chosen if workers is None else chosen & set(workers))
    plans = [] if workers == [] else patrol_plans(day, workers)
    paths = worker_cell_paths([p.worker for p in plans])
    context["sections"] = [_section(plan, paths.get(plan.worker, []), t) for plan in plans]
    return render(request, "map_ui/patrols.html", context)
