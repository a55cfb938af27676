"""/api/dashboard/…: the leaders' dashboard figures for one filter (params.Filters), scoped by role.

The figures are gzip'd (GeoJSON shrinks ~5x; they carry no CSRF token or secret beside text an
attacker could inject, so BREACH does not apply) and cached per process with an ETag (cache.py): a
browser that has the answer revalidates it for the price of one primary-key look-up.
"""

from django.utils.decorators import method_decorator
from django.views.decorators.gzip import gzip_page
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_gov.throttling import HotspotThrottle
from layers.analytics import rates
from layers.analytics.db import without_jit
from layers.api.analytics import params
from layers.api.dashboard import figures, heat, hotspots, schema, unit
from layers.api.dashboard.cache import answer_key, conditional
from layers.api.dashboard.selection import SeesDashboard
from layers.api.openapi import detail


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

    def cached_answer(self, request, q: dict, compute, *args):
        """compute(*args) through the per-process cache, with an ETag; 304 when the browser has it."""
        key = answer_key(f"{type(self).__name__} {rates.policy()}", q, request.user)
        return conditional(request, key, lambda: self.answer(compute, *args).data)


@method_decorator(gzip_page, name="dispatch")
class SummaryView(DashboardView):
    @extend_schema(parameters=[params.Filters], responses={200: schema.Summary, 304: schema.NOT_MODIFIED})
    def get(self, request):
        """Cards: volume and change against the previous window, open and overdue cases, 三率."""
        q = self.query(request)
        return self.cached_answer(request, q, figures.summary, request.user, q)


@method_decorator(gzip_page, name="dispatch")
class CommunitiesView(DashboardView):
    @extend_schema(parameters=[params.Filters], responses={200: schema.Communities, 304: schema.NOT_MODIFIED})
    def get(self, request):
        """Choropleth: every community with its count, rate per 1,000 households and 三率 score."""
        q = self.query(request)
        return self.cached_answer(request, q, lambda *a: {"rows": figures.communities(*a)}, request.user, q)


@method_decorator(gzip_page, name="dispatch")
class HotspotsView(DashboardView):
    query_class = HotspotFilters
    throttle_classes = [HotspotThrottle]

    @extend_schema(parameters=[HotspotFilters], responses={200: schema.DashboardHotspots, 304: schema.NOT_MODIFIED})
    def get(self, request):
        """Gi* (queen, FDR) on grid cells or estates: the significant units as GeoJSON, counts per class."""
        q = self.query(request)
        return self.cached_answer(request, q, hotspots.hotspots, request.user, q, q["level"])


@method_decorator(gzip_page, name="dispatch")
class HeatView(DashboardView):
    query_class = HeatFilters

    @extend_schema(parameters=[HeatFilters], responses={200: schema.Heat, 304: schema.NOT_MODIFIED})
    def get(self, request):
        """Kernel density (quartic) of the filtered complaints as a PNG image with its bounds."""
        q = self.query(request)
        return self.cached_answer(request, q, heat.heat_image, request.user, q, q["bandwidth"])


class UnitView(DashboardView):
    query_class = UnitFilters

    @extend_schema(
        parameters=[UnitFilters],
        responses={200: schema.Unit, 404: detail("无此网格或小区，或不在您的范围 / no such unit, or not yours")},
    )
    def get(self, request):
        """A grid cell's or estate's newest cases (masked per role) and weekly counts."""
        q = self.query(request)
        return self.answer(unit.unit_detail, request.user, q, q["level"], q["code"])
