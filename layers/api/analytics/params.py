"""Query parameters of the analytics API, validated with messages that name the parameter."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from layers.analytics.hotspot_map import WEIGHTS
from layers.analytics.levels import DIMENSIONS, LEVELS
from layers.analytics.rates import UNITS, month_window
from layers.api.openapi import DATE_OR_DATETIME, comma_list_schema
from layers.models import Complaint, SishiType
from layers.moments import local_moment


def _local(value) -> datetime:
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return datetime.combine(value, time.min, tzinfo=timezone.get_default_timezone())


@extend_schema_field(DATE_OR_DATETIME)
class DateOrDateTime(serializers.Field):
    """2026-11-16 (local midnight) or an ISO datetime; naive times are Beijing time."""

    def to_internal_value(self, data):
        try:
            value = datetime.fromisoformat(data) if "T" in str(data) else date.fromisoformat(str(data))
        except ValueError:
            raise serializers.ValidationError(
                f"应为日期 2026-11-16 或 ISO 时间 / expected a date or ISO datetime, got {data!r}"
            ) from None
        try:
            return local_moment(value if isinstance(value, datetime) else datetime.combine(value, time.min))
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


class Window(serializers.Serializer):
    """start (inclusive) and end (exclusive); default: the last 28 days up to today's end."""

    start = DateOrDateTime(required=False)
    end = DateOrDateTime(required=False)
    category = serializers.CharField(required=False, allow_blank=False, help_text="分类编码 category code")

    def validate(self, attrs):
        end = attrs.get("end") or _local(timezone.localdate() + timedelta(days=1))
        start = attrs.get("start") or end - timedelta(days=28)
        if start >= end:
            raise serializers.ValidationError({"end": "end 必须晚于 start / end must be after start"})
        if end - start > timedelta(days=732):
            raise serializers.ValidationError({"end": "时间窗最长两年 / the window may span at most two years"})
        return {**attrs, "start": start, "end": end}


class CommaChoices(serializers.Field):
    """Comma-separated values meaning "any of" (status=received,dispatched), each one of `choices`."""

    def __init__(self, choices, **kwargs):
        self.allowed = list(choices)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        values = [value.strip() for value in str(data).split(",") if value.strip()]
        bad = [value for value in values if value not in self.allowed]
        if bad or not values:
            raise serializers.ValidationError(
                f"未知取值 (unknown value) {data!r}; 可选 (expected one of) {', '.join(self.allowed)}"
            )
        return values


class CommaChoicesScheme(OpenApiSerializerFieldExtension):
    """In the schema: an array of the choices, written comma-separated (layers/api/openapi.py)."""

    target_class = CommaChoices

    def map_serializer_field(self, auto_schema, direction):
        return comma_list_schema(self.target.allowed)


class Filters(Window):
    """The dashboard's filters: the window and category, plus 四事四办 type, channel and status."""

    sishi_type = CommaChoices(SishiType.values, required=False, help_text="四事四办 urgent,difficult,worrying,hoped")
    channel = CommaChoices(Complaint.Channel.values, required=False, help_text="来源渠道 channel")
    status = CommaChoices(Complaint.Status.values, required=False, help_text="状态 status")


class HotspotQuery(Window):
    level = serializers.ChoiceField(choices=list(LEVELS), default="grid-cells")
    weights = serializers.ChoiceField(choices=list(WEIGHTS), default="queen")
    distance = serializers.FloatField(
        required=False, min_value=1, max_value=20000, help_text="米 metres (weights=distance)"
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs["weights"] == "distance" and "distance" not in attrs:
            raise serializers.ValidationError(
                {"distance": "weights=distance 需要 distance（米）/ distance in metres is required"}
            )
        return attrs


class CountsQuery(Window):
    by = serializers.ChoiceField(choices=list(DIMENSIONS))


class UnitsQuery(Window):
    level = serializers.ChoiceField(choices=list(LEVELS), default="communities")


class DensityQuery(Window):
    bandwidth = serializers.FloatField(default=200.0, min_value=20, max_value=5000, help_text="米 metres")
    cell = serializers.FloatField(required=False, min_value=5, max_value=1000, help_text="米 metres")


class EmergingQuery(serializers.Serializer):
    level = serializers.ChoiceField(choices=list(LEVELS), default="grid-cells")
    end = DateOrDateTime(required=False)
    weeks = serializers.IntegerField(default=12, min_value=2, max_value=104)
    category = serializers.CharField(required=False)

    def validate(self, attrs):
        return {**attrs, "end": attrs.get("end") or _local(timezone.localdate() + timedelta(days=1))}


class RatesQuery(serializers.Serializer):
    unit = serializers.ChoiceField(choices=list(UNITS), default="community")
    month = serializers.RegexField(r"^\d{4}-\d{2}$", required=False, help_text="2026-11")
    start = DateOrDateTime(required=False)
    end = DateOrDateTime(required=False)

    def validate(self, attrs):
        if "month" in attrs:
            try:
                attrs["start"], attrs["end"] = month_window(attrs["month"])
                local_moment(attrs["start"])
            except ValueError as error:
                raise serializers.ValidationError({"month": str(error)}) from None
        elif "start" not in attrs or "end" not in attrs:
            raise serializers.ValidationError({"month": "需要 month=2026-11，或 start 与 end / month or start and end"})
        return attrs


class LedgerQuery(serializers.Serializer):
    as_of = DateOrDateTime(required=False)
