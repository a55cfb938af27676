"""The case endpoints in the OpenAPI schema: what complaint_data() returns and what each write reads.

The views read their bodies field by field against the one intake service (complaints.py says
why they have no serializer), so these classes only describe; nothing here validates a request.
A field left out of a write means "not given" (the service's default); an unknown field is a 400.
"""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from layers.api.openapi import DATE_OR_DATETIME, comma_list_schema
from layers.crs import CRS_ALIASES
from layers.models import Complaint, ComplaintPhoto, SishiType

from .filters import FILTER_HELP

CRS_NAMES = sorted(CRS_ALIASES)


def _choice(choices, **kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices, **kwargs)


class Code(serializers.Serializer):
    code = serializers.CharField()


class CodeName(Code):
    name = serializers.CharField()


class LonLat(serializers.Serializer):
    lon = serializers.FloatField()
    lat = serializers.FloatField()


class ReviewItem(serializers.Serializer):
    code = serializers.CharField(help_text="category | coordinates | address | times | deadline | repeat")
    reason = serializers.CharField()


class Photo(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(help_text="GET this path for the image (same scope as the case)")
    stage = _choice(ComplaintPhoto.Stage.choices)
    content_type = serializers.CharField()
    size_bytes = serializers.IntegerField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()


class Callback(serializers.Serializer):
    id = serializers.IntegerField()
    called_at = serializers.DateTimeField()
    caller = serializers.CharField(allow_null=True)
    reached = serializers.BooleanField()
    satisfaction = _choice(Complaint.Satisfaction.choices, allow_null=True)
    satisfaction_label = serializers.CharField(allow_null=True)
    remark = serializers.CharField(allow_blank=True)


def _stamp(**kwargs) -> serializers.DateTimeField:
    return serializers.DateTimeField(allow_null=True, **kwargs)


def _layer(with_name=True):
    return (CodeName if with_name else Code)(allow_null=True)


class ComplaintPlace(serializers.Serializer):
    location = LonLat(allow_null=True, help_text="WGS84")
    location_source = _choice(Complaint.LocationSource.choices, allow_blank=True)
    location_accuracy_m = serializers.FloatField(allow_null=True)
    address = serializers.CharField(allow_blank=True)
    match_level = _choice(Complaint.MatchLevel.choices, allow_blank=True)
    match_confidence = serializers.FloatField(allow_null=True)
    needs_review = serializers.BooleanField()
    review_reason = serializers.CharField(allow_blank=True)
    review_items = ReviewItem(many=True)
    out_of_area = serializers.BooleanField()
    subdistrict = _layer()
    community = _layer()
    grid_cell = _layer(with_name=False)
    housing_project = _layer()
    building = _layer(with_name=False)
    military_zone = _layer()


class ComplaintOut(ComplaintPlace):
    """One case as the reader may see it: personal data whole for those who handle it, masked for
    the other staff, null for agencies (personal_data_masked says which)."""

    id = serializers.IntegerField()
    ticket_no = serializers.CharField(allow_null=True)
    client_uuid = serializers.UUIDField(allow_null=True)
    channel = _choice(Complaint.Channel.choices)
    channel_label = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    category = serializers.CharField(help_text="分类编码 category code")
    category_name = serializers.CharField()
    source_category = serializers.CharField(allow_blank=True)
    sishi_type = _choice(SishiType.choices)
    sishi_type_label = serializers.CharField()
    sishi_reason = serializers.CharField(allow_blank=True)
    is_repeat = serializers.BooleanField()
    status = _choice(Complaint.Status.choices)
    status_label = serializers.CharField()
    satisfaction = _choice(Complaint.Satisfaction.choices, allow_null=True)
    complainant_name = serializers.CharField(allow_null=True, allow_blank=True)
    complainant_phone = serializers.CharField(allow_null=True, allow_blank=True)
    complainant_email = serializers.CharField(allow_null=True, allow_blank=True)
    device_id = serializers.CharField(allow_null=True, allow_blank=True)
    personal_data_masked = serializers.BooleanField()
    received_at = serializers.DateTimeField()
    due_at = _stamp()
    due_set_by_centre = serializers.BooleanField()
    overdue = serializers.BooleanField()
    dispatched_at = _stamp()
    responded_at = _stamp()
    in_progress_at = _stamp()
    resolved_at = _stamp()
    callback_at = _stamp()
    closed_at = _stamp()
    returned_at = _stamp()
    ledger_at = _stamp()
    escalated_at = _stamp()
    assigned_department = CodeName(allow_null=True)
    assignee = serializers.CharField(allow_null=True, help_text="username")
    routing_reason = serializers.CharField(allow_blank=True)
    ledger_owner = serializers.CharField(allow_blank=True)
    ledger_target_date = serializers.DateField(allow_null=True)
    ledger_cleared_at = _stamp()
    duplicate_of = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    photos = Photo(many=True, required=False, help_text="in the detail and after writes")
    callbacks = Callback(many=True, required=False, help_text="回访 records, oldest first; in the detail")

    class Meta:
        ref_name = "Complaint"


class ComplaintSeen(serializers.Serializer):
    """A resend whose client_uuid belongs to a case this user cannot read: it exists, nothing more."""

    id = serializers.IntegerField()
    client_uuid = serializers.UUIDField()


class ComplaintIn(serializers.Serializer):
    """A new case (JSON, form or multipart). Unknown categories and unusable coordinates are not
    refused: the case lands (under 其他, located by its address) and waits in the review queue."""

    channel = _choice(Complaint.Channel.choices)
    description = serializers.CharField(max_length=32_767)
    category = serializers.CharField(help_text="分类编码或12345分类名 / category code or 12345 name")
    lon = serializers.FloatField(required=False, help_text="with lat; in crs")
    lat = serializers.FloatField(required=False, help_text="with lon; in crs")
    crs = _choice(CRS_NAMES, required=False, help_text="default wgs84")
    location_source = _choice(Complaint.LocationSource.choices, required=False, help_text="default gps")
    accuracy = serializers.FloatField(required=False, min_value=0, help_text="米 metres")
    address = serializers.CharField(required=False, allow_blank=True, max_length=32_767)
    complainant_name = serializers.CharField(required=False, allow_blank=True, max_length=32_767)
    complainant_phone = serializers.CharField(required=False, allow_blank=True, max_length=32_767)
    complainant_email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    device_id = serializers.CharField(required=False, allow_blank=True, max_length=128)
    media_url = serializers.URLField(required=False, allow_blank=True, max_length=1024, help_text="http(s)")
    ticket_no = serializers.CharField(required=False, allow_blank=True, max_length=64)
    client_uuid = serializers.UUIDField(required=False, help_text="a resend answers the stored case (200)")
    received_at = serializers.DateTimeField(required=False, help_text="default now")


class TransitionIn(serializers.Serializer):
    to_status = _choice(Complaint.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    satisfaction = _choice(Complaint.Satisfaction.choices, required=False, help_text="回访 (callback)")
    ledger_owner = serializers.CharField(required=False, max_length=128, help_text="挂账 (ledger) only")
    ledger_target_date = serializers.DateField(required=False, help_text="挂账 (ledger) only")


class SishiIn(serializers.Serializer):
    sishi_type = _choice(SishiType.choices)
    reason = serializers.CharField(max_length=4000)


class DuplicateIn(serializers.Serializer):
    primary = serializers.IntegerField(min_value=1, help_text="a case the user can read")


class RelocateIn(serializers.Serializer):
    """Empty or a note: the place is confirmed; lon and lat: the case is moved there."""

    lon = serializers.FloatField(required=False)
    lat = serializers.FloatField(required=False)
    crs = _choice(CRS_NAMES, required=False, help_text="default wgs84")
    location_source = _choice(Complaint.LocationSource.choices, required=False)
    accuracy = serializers.FloatField(required=False, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CallbackIn(serializers.Serializer):
    reached = serializers.BooleanField()
    satisfaction = _choice(Complaint.Satisfaction.choices, required=False, help_text="required for a reached call")
    remark = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    called_at = serializers.DateTimeField(required=False, help_text="default now")


class PhotoIn(serializers.Serializer):
    image = serializers.ImageField(help_text="JPEG, PNG or WebP")
    stage = _choice(ComplaintPhoto.Stage.choices, required=False, help_text="default intake")


_CODES = {"type": "array", "items": {"type": "string"}, "minItems": 1}
_FILTER_SCHEMAS = {
    "status": comma_list_schema(Complaint.Status.values),
    "category": _CODES,
    "channel": comma_list_schema(Complaint.Channel.values),
    "sishi_type": comma_list_schema(SishiType.values),
    "community": _CODES,
    "grid_cell": _CODES,
    "received_after": DATE_OR_DATETIME,
    "received_before": DATE_OR_DATETIME,
    "overdue": {"type": "boolean"},
    "needs_review": {"type": "boolean"},
    "out_of_area": {"type": "boolean"},
}


def filter_parameters() -> list[OpenApiParameter]:
    """The list's query parameters: every filter (filters.FILTERS) with its values, then paging."""
    filters = [OpenApiParameter(name, _FILTER_SCHEMAS[name], description=text) for name, text in FILTER_HELP.items()]
    return [
        *filters,
        OpenApiParameter("page", {"type": "integer", "minimum": 1}, description="页码 / page number"),
        OpenApiParameter("page_size", {"type": "integer", "minimum": 1, "maximum": 500}, description="默认 50"),
    ]
