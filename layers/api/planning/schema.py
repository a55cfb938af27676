"""The planning answers in the OpenAPI schema: the renovation ranking, its packages, before/after and
the patrol routes (built as plain dicts by layers.planning and layers.exporters.renovation)."""

from rest_framework import serializers

from layers.api.analytics.schema import CHANGES
from layers.api.geojson_schema import CollectionType, FeatureType, Geometry, feature_collection
from layers.models import HousingProject
from layers.planning.patrol_geojson import KIND_LABELS
from layers.planning.scoring import COMPONENTS


def _components():
    return type("ScoreComponents", (serializers.Serializer,), {name: serializers.FloatField() for name in COMPONENTS})


class EstateRecord(serializers.Serializer):
    rank = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    community = serializers.CharField(allow_null=True)
    community_code = serializers.CharField(allow_null=True)
    households = serializers.IntegerField(allow_null=True)
    ownership = serializers.ChoiceField(choices=HousingProject.Ownership.choices)
    ownership_label = serializers.CharField()
    owner_units = serializers.IntegerField(help_text="产权单位数 / owner units")
    property_company = serializers.CharField(allow_blank=True)
    build_year = serializers.IntegerField(allow_null=True)
    renovation = serializers.ChoiceField(choices=HousingProject.Renovation.choices)
    renovation_label = serializers.CharField()
    renovated = serializers.BooleanField()
    renovation_start = serializers.DateField(allow_null=True)
    renovation_end = serializers.DateField(allow_null=True)
    is_old_estate = serializers.BooleanField()
    is_military_property = serializers.BooleanField()
    score = serializers.FloatField()
    infra_count = serializers.IntegerField()
    infra_per_100 = serializers.FloatField()
    repeat_count = serializers.IntegerField()
    unresolved_count = serializers.IntegerField()
    components = _components()()


Estates = feature_collection(
    "RenovationRanking",
    EstateRecord,
    start=serializers.DateField(),
    end=serializers.DateField(),
    component_labels=serializers.DictField(child=serializers.CharField()),
)


class PackageProperties(serializers.Serializer):
    rank = serializers.IntegerField()
    estate_codes = serializers.ListField(child=serializers.CharField())
    estate_names = serializers.ListField(child=serializers.CharField())
    households = serializers.IntegerField()
    infra_count = serializers.IntegerField()
    infra_share = serializers.FloatField()
    score = serializers.FloatField()


Packages = feature_collection(
    "RenovationPackages",
    PackageProperties,
    id_type="integer",
    start=serializers.DateField(),
    end=serializers.DateField(),
    max_distance_m=serializers.FloatField(),
    max_estates=serializers.IntegerField(),
    max_households=serializers.IntegerField(),
)


class BeforeAfterRow(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    households = serializers.IntegerField(allow_null=True)
    renovation_start = serializers.DateField(allow_null=True)
    renovation_end = serializers.DateField()
    category = serializers.CharField(help_text="codes joined by + in totals")
    category_name = serializers.CharField()
    before_count = serializers.IntegerField()
    after_count = serializers.IntegerField()
    before_days = serializers.FloatField()
    after_days = serializers.FloatField()
    before_per_100_per_year = serializers.FloatField(allow_null=True)
    after_per_100_per_year = serializers.FloatField(allow_null=True)
    change_pct = serializers.FloatField(allow_null=True)
    p_value = serializers.FloatField()
    significant = serializers.BooleanField()
    direction = serializers.ChoiceField(choices=CHANGES)
    control_before_count = serializers.IntegerField()
    control_after_count = serializers.IntegerField()
    adjusted_change_pct = serializers.FloatField(allow_null=True)
    adjusted_p_value = serializers.FloatField(allow_null=True)
    adjusted_significant = serializers.BooleanField(allow_null=True)


class BeforeAfter(serializers.Serializer):
    results = BeforeAfterRow(many=True)
    totals = BeforeAfterRow(many=True)


class Dropped(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    reason = serializers.CharField()


class PatrolProperties(serializers.Serializer):
    """A route (kind "route": the worker's walk, null geometry on a day without stops) or one of
    its stops (kind "stop", a Point, in walking order); the fields of the other kind are absent."""

    kind = serializers.ChoiceField(choices=["route", "stop"])
    worker = serializers.CharField()
    worker_name = serializers.CharField(required=False)
    community = serializers.CharField(required=False, allow_null=True)
    date = serializers.DateField(required=False)
    length_m = serializers.FloatField(required=False)
    minutes = serializers.FloatField(required=False)
    stops = serializers.IntegerField(required=False)
    start = serializers.ListField(child=serializers.FloatField(), required=False, help_text="[lon, lat]")
    dropped = Dropped(many=True, required=False)
    order = serializers.IntegerField(required=False)
    stop_kind = serializers.ChoiceField(choices=list(KIND_LABELS), required=False)
    code = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    reason = serializers.CharField(required=False)
    visits_per_week = serializers.FloatField(required=False)


class PatrolFeature(serializers.Serializer):
    type = FeatureType()
    id = serializers.CharField(help_text="route-<worker> or stop-<worker>-<order>")
    geometry = Geometry(allow_null=True)
    properties = PatrolProperties()


class Patrols(serializers.Serializer):
    type = CollectionType()
    features = PatrolFeature(many=True)
