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
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from layers.api.planning import schema
from layers.planning import patrols
from layers.planning.patrol_geojson import feature_collection
from layers.selectors.patrol_scope import UnknownWorker, workers_for
from layers.selectors.planning_patrols import patrol_plans


def parse_day(value: str | None) -> date:
    """The plan date from a query string: YYYY-MM-DD, today when absent; a 400 naming it otherwise."""
    if value is None or value == "":
        return timezone.localdate()
    try:
        return patrols.parse_day(value)
    except ValueError as error:
        raise ValidationError({"date": [str(error)]}) from None


class PatrolsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, description="YYYY-MM-DD；默认今天 / default today"),
            OpenApiParameter("worker", OpenApiTypes.STR, description="网格员账号 / a grid worker's username"),
        ],
        responses=schema.Patrols,
    )
    def get(self, request):
        """Patrol routes of the day: a route LineString and ordered stop Points per worker."""
        day = parse_day(request.query_params.get("date"))
        worker = request.query_params.get("worker") or None
        try:
            workers = workers_for(request.user, worker)
        except UnknownWorker as error:
            raise ValidationError({"worker": [str(error)]}) from None
        plans = [] if workers == [] else patrol_plans(day, workers)
        return Response(feature_collection(plans))


urlpatterns = [path("patrols/", PatrolsView.as_view(), name="planning-patrols")]
