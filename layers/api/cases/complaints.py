"""/api/complaints/: list (filters, count), detail, create (idempotent on client_uuid), transitions;
photos (photos.py) and the staff decisions: 四事四办 override, confirm duplicate, relocate (actions.py).

Every write calls the one service function behind all intake paths (layers/services/complaints.py);
this module only parses the request, scopes what the user may see and shapes the answer.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import prefetch_related_objects
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from geo_gov.throttling import IntakeThrottle
from layers.api.openapi import AnyOf
from layers.models import Complaint
from layers.permissions import may_act_on, may_read, may_take_in
from layers.services import reference
from layers.services.callbacks import callback_record
from layers.services.complaints import complaint_create, complaint_transition

from . import schema
from .actions import CaseActions, iso_datetime, plain_body
from .callbacks import CallbackActions
from .filters import complaint_filter
from .photos import PhotoActions
from .relations import attach_relations
from .serializers import callback_prefetch, complaint_data, related_prefetches

# Request field → complaint_create() argument (only "category" is renamed: it carries a code).
CREATE_FIELDS = {
    "channel": "channel",
    "description": "description",
    "category": "category_code",
    "lon": "lon",
    "lat": "lat",
    "crs": "crs",
    "location_source": "location_source",
    "accuracy": "accuracy",
    "address": "address",
    "complainant_name": "complainant_name",
    "complainant_phone": "complainant_phone",
    "complainant_email": "complainant_email",
    "device_id": "device_id",
    "media_url": "media_url",
    "ticket_no": "ticket_no",
    "client_uuid": "client_uuid",
    "received_at": "received_at",
}
ERROR_NAMES = {argument: field for field, argument in CREATE_FIELDS.items()}
# 挂账 takes who carries the case and the planned date (计划销账日期, YYYY-MM-DD): the service
# requires both for the ledger and refuses them for any other status.
TRANSITION_FIELDS = {"to_status", "note", "satisfaction", "ledger_owner", "ledger_target_date"}


def drf_error(exc: DjangoValidationError, names=None) -> ValidationError:
    """The service's field errors under the names the client used."""
    names = names or {}
    if hasattr(exc, "error_dict"):
        return ValidationError({names.get(field, field): messages for field, messages in exc.message_dict.items()})
    return ValidationError({"non_field_errors": exc.messages})


def _refuse_unknown(data: dict, known) -> None:
    unknown = sorted(set(data) - set(known))
    if unknown:
        expected = ", ".join(known)
        raise ValidationError({name: f"未知字段 (unknown field); 可用 (expected) {expected}" for name in unknown})


def create_arguments(data: dict) -> dict:
    _refuse_unknown(data, CREATE_FIELDS)
    # Required by the service: absent ones go in as None and come back as "is required" errors.
    arguments = {"channel": None, "description": None, "category_code": None}
    arguments |= {CREATE_FIELDS[field]: value for field, value in data.items()}
    raw = arguments.get("received_at")
    if raw not in (None, ""):
        arguments["received_at"] = iso_datetime("received_at", raw)
    else:
        arguments.pop("received_at", None)
    return arguments


def _transition(complaint, user, data: dict) -> None:
    to_status, note = data.get("to_status"), data.get("note") or ""
    if to_status == Complaint.Status.CALLBACK and not (data.get("ledger_owner") or data.get("ledger_target_date")):
        # 回访 is a reached call-back: recorded as one (callbacks.py), so the case's satisfaction is
        # always its last reached call's, whichever endpoint the office used.
        callback_record(
            complaint=complaint, actor=user, reached=True, satisfaction=data.get("satisfaction"), remark=note
        )
        return
    complaint_transition(
        complaint=complaint,
        actor=user,
        to_status=to_status,
        note=note,
        satisfaction=data.get("satisfaction") or None,
        ledger_owner=data.get("ledger_owner") or "",
        ledger_target_date=data.get("ledger_target_date") or None,
    )


class ComplaintPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class ComplaintViewSet(CaseActions, CallbackActions, PhotoActions, viewsets.GenericViewSet):
    pagination_class = ComplaintPagination
    throttle_classes = [IntakeThrottle]

    def get_queryset(self):
        queryset = Complaint.objects.prefetch_related(*related_prefetches(), "photos", callback_prefetch())
        return queryset.visible_to(self.request.user)

    @extend_schema(
        operation_id="complaints_list",
        parameters=schema.filter_parameters(),
        responses=schema.ComplaintOut,  # paged by drf-spectacular from pagination_class
        description="诉求列表：筛选与总数；逗号分隔表示任一 / filtered complaints with a count; commas mean any of",
    )
    def list(self, request):
        queryset = self.get_queryset().filter(complaint_filter(request.query_params))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response([complaint_data(c, request.user) for c in page])

    @extend_schema(responses=schema.ComplaintOut)
    def retrieve(self, request, pk=None):
        return Response(complaint_data(self.get_object(), request.user))

    @extend_schema(
        request=schema.ComplaintIn,
        responses={
            201: OpenApiResponse(schema.ComplaintOut, description="新登记 / taken in"),
            200: OpenApiResponse(
                AnyOf(name="ComplaintResend", choices=[schema.ComplaintOut, schema.ComplaintSeen]),
                description="同一 client_uuid 已登记 / already stored under this client_uuid",
            ),
        },
    )
    def create(self, request):
        if not may_take_in(request.user):
            raise PermissionDenied("此角色只读，不能登记诉求 (this role is read-only and cannot take in cases)")
        arguments = create_arguments(plain_body(request.data))
        try:
            complaint, created = complaint_create(actor=request.user, **arguments)
        except DjangoValidationError as exc:
            raise drf_error(exc, ERROR_NAMES) from None
        if not created and not may_read(request.user, complaint.pk):
            # Same client_uuid as a case this user cannot read: confirm it exists, show nothing of it.
            return Response({"id": complaint.pk, "client_uuid": str(complaint.client_uuid)}, status=status.HTTP_200_OK)
        # The instance the service returned carries every field; only its relations are fetched.
        attach_relations(complaint)
        if not created:
            # A resend (a phone retrying after a dropped answer, often many at once when the signal
            # comes back): the category from the reference cache, as a new case has it; the photos
            # added since from the database.
            category = reference.category_by_id(complaint.category_id)
            if category is not None:
                complaint.category = category
            prefetch_related_objects([complaint], "category", "photos")
        # Without the call-back records: a case just taken in has none, and a resend (a phone's
        # retry) is answered within its round-trip budget; the detail lists them.
        body = complaint_data(complaint, request.user, photos=not created, callbacks=False)
        if created:
            body["photos"] = []
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=schema.TransitionIn, responses=schema.ComplaintOut)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        # Acting needs responsibility: having reported a case elsewhere is not enough.
        complaint = self.get_object()
        if not may_act_on(request.user, complaint.pk):
            raise PermissionDenied("不是您负责的诉求 (this case is not yours to handle)")
        data = plain_body(request.data)
        _refuse_unknown(data, sorted(TRANSITION_FIELDS))
        try:
            _transition(complaint, request.user, data)
        except DjangoValidationError as exc:
            raise drf_error(exc) from None
        return Response(complaint_data(self.get_queryset().get(pk=complaint.pk), request.user))
