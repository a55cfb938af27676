"""The dashboard's answers in the OpenAPI schema (figures.py, hotspots.py, heat.py and unit.py build
them as plain dicts; these classes only describe them)."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from layers.analytics.hotspots import CLASS_LABELS
from layers.api.analytics.schema import Sanlv
from layers.api.cases.schema import ComplaintOut
from layers.api.geojson_schema import CollectionType, feature

from .hotspots import HOTSPOT_LEVELS
from .unit import UNIT_LEVELS

NOT_MODIFIED = OpenApiResponse(description="If-None-Match 与 ETag 相同：浏览器已有此答案 / the browser has this answer")


class Summary(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    count = serializers.IntegerField()
    previous = serializers.IntegerField(help_text="the window of the same length before")
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    change_pct = serializers.FloatField(allow_null=True)
    sanlv = Sanlv()
    min_sample = serializers.IntegerField()


class CommunityRow(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    households = serializers.IntegerField(allow_null=True)
    count = serializers.IntegerField()
    per_1000_households = serializers.FloatField(allow_null=True)
    sanlv_n = serializers.IntegerField()
    composite = serializers.FloatField(allow_null=True, help_text="null under the minimum sample")
    response_rate = serializers.FloatField(allow_null=True)
    resolution_rate = serializers.FloatField(allow_null=True)
    satisfaction_rate = serializers.FloatField(allow_null=True)


class Communities(serializers.Serializer):
    rows = CommunityRow(many=True)


class SignificantUnit(serializers.Serializer):
    count = serializers.IntegerField()
    gi_z = serializers.FloatField()
    gi_p_fdr = serializers.FloatField()

    def get_fields(self):
        return {**super().get_fields(), "class": serializers.ChoiceField(choices=list(CLASS_LABELS))}


class DashboardHotspots(serializers.Serializer):
    """The significant units only (the code is the feature's id), with the count of units per class."""

    type = CollectionType()
    level = serializers.ChoiceField(choices=list(HOTSPOT_LEVELS))
    units = serializers.IntegerField()
    classes = serializers.DictField(child=serializers.IntegerField(), help_text="class → units")
    features = feature("SignificantUnitFeature", SignificantUnit)(many=True)


class Heat(serializers.Serializer):
    points = serializers.IntegerField()
    bandwidth_m = serializers.FloatField()
    max_per_km2 = serializers.FloatField()
    cell_m = serializers.FloatField(required=False, help_text="when there is an image")
    bounds = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        allow_null=True,
        help_text="[[south, west], [north, east]]",
    )
    image = serializers.CharField(allow_null=True, help_text="data:image/png;base64,…")


class Week(serializers.Serializer):
    week = serializers.DateField(help_text="Monday")
    count = serializers.IntegerField()


class Unit(serializers.Serializer):
    level = serializers.ChoiceField(choices=list(UNIT_LEVELS))
    code = serializers.CharField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    cases = ComplaintOut(many=True, help_text="the newest 20")
    weekly = Week(many=True)
