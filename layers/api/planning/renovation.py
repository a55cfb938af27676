"""/api/planning/estates/ (ranking as GeoJSON), …/estates/export/ (a selection as gpkg or xlsx) and
/api/planning/before-after/ (renovated estates, before vs after the works).

Who: leaders, planners, department staff, community cadres, agencies and admins. The figures are
counts per estate, with no personal data; grid workers plan from their own cells (patrols), not
from the sub-district's renovation ranking, so they get 403.
"""

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.http import FileResponse
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from layers.api.export.negotiation import FirstRenderer
from layers.api.openapi import binary
from layers.api.planning import schema
from layers.exporters import renovation as files
from layers.moments import EXPECTED, FIRST_DAY, LAST_DAY, in_range
from layers.permissions import may_use_planning_api
from layers.selectors.planning import before_after, before_after_totals, estate_records, scores_with_evidence

DEFAULT_DAYS = 365
# The evidence holds one rate per estate and month of the period: a period of centuries cost minutes
# of a worker (found by the fuzz run, tests/layers/api/test_api_fuzz.py). Five years cover any plan.
MAX_DAYS = 5 * 366


class ViewsRenovationPlanning(BasePermission):
    message = "改造规划不对网格员开放 / renovation planning is for sub-district, community and agency staff"

    def has_permission(self, request, view):
        return may_use_planning_api(request.user)


def _day(**kwargs) -> serializers.DateField:
    return serializers.DateField(required=False, help_text=f"YYYY-MM-DD（含 / included）, {FIRST_DAY}..{LAST_DAY}")


class Period(serializers.Serializer):
    """start and end dates, both included; default: the 365 days up to today; at most MAX_DAYS."""

    start = _day()
    end = _day()

    def validate(self, attrs):
        for name in ("start", "end"):
            if name in attrs and not in_range(attrs[name]):
                raise serializers.ValidationError({name: EXPECTED})
        end = attrs.get("end") or timezone.localdate()
        start = attrs.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if end < start:
            raise serializers.ValidationError({"end": f"end {end} 早于 start {start} / end must not be before start"})
        if (end - start).days >= MAX_DAYS:
            raise serializers.ValidationError({"start": f"时间段最长 {MAX_DAYS} 天 / at most {MAX_DAYS} days"})
        return {**attrs, "start": start, "end": end}


class ExportQuery(Period):
    codes = serializers.CharField(required=False, help_text="小区编码，逗号分隔 / estate codes, comma-separated")
    format = serializers.ChoiceField(choices=["gpkg", "xlsx"])


class PlanningView(APIView):
    permission_classes = [IsAuthenticated, ViewsRenovationPlanning]
    http_method_names = ["get", "head", "options"]
    # JSON whatever ?format= says: on the export it names the file format, not DRF's renderer.
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRenderer

    @staticmethod
    def valid(serializer_class, request) -> dict:
        query = serializer_class(data=request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data


class EstatesView(PlanningView):
    @extend_schema(parameters=[Period], responses=schema.Estates)
    def get(self, request):
        """Every estate ranked for renovation over the period, with every component of its score."""
        q = self.valid(Period, request)
        records = estate_records(scores_with_evidence(q["start"], q["end"]))
        return Response(files.feature_collection(records, q["start"], q["end"]))


def _selected(records: list[dict], codes: str | None) -> list[dict]:
    if not codes:
        return records
    wanted = list(dict.fromkeys(c.strip() for c in codes.split(",") if c.strip()))
    known = {r["code"] for r in records}
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise serializers.ValidationError({"codes": f"未知小区编码 unknown estate codes: {', '.join(unknown)}"})
    chosen = set(wanted)
    return [r for r in records if r["code"] in chosen]


class EstatesExportView(PlanningView):
    @extend_schema(
        parameters=[ExportQuery],
        responses=binary(
            (files.GPKG.media_type, files.XLSX_MEDIA_TYPE), "GeoPackage 或 xlsx（附件）/ as an attachment"
        ),
    )
    def get(self, request):
        """The selected estates (all when codes is absent) as a GeoPackage or an xlsx workbook."""
        q = self.valid(ExportQuery, request)
        records = _selected(estate_records(scores_with_evidence(q["start"], q["end"])), q.get("codes"))
        name = f"renovation_{q['start']:%Y%m%d}_{q['end']:%Y%m%d}.{q['format']}"
        folder = Path(tempfile.mkdtemp(prefix="renovation-"))
        try:
            if q["format"] == "gpkg":
                written, media_type = files.write_gpkg(folder / name, records), files.GPKG.media_type
            else:
                written, media_type = files.write_xlsx(folder / name, records), files.XLSX_MEDIA_TYPE
            handle = written.open("rb")
        finally:
            # The open handle keeps the file readable after its directory is gone (POSIX).
            shutil.rmtree(folder, ignore_errors=True)
        response = FileResponse(handle, as_attachment=True, filename=name, content_type=media_type)
        response["X-Feature-Count"] = str(len(records))
        return response


class BeforeAfterView(PlanningView):
    @extend_schema(
        parameters=[OpenApiParameter("category", {"type": "array", "items": {"type": "string"}}, explode=True)],
        responses=schema.BeforeAfter,
    )
    def get(self, request):
        """Renovated estates: complaints per 100 households per year before and after the works, per
        category (infrastructure categories unless category= is given, repeatable), with the change
        and the p-value of the conditional binomial test; adjusted_change_pct / adjusted_p_value are
        the same beside the control (estates never worked on, layers/planning/before_after.py);
        "totals" takes the categories together."""
        codes = request.query_params.getlist("category") or None
        try:
            results, totals = before_after(codes), before_after_totals(codes)
        except ValueError as error:
            raise serializers.ValidationError({"category": [str(error)]}) from None
        return Response({"results": [_dated(r) for r in results], "totals": [_dated(r) for r in totals]})


def _dated(row: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}


urlpatterns = [
    path("estates/", EstatesView.as_view(), name="planning-estates"),
    path("estates/export/", EstatesExportView.as_view(), name="planning-estates-export"),
    path("before-after/", BeforeAfterView.as_view(), name="planning-before-after"),
]
