"""The answers of /api/hotspots/ and /api/stats/… in the OpenAPI schema (layers.analytics builds them
as plain dicts; these classes only describe them). Shared with the dashboard's schema."""

from rest_framework import serializers

from layers.analytics.emerging import EMERGING_LABELS
from layers.analytics.hotspots import CLASS_LABELS
from layers.analytics.levels import DIMENSIONS, LEVELS
from layers.analytics.rates import UNITS
from layers.api.geojson_schema import feature_collection

# Direction of a before/after change (layers.analytics.topic_outcome, layers.planning.before_after).
CHANGES = ["decrease", "increase", "none"]
RATE = {"allow_null": True, "help_text": "% (null: no case to judge)"}


def _choice(choices, **kwargs):
    return serializers.ChoiceField(choices=list(choices), **kwargs)


class Change(serializers.Serializer):
    count = serializers.IntegerField()
    previous = serializers.IntegerField(
        help_text="the window of the same length before (the weekly report: a week before, same hours while it runs)"
    )
    last_year = serializers.IntegerField(help_text="the same window 52 weeks before")
    change_pct = serializers.FloatField(allow_null=True)
    yoy_pct = serializers.FloatField(allow_null=True)


class CountRow(Change):
    key = serializers.CharField()


class Counts(serializers.Serializer):
    by = _choice(DIMENSIONS)
    rows = CountRow(many=True)


class UnitRow(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    households = serializers.IntegerField(allow_null=True)
    count = serializers.IntegerField()
    per_1000_households = serializers.FloatField(allow_null=True)


class Units(serializers.Serializer):
    level = _choice(LEVELS)
    rows = UnitRow(many=True)


class Density(serializers.Serializer):
    bandwidth_m = serializers.FloatField()
    cell_m = serializers.FloatField(allow_null=True)
    points = serializers.IntegerField()
    cells = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=3, max_length=3),
        help_text="[lon, lat, cases per km²] per non-empty cell",
    )


class EmergingRow(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    weekly = serializers.ListField(child=serializers.IntegerField())
    # "class" is a keyword: the field is named in the serializer's fields below.
    class_label = serializers.CharField()

    def get_fields(self):
        return {**super().get_fields(), "class": _choice(EMERGING_LABELS)}


class Emerging(serializers.Serializer):
    level = _choice(LEVELS)
    end = serializers.DateTimeField()
    weeks = serializers.IntegerField()
    rows = EmergingRow(many=True)


class SanlvCounts(serializers.Serializer):
    n = serializers.IntegerField()
    responded = serializers.IntegerField()
    resolved = serializers.IntegerField()
    finished = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    basic = serializers.IntegerField()
    rated = serializers.IntegerField()


class Sanlv(SanlvCounts):
    response_rate = serializers.FloatField(**RATE)
    resolution_rate = serializers.FloatField(**RATE)
    satisfaction_rate = serializers.FloatField(**RATE)
    composite = serializers.FloatField(allow_null=True)


class RateRow(Sanlv):
    key = serializers.CharField()
    name = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True, help_text="null under the minimum sample")


class RatePolicy(serializers.Serializer):
    weights = serializers.DictField(child=serializers.FloatField())
    min_sample = serializers.IntegerField()
    response_hours = serializers.DictField(child=serializers.FloatField())


class Rates(serializers.Serializer):
    unit = _choice(UNITS)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    as_of = serializers.DateTimeField()
    rows = RateRow(many=True)
    policy = RatePolicy()


class LedgerEntry(serializers.Serializer):
    id = serializers.IntegerField()
    ticket_no = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_blank=True)
    category__name = serializers.CharField()
    community__name = serializers.CharField(allow_null=True)
    ledger_at = serializers.DateTimeField()
    ledger_owner = serializers.CharField(allow_blank=True)
    ledger_target_date = serializers.DateField(allow_null=True)
    age_days = serializers.IntegerField()
    target_passed = serializers.BooleanField()


class Ledger(serializers.Serializer):
    as_of = serializers.DateTimeField()
    total = serializers.IntegerField()
    open = serializers.IntegerField()
    cleared = serializers.IntegerField()
    clear_rate = serializers.FloatField(**RATE)
    past_target = serializers.IntegerField()
    mean_open_age = serializers.CharField(allow_null=True, help_text="seconds")
    oldest_open_age = serializers.CharField(allow_null=True, help_text="seconds")
    entries = LedgerEntry(many=True)


class WindowLedger(Ledger):
    added = serializers.IntegerField()
    cleared_in_window = serializers.IntegerField()


class HotspotProperties(UnitRow):
    gi_z = serializers.FloatField()
    gi_p = serializers.FloatField(help_text="two-sided")
    gi_p_fdr = serializers.FloatField(help_text="Benjamini-Hochberg")
    class_label = serializers.CharField()
    n_neighbours = serializers.IntegerField()

    def get_fields(self):
        return {**super().get_fields(), "class": _choice(CLASS_LABELS)}


Hotspots = feature_collection("Hotspots", HotspotProperties)
