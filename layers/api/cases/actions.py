"""Staff decisions on one case: POST /api/complaints/{id}/sishi/, .../confirm-duplicate/, .../relocate/.

Each calls its service (sishi.complaint_set_sishi, related.complaint_confirm_duplicate,
review.complaint_relocate), which checks the role and refuses bad input changing nothing; this
module only requires that the user may act on the case (四包 scope, as for transitions) and
answers with the case as the user may see it. Service refusals: 403 (role), 400 (input).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from layers.models import Complaint
from layers.permissions import may_act_on, may_handle
from layers.services.related import complaint_confirm_duplicate
from layers.services.review import complaint_relocate
from layers.services.sishi import complaint_set_sishi

from . import schema
from .serializers import complaint_data

SISHI_FIELDS = ("sishi_type", "reason")
DUPLICATE_FIELDS = ("primary",)
RELOCATE_FIELDS = ("lon", "lat", "crs", "location_source", "accuracy", "note")


def plain_body(data) -> dict:
    """A form or multipart body (a QueryDict of lists) or a JSON object, as one dict; anything else
    in JSON (a list, a number) is a 400, not a TypeError (found by the fuzz run)."""
    if hasattr(data, "getlist"):
        return {key: data.get(key) for key in data}
    if not isinstance(data, dict):
        raise ValidationError(
            {"non_field_errors": f"应为 JSON 对象 (expected a JSON object), got {type(data).__name__}"}
        )
    return dict(data)


def _body(request, known) -> dict:
    data = plain_body(request.data)
    unknown = sorted(set(data) - set(known))
    if unknown:
        expected = ", ".join(known)
        raise ValidationError({name: f"未知字段 (unknown field); 可用 (expected) {expected}" for name in unknown})
    return data


def iso_datetime(field: str, raw):
    """An ISO 8601 datetime from a body, or a 400 naming the field (its range is the service's business)."""
    try:
        moment = parse_datetime(raw) if isinstance(raw, str) else None
    except ValueError:  # well formed, but no such time (2026-13-45T00:00)
        moment = None
    if moment is None:
        raise ValidationError({field: f"应为 ISO 8601 时间 (expected an ISO 8601 datetime), got {raw!r}"})
    return moment


def _service_errors(call):
    try:
        return call()
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise ValidationError(exc.message_dict) from None
        raise ValidationError({"non_field_errors": exc.messages}) from None


class CaseActions:
    """Mixed into ComplaintViewSet: get_object() there is already scoped to what the user reads."""

    def _actionable(self, request) -> Complaint:
        complaint = self.get_object()
        # Read-only roles (planners, agencies) are refused before their input is even looked at.
        if not may_handle(request.user):
            raise PermissionDenied("此角色只读 (this role is read-only)")
        if not may_act_on(request.user, complaint.pk):
            raise PermissionDenied("不是您负责的诉求 (this case is not yours to handle)")
        return complaint

    def _answer(self, request, pk) -> Response:
        return Response(complaint_data(self.get_queryset().get(pk=pk), request.user))

    @extend_schema(request=schema.SishiIn, responses=schema.ComplaintOut)
    @action(detail=True, methods=["post"])
    def sishi(self, request, pk=None):
        """四事四办 override: {"sishi_type": "urgent|difficult|worrying|hoped", "reason": "..."}."""
        complaint = self._actionable(request)
        data = _body(request, SISHI_FIELDS)
        _service_errors(
            lambda: complaint_set_sishi(
                complaint=complaint, actor=request.user, sishi_type=data.get("sishi_type"), reason=data.get("reason")
            )
        )
        return self._answer(request, complaint.pk)

    @extend_schema(request=schema.DuplicateIn, responses=schema.ComplaintOut)
    @action(detail=True, methods=["post"], url_path="confirm-duplicate", url_name="confirm-duplicate")
    def confirm_duplicate(self, request, pk=None):
        """Confirm this case as a duplicate of {"primary": id} (a case the user can read)."""
        complaint = self._actionable(request)
        data = _body(request, DUPLICATE_FIELDS)
        raw = data.get("primary")
        if not str(raw or "").isdigit():
            raise ValidationError({"primary": f"应为诉求编号 (expected a case id), got {raw!r}"})
        primary = self.get_queryset().filter(pk=int(raw)).first()
        if primary is None:
            raise NotFound(f"primary: 诉求 {raw} 不存在或无权查看 (no such case you can read)")
        _service_errors(lambda: complaint_confirm_duplicate(primary=primary, duplicate=complaint, actor=request.user))
        return self._answer(request, complaint.pk)

    @extend_schema(request=schema.RelocateIn, responses=schema.ComplaintOut)
    @action(detail=True, methods=["post"])
    def relocate(self, request, pk=None):
        """Confirm ({} or a note) or correct ({"lon", "lat", "crs"...}) where the case is."""
        complaint = self._actionable(request)
        data = _body(request, RELOCATE_FIELDS)
        arguments = {key: value for key, value in data.items() if value not in (None, "")}
        _service_errors(lambda: complaint_relocate(complaint=complaint, actor=request.user, **arguments))
        return self._answer(request, complaint.pk)
