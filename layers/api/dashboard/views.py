"""/api/dashboard/…: the leaders' dashboard figures for one filter (params.Filters), scoped by role."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from layers.analytics.db import without_jit
from layers.api.analytics import params
from layers.api.dashboard import figures, heat, hotspots, unit
from layers.api.dashboard.selection import SeesDashboard


class HotspotFilters(params.Filters):
    level = serializers.ChoiceField(choices=list(hotspots.HOTSPOT_LEVELS), default="grid-cells")


class HeatFilters(params.Filters):
    bandwidth = serializers.FloatField(default=200.0, min_value=20, max_value=5000, help_text="米 metres")


class UnitFilters(params.Filters):
    level = serializers.ChoiceField(choices=list(unit.UNIT_LEVELS))
    code = serializers.CharField()


class DashboardView(APIView):
    permission_classes = [IsAuthenticated, SeesDashboard]
    query_class = params.Filters

    def query(self, request) -> dict:
        q = self.query_class(data=request.query_params)
        q.is_valid(raise_exception=True)
        return q.validated_data

    def answer(self, compute, *args) -> Response:
        # A district's window crosses PostgreSQL's JIT threshold: compiling then costs more than the query.
        with without_jit():
            return Response(compute(*args))


class SummaryView(DashboardView):
    @extend_schema(parameters=[params.Filters], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """Cards: volume and change against the previous window, open and overdue cases, 三率."""
        return self.answer(figures.summary, request.user, self.query(request))


class CommunitiesView(DashboardView):
    @extend_schema(parameters=[params.Filters], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """Choropleth: every community with its count, rate per 1,000 households and 三率 score."""
        return self.answer(lambda *a: {"rows": figures.communities(*a)}, request.user, self.query(request))


class HotspotsView(DashboardView):
    query_class = HotspotFilters

    @extend_schema(parameters=[HotspotFilters], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """Gi* (queen, FDR) on grid cells or estates: the significant units as GeoJSON, counts per class."""
        q = self.query(request)
        return self.answer(hotspots.hotspots, request.user, q, q["level"])


class HeatView(DashboardView):
    query_class = HeatFilters

    @extend_schema(parameters=[HeatFilters], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """Kernel density (quartic) of the filtered complaints as a PNG image with its bounds."""
        q = self.query(request)
        return self.answer(heat.heat_image, request.user, q, q["bandwidth"])


class UnitView(DashboardView):
    query_class = UnitFilters

    @extend_schema(parameters=[UnitFilters], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """A grid cell's or estate's newest cases (masked per role) and weekly counts."""
        q = self.query(request)
        return self.answer(unit.unit_detail, request.user, q, q["level"], q["code"])
