"""POST /api/desk/assign/: dispatch or reassign cases to a named handler (派单 / 改派), one or many.

Body: {"cases": [id, ...], "assignee": username or null, "department": code or null, "note": text}.
Answers 200 with {"done": [id, ...], "failed": [{"id", "ticket_no", "reason"}, ...]} — each refused
case left exactly as it was (layers/services/case_assign.py, the one write path); 403 when the role
may not assign at all (before its input is looked at); 400 naming the field for a bad handler,
department, note or list of cases, or a field the endpoint does not know.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from layers.api.cases.actions import plain_body
from layers.models import Complaint, Department
from layers.permissions import may_dispatch
from layers.services.case_assign import MAX_BULK, complaint_assign_bulk, handler_by_username

# The largest id PostgreSQL's bigint holds: a larger number names no case (and is a 400, not a 500).
MAX_ID = 2**63 - 1


class AssignIn(serializers.Serializer):
    """A handler (a user name, a department code, or both: the person must belong to that
    department) and the cases to give them; at least one of assignee and department."""

    cases = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=MAX_BULK,
        help_text="诉求编号 / case ids",
    )
    assignee = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=150, help_text="承办人用户名 / user name"
    )
    department = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=32, help_text="承办科室编码 / department code"
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000, help_text="说明 / note")


class AssignFailure(serializers.Serializer):
    id = serializers.IntegerField()
    ticket_no = serializers.CharField(allow_null=True, help_text="工单编号 / 12345 ticket number")
    reason = serializers.CharField(help_text="未派单或改派的原因 / why this case was left as it was")


class AssignOut(serializers.Serializer):
    done = serializers.ListField(child=serializers.IntegerField(), help_text="已派单或改派 / assigned")
    failed = AssignFailure(many=True)


def _messages(errors) -> list[str]:
    """A field's errors as a flat list of messages (the shape every 400 here has, FieldErrors): an
    item of the list of cases says which, e.g. "[4] 请确保该值大于或者等于 1。"."""
    if isinstance(errors, dict):
        return [f"[{key}] {message}" for key, value in errors.items() for message in _messages(value)]
    if isinstance(errors, list):
        return [message for error in errors for message in _messages(error)]
    return [str(errors)]


def _department(code):
    if code in (None, ""):
        return None
    department = Department.objects.filter(code=code).first()
    if department is None:
        raise ValidationError({"department": _("未知科室编码：%(code)s") % {"code": code}})
    return department


def _arguments(data) -> dict:
    unknown = sorted(set(data) - set(AssignIn().fields))
    if unknown:
        expected = _("未知字段；可用：%(fields)s") % {"fields": ", ".join(AssignIn().fields)}
        raise ValidationError(dict.fromkeys(unknown, expected))
    checked = AssignIn(data=data)
    if not checked.is_valid():
        raise ValidationError({field: _messages(errors) for field, errors in checked.errors.items()})
    values = checked.validated_data
    try:
        assignee = handler_by_username(values["assignee"]) if values.get("assignee") else None
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    return {
        "complaint_ids": values["cases"],
        "assignee": assignee,
        "department": _department(values.get("department")),
        "note": values.get("note") or "",
    }


class AssignView(APIView):
    # JSON only: the desk's scripts send JSON, and a list of ids has no plain form encoding here.
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="desk_assign",
        request=AssignIn,
        responses=AssignOut,
        description="派单或改派（可批量）：逐件检查，未办理的件说明原因 / dispatch or reassign cases to a "
        "handler, each checked on its own: the refused ones are left as they were, with the reason",
    )
    def post(self, request):
        if not may_dispatch(request.user):
            raise PermissionDenied(_("此角色不能派单或改派"))
        arguments = _arguments(plain_body(request.data))
        try:
            report = complaint_assign_bulk(actor=request.user, **arguments)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None
        tickets = dict(Complaint.objects.filter(pk__in=report.failed).values_list("pk", "ticket_no"))
        failed = [{"id": pk, "ticket_no": tickets.get(pk), "reason": reason} for pk, reason in report.failed.items()]
        return Response({"done": report.done, "failed": failed})
