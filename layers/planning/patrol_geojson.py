"""Patrol plans as GeoJSON (WGS84) and as table rows: the one shape the API, the command, the
printable page and the mobile page all read. Pure: plans in, plain data out."""

from collections.abc import Sequence

from layers.planning.patrols import WorkerPlan

ROUTE, STOP = "route", "stop"
# Column order of the xlsx sheet and of the stops layer; labels Chinese first.
TABLE_COLUMNS = (
    ("worker", "网格员账号 / worker"),
    ("worker_name", "网格员 / worker name"),
    ("community", "社区 / community"),
    ("date", "日期 / date"),
    ("order", "顺序 / order"),
    ("stop_kind", "类型 / kind"),
    ("code", "编码 / code"),
    ("name", "名称 / name"),
    ("reason", "原因 / reason"),
    ("visits_per_week", "每周次数 / visits per week"),
)
KIND_LABELS = {"cell": "网格 / cell", "estate": "小区 / estate"}
DROPPED = "超出时间预算，未安排 / over the time budget, not scheduled"


def route_coordinates(plan: WorkerPlan, closed: bool = True) -> list[list[float]]:
    """The walk in WGS84: start, every stop in order, and (closed) back to the start."""
    start = [round(plan.start_lonlat[0], 7), round(plan.start_lonlat[1], 7)]
    points = [start, *([round(s.lon, 7), round(s.lat, 7)] for s in plan.stops)]
    return points + [start] if closed and plan.stops else points


def route_feature(plan: WorkerPlan) -> dict:
    """One worker's route: a LineString (null geometry on a day without stops)."""
    coordinates = route_coordinates(plan)
    return {
        "type": "Feature",
        "id": f"route-{plan.worker}",
        "geometry": {"type": "LineString", "coordinates": coordinates} if len(coordinates) > 1 else None,
        "properties": {
            "kind": ROUTE,
            "worker": plan.worker,
            "worker_name": plan.worker_name,
            "community": plan.community_name,
            "date": plan.day.isoformat(),
            "length_m": plan.length_m,
            "minutes": plan.minutes,
            "stops": len(plan.stops),
            "start": [round(plan.start_lonlat[0], 7), round(plan.start_lonlat[1], 7)],
            "dropped": [{"code": s.code, "name": s.name, "reason": s.reason} for s in plan.dropped],
        },
    }


def stop_features(plan: WorkerPlan) -> list[dict]:
    return [
        {
            "type": "Feature",
            "id": f"stop-{plan.worker}-{order}",
            "geometry": {"type": "Point", "coordinates": [round(s.lon, 7), round(s.lat, 7)]},
            "properties": {
                "kind": STOP,
                "worker": plan.worker,
                "order": order,
                "stop_kind": s.kind,
                "code": s.code,
                "name": s.name,
                "reason": s.reason,
                "visits_per_week": s.visits_per_week,
            },
        }
        for order, s in enumerate(plan.stops, start=1)
    ]


def feature_collection(plans: Sequence[WorkerPlan]) -> dict:
    """Per worker one route feature, then its stops in walking order."""
    features = []
    for plan in plans:
        features.append(route_feature(plan))
        features.extend(stop_features(plan))
    return {"type": "FeatureCollection", "features": features}


def table_rows(plans: Sequence[WorkerPlan]) -> list[dict]:
    """One row per stop (walking order), then the worker's dropped stops with no order number."""
    rows = []
    for plan in plans:
        base = {"worker": plan.worker, "worker_name": plan.worker_name, "community": plan.community_name}
        base["date"] = plan.day.isoformat()
        for order, s in enumerate(plan.stops, start=1):
            rows.append({**base, **_stop_row(s), "order": order, "reason": s.reason})
        for s in plan.dropped:
            rows.append({**base, **_stop_row(s), "order": None, "reason": f"{DROPPED}：{s.reason}"})
    return rows


def _stop_row(stop) -> dict:
    return {
        "stop_kind": KIND_LABELS[stop.kind],
        "code": stop.code,
        "name": stop.name,
        "visits_per_week": stop.visits_per_week,
    }
