"""/api/hotspots/ and /api/stats/…: every number the report and the dashboard show, from the same
functions (layers.analytics), so the pages, the report and the API agree."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_gov.throttling import HotspotThrottle, ReportThrottle
from layers.analytics import aggregation, ledger, rates, reports, surfaces
from layers.analytics.hotspot_map import feature_collection, hotspot_rows
from layers.api.analytics import params, schema
from layers.api.analytics.weekly_schema import WeeklyReport
from layers.permissions import may_see_all_personal_data, may_view_analytics

# An ISO week, 2026-W47 (any case); a week that does not exist (2026-W54) is a 404.
WEEK_PATTERN = r"^\d{4}-[Ww]\d{2}$"


class ViewsAnalytics(BasePermission):
    message = "统计分析仅限街道领导、科室、规划、区级部门和管理人员 / analytics are for sub-district-level roles"

    def has_permission(self, request, view):
        return may_view_analytics(request.user)


class AnalyticsView(APIView):
    permission_classes = [IsAuthenticated, ViewsAnalytics]
    query_class = None

    def query(self, request) -> dict:
        q = self.query_class(data=request.query_params)
        q.is_valid(raise_exception=True)
        return q.validated_data

    @staticmethod
    def window(q: dict) -> tuple:
        return q["start"], q["end"], q.get("category")


class HotspotsView(AnalyticsView):
    query_class = params.HotspotQuery
    throttle_classes = [HotspotThrottle]

    @extend_schema(parameters=[params.HotspotQuery], responses=schema.Hotspots)
    def get(self, request):
        """GeoJSON of a level: count, gi_z, gi_p (two-sided), gi_p_fdr (Benjamini-Hochberg), class, n_neighbours."""
        q = self.query(request)
        rows = hotspot_rows(
            q["level"], *self.window(q), weights=q["weights"], distance=q.get("distance"), geometry=True
        )
        return Response(feature_collection(rows))


class TotalsView(AnalyticsView):
    query_class = params.Window

    @extend_schema(parameters=[params.Window], responses=schema.Change)
    def get(self, request):
        """Total in the window, the previous window, 52 weeks before, and the changes in %."""
        return Response(aggregation.totals(*self.window(self.query(request))))


class CountsView(AnalyticsView):
    query_class = params.CountsQuery

    @extend_schema(parameters=[params.CountsQuery], responses=schema.Counts)
    def get(self, request):
        """Counts per value of a dimension, with previous window and last year."""
        q = self.query(request)
        return Response({"by": q["by"], "rows": aggregation.counts_by(q["by"], *self.window(q))})


class UnitsView(AnalyticsView):
    query_class = params.UnitsQuery

    @extend_schema(parameters=[params.UnitsQuery], responses=schema.Units)
    def get(self, request):
        """Every unit of a level with its count and rate per 1,000 households."""
        q = self.query(request)
        rows = aggregation.unit_counts(q["level"], *self.window(q))
        return Response({"level": q["level"], "rows": [{k: v for k, v in r.items() if k != "id"} for r in rows]})


class DensityView(AnalyticsView):
    query_class = params.DensityQuery

    @extend_schema(parameters=[params.DensityQuery], responses=schema.Density)
    def get(self, request):
        """Kernel density (quartic) of complaint points: [lon, lat, cases per km²] per non-empty cell."""
        q = self.query(request)
        return Response(surfaces.density_cells(*self.window(q), bandwidth=q["bandwidth"], cell=q.get("cell")))


class EmergingView(AnalyticsView):
    query_class = params.EmergingQuery

    @extend_schema(parameters=[params.EmergingQuery], responses=schema.Emerging)
    def get(self, request):
        """Emerging-hotspot class per unit from weekly Gi* and a Mann-Kendall trend."""
        q = self.query(request)
        rows = surfaces.emerging(q["level"], q["end"], q["weeks"], q.get("category"))
        return Response({"level": q["level"], "end": q["end"], "weeks": q["weeks"], "rows": rows})


class RatesView(AnalyticsView):
    query_class = params.RatesQuery

    @extend_schema(parameters=[params.RatesQuery], responses=schema.Rates)
    def get(self, request):
        """三率, composite score and rank per community, grid, department or staff member."""
        q = self.query(request)
        return Response(rates.sanlv(q["unit"], q["start"], q["end"]))


class LedgerView(AnalyticsView):
    query_class = params.LedgerQuery

    @extend_schema(parameters=[params.LedgerQuery], responses=schema.Ledger)
    def get(self, request):
        """Open 挂账 entries with ages, and the 销账 rate."""
        as_of = self.query(request).get("as_of")
        return Response(ledger.ledger(as_of=as_of, whole_text=may_see_all_personal_data(request.user)))


class WeeklyReportView(AnalyticsView):
    throttle_classes = [ReportThrottle]

    @extend_schema(
        parameters=[OpenApiParameter("week", {"type": "string", "pattern": WEEK_PATTERN}, OpenApiParameter.PATH)],
        responses=WeeklyReport,
    )
    def get(self, request, week: str):
        """Every figure of the 周报 of an ISO week (the HTML page and the xlsx render this). A week still running
        is reported as of now (complete false); a week not begun is a 404."""
        try:
            reports.report_window(week)
        except ValueError as error:
            raise NotFound(str(error)) from error
        return Response(reports.weekly_report(week, whole_text=may_see_all_personal_data(request.user)))
