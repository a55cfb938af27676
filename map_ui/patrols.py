"""/planner/patrols/: the day's patrol routes, printable on A4 — per worker a small map (inline SVG)
and the ordered stop list. Reads the same plans as /api/planning/patrols/ (one selector)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from layers.i18n import english_active
from layers.permissions import may_plan
from layers.planning import patrols
from layers.planning.patrols import reason_in
from layers.selectors.patrol_maps import worker_cell_paths
from layers.selectors.patrol_scope import UnknownWorker, community_workers, visible_communities, workers_for
from layers.selectors.planning_patrols import patrol_plans, window_days
from map_ui.account import user_summary
from map_ui.patrol_svg import patrol_svg

STOP_KINDS = {"cell": gettext_lazy("热点网格"), "estate": gettext_lazy("重点小区")}


def _row(stop, order: int | None = None) -> dict:
    return {
        "order": order,
        "stop": stop,
        "kind": STOP_KINDS[stop.kind],
        # Reasons come from planning as "中文 / English".
        "reason": reason_in(stop.reason, "en" if english_active() else "zh-Hans"),
    }


def _section(plan, paths: list[str]) -> dict:
    title = _("%(name)s的巡查路线，%(count)s个站点") % {"name": plan.worker_name, "count": len(plan.stops)}
    return {
        "plan": plan,
        "svg": patrol_svg(plan, paths, title),
        "stops": [_row(s, i) for i, s in enumerate(plan.stops, start=1)],
        "dropped": [_row(s) for s in plan.dropped],
    }


def _method() -> str:
    text = _(
        "巡查频次按近%(days)s天的热点强度（Gi*，FDR校正）：99%%置信每天，95%%每周3次，90%%每周1次；"
        "有超期未办结诉求的小区每周3次，回头件≥2件的小区每周1次。路线为直线距离下的短巡回路线"
        "（暂无道路图层），步行%(speed)s米/分钟、每站%(per_stop)s分钟，总用时不超过%(budget)s分钟，"
        "超出时按优先级从低到高删去站点。"
    )
    return text % {
        "days": window_days(),
        "speed": f"{settings.PATROL_WALK_SPEED_M_PER_MIN:g}",
        "per_stop": f"{settings.PATROL_MINUTES_PER_STOP:g}",
        "budget": f"{settings.PATROL_BUDGET_MINUTES:g}",
    }


@login_required
@require_GET
def patrol_page(request):
    """Printable routes of the day (?date=YYYY-MM-DD, default today; ?community=code and ?worker=username
    narrow it)."""
    context = {"method": _method(), "user_summary": user_summary(request.user)}
    # Grid workers print their own route here but may not open the planners' pages.
    context["may_plan"] = may_plan(request.user)
    value = request.GET.get("date") or timezone.localdate().isoformat()
    context["date"] = value
    try:
        day = patrols.parse_day(value)
    except ValueError as error:
        context["error"] = _("日期有误：%(error)s") % {"error": error}
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
    context["sections"] = [_section(plan, paths.get(plan.worker, [])) for plan in plans]
    return render(request, "map_ui/patrols.html", context)
