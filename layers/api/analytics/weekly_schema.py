"""The 周报 of /api/stats/weekly/{week}/ in the OpenAPI schema (layers/analytics/reports.py builds it)."""

from rest_framework import serializers

from layers.analytics.hotspots import CLASS_LABELS
from layers.models import Complaint

from .schema import CHANGES, Change, CountRow, Rates, WindowLedger


class NamedCount(CountRow):
    name = serializers.CharField()


class HotWord(serializers.Serializer):
    word = serializers.CharField()
    count = serializers.IntegerField()


class HotUnit(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    gi_z = serializers.FloatField()
    gi_p_fdr = serializers.FloatField()
    class_label = serializers.CharField()

    def get_fields(self):
        return {**super().get_fields(), "class": serializers.ChoiceField(choices=list(CLASS_LABELS))}


class HotSection(serializers.Serializer):
    top = HotUnit(many=True)
    n_hot = serializers.IntegerField()
    n_cold = serializers.IntegerField()
    n_units = serializers.IntegerField()
    classes = serializers.DictField(child=serializers.ChoiceField(choices=list(CLASS_LABELS)), help_text="code → class")


class ReportHotspots(serializers.Serializer):
    grid_cells = HotSection()
    housing_projects = HotSection()


class OverdueCase(serializers.Serializer):
    id = serializers.IntegerField()
    ticket_no = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_blank=True, help_text="the first 60 characters")
    category__name = serializers.CharField()
    community__name = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=Complaint.Status.choices)
    status_label = serializers.CharField()
    due_at = serializers.DateTimeField()
    days_overdue = serializers.IntegerField()


class Outstanding(serializers.Serializer):
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    overdue_cases = OverdueCase(many=True)


class Rankings(serializers.Serializer):
    community = Rates()
    department = Rates()


class TackledCommunity(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    before_per_week = serializers.FloatField()
    after_per_week = serializers.FloatField()
    before_per_1000 = serializers.FloatField(allow_null=True)
    after_per_1000 = serializers.FloatField(allow_null=True)


class Tackled(serializers.Serializer):
    """A problem class tackled as a group (settings.ANALYTICS_TACKLED), before and after."""

    category = serializers.CharField()
    label = serializers.CharField()
    since = serializers.DateField()
    before_per_week = serializers.FloatField()
    after_per_week = serializers.FloatField()
    change_pct = serializers.FloatField(allow_null=True)
    communities = TackledCommunity(many=True)


class TackledTopic(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    categories = serializers.ListField(child=serializers.CharField())
    pivot = serializers.DateTimeField()
    pivot_source = serializers.ChoiceField(choices=["action_done", "first_meeting", "opened"])
    before = serializers.IntegerField()
    after = serializers.IntegerField()
    after_days = serializers.FloatField()
    before_per_week = serializers.FloatField()
    after_per_week = serializers.FloatField()
    change_pct = serializers.FloatField(allow_null=True)
    p_value = serializers.FloatField()
    significant = serializers.BooleanField()
    change = serializers.ChoiceField(choices=CHANGES)


class WeeklyReport(serializers.Serializer):
    week = serializers.CharField(help_text="2026-W47")
    subdistrict = serializers.CharField()
    start = serializers.DateTimeField(help_text="Monday 00:00 (Beijing time)")
    end = serializers.DateTimeField(help_text="the end of the counted window: week_end, or as_of while the week runs")
    week_end = serializers.DateTimeField(help_text="the next Monday 00:00, whether or not it has come")
    as_of = serializers.DateTimeField(help_text="when the figures were taken: week_end, or now while the week runs")
    complete = serializers.BooleanField(
        help_text="false while the week runs: its counts cover Monday up to as_of and are compared with the same "
        "hours of the week before and of the year before"
    )
    last_day = serializers.DateField(help_text="the week's Sunday")
    totals = Change()
    categories = NamedCount(many=True)
    channels = NamedCount(many=True)
    sishi_types = NamedCount(many=True)
    hot_words = HotWord(many=True)
    hotspots = ReportHotspots()
    outstanding = Outstanding()
    ledger = WindowLedger()
    rankings = Rankings()
    tackled = Tackled(many=True)
    tackled_topics = TackledTopic(many=True)
