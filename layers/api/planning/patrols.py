"""GET /api/planning/patrols/?date=YYYY-MM-DD[&worker=username]: the day's patrol routes as GeoJSON.

Per worker one LineString feature (kind "route") and its stops as Points (kind "stop"), WGS84
(layers/planning/patrol_geojson.py). date defaults to today (Beijing time): the mobile page asks for
"today" without knowing the phone's clock is right. Who sees which plans: layers/selectors/patrol_scope.py.
"""

from datetime import date

from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from layers.models import GridCell, Role
from layers.planning.patrol_geojson import feature_collection
from layers.scoping import role_of
from layers.selectors.patrol_scope import sees_everyone, visible_workers
from layers.selectors.planning_patrols import patrol_plans


def parse_day(value: str | None) -> date:
    """The plan date from a query string: YYYY-MM-DD, today when absent; a 400 naming it otherwise."""
    if value is None or value == "":
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            {"date": [f"应为日期 YYYY-MM-DD（如 2026-11-27） / expected a date YYYY-MM-DD, got {value!r}"]}
        ) from None


def workers_for(user, worker: str | None) -> list[str] | None:
    """The usernames whose plans to build for user (None: everyone), or a 400/403 that says why."""
    if role_of(user) is None:
        raise PermissionDenied("未设置角色 / no staff role")
    if worker is not None:
        if not GridCell.objects.filter(grid_worker__username=worker).exists():
            raise ValidationError({"worker": [f"没有名为 {worker!r} 且分配了网格的网格员 / no grid worker {worker!r}"]})
        if worker not in visible_workers(user):
            raise PermissionDenied("只能查看本人负责范围内的巡查计划 / you may not see this worker's plan")
        return [worker]
    if role_of(user) == Role.GRID_WORKER:
        return [user.get_username()]
    return None if sees_everyone(user) else sorted(visible_workers(user))


class PatrolsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("date", OpenApiTypes.STR, description="YYYY-MM-DD；默认今天 / default today"),
            OpenApiParameter("worker", OpenApiTypes.STR, description="网格员账号 / a grid worker's username"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        """Patrol routes of the day: a route LineString and ordered stop Points per worker."""
        day = parse_day(request.query_params.get("date"))
        worker = request.query_params.get("worker") or None
        workers = workers_for(request.user, worker)
        plans = [] if workers == [] else patrol_plans(day, workers)
        return Response(feature_collection(plans))


urlpatterns = [path("patrols/", PatrolsView.as_view(), name="planning-patrols")]
