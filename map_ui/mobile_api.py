"""Small read endpoints for the grid workers' mobile page, under /m/api/.

The complaints API (layers/api/cases) carries every write; these answer the two questions the
phone asks before a case is sent: which categories exist, and whether the pin sits so close to
a boundary that the worker should check which cell or estate it belongs to.
"""

import math
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from layers.i18n import localized
from layers.locate import near_boundaries
from layers.models import Category
from layers.permissions import has_role

# A phone's GPS fix in a street between blocks is rarely better than 5-15 m, so a pin closer than
# this to a boundary may well belong to the neighbour. A setting, not a constant, per deployment.
DEFAULT_NEAR_BOUNDARY_M = 15


def staff_json(view):
    """Login and a staff role, answered in JSON: a fetch() must not be redirected to the login page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"detail": "未登录 (not logged in)"}, status=401)
        if not has_role(request.user):
            return JsonResponse({"detail": "未设置角色 (no staff role)"}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def near_boundary_metres() -> float:
    return float(getattr(settings, "MOBILE_NEAR_BOUNDARY_M", DEFAULT_NEAR_BOUNDARY_M))


@require_GET
@staff_json
def categories(request):
    """Every complaint category (a table the sub-district edits), in the reader's language."""
    rows = Category.objects.order_by("code").values("code", "name", "name_en", "parent__code")
    data = [
        {"code": row["code"], "name": localized(row["name"], row["name_en"]), "parent": row["parent__code"]}
        for row in rows
    ]
    return JsonResponse({"categories": data})


def _coordinate(request, name: str, low: float, high: float) -> tuple[float | None, str | None]:
    raw = request.GET.get(name)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None, f"{name}: 应为数值 (expected a number), got {raw!r}"
    if not (math.isfinite(value) and low <= value <= high):
        return None, f"{name}: 应在 {low}…{high} 之间 (expected {low}..{high}), got {raw!r}"
    return value, None


@require_GET
@staff_json
def near_boundary(request):
    """Boundaries of communities, grid cells and estates within N metres of a WGS84 point.

    Distances are measured in EPSG:4548 (settings.METRIC_SRID), the CGCS2000 projection in which
    Beijing measures; `inside` says whether the feature contains the point or is a neighbour.
    """
    lon, lon_error = _coordinate(request, "lon", -180, 180)
    lat, lat_error = _coordinate(request, "lat", -90, 90)
    if lon_error or lat_error:
        errors = {key: message for key, message in (("lon", lon_error), ("lat", lat_error)) if message}
        return JsonResponse({"errors": errors}, status=400)
    metres = near_boundary_metres()
    near = near_boundaries(lon, lat, metres, settings.METRIC_SRID)
    return JsonResponse({"threshold_m": metres, "point": {"lon": lon, "lat": lat}, "near": near})
