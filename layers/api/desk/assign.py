"""POST /api/desk/assign/: dispatch or reassign cases to a named handler (派单 / 改派), one or many.

Body: {"cases": [id, ...], "assignee": username or null, "department": code or null, "note": text}.
Answers 200 with {"done": [id, ...], "failed": [{"id", "ticket_no", "reason"}, ...]} — each refused
case left exactly as it was (layers/services/case_assign.py, the one write path); 403 when the role
may not assign at all; 400 naming the field for a bad handler, department, note or list of cases.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from layers.models import Complaint, Department
from layers.services.case_assign import complaint_assign_bulk, handler_by_username

FIELDS = ("cases", "assignee", "department", "note")


def _ids(raw) -> list[int]:
    values = raw if isinstance(raw, list) else []
    if not values or not all(isinstance(v, int) or (isinstance(v, str) and v.isdigit()) for v in values):
        raise ValidationError({"cases": _("应为诉求编号列表，如 [12, 15]")})
    return [int(v) for v in values]


def _department(code):
    if code in (None, ""):
        return None
    department = Department.objects.filter(code=code).first()
    if department is None:
        raise ValidationError({"department": _("未知科室编码：%(code)s") % {"code": code}})
    return department


def _arguments(data) -> dict:
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        expected = _("未知字段；可用：%(fields)s") % {"fields": ", ".join(FIELDS)}
        raise ValidationError(dict.fromkeys(unknown, expected))
    username = data.get("assignee")
    try:
        assignee = handler_by_username(username) if username else None
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    return {
        "complaint_ids": _ids(data.get("cases")),
        "assignee": assignee,
        "department": _department(data.get("department")),
        "note": data.get("note") or "",
    }


class AssignView(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        arguments = _arguments(request.data if isinstance(request.data, dict) else {})
        try:
            report = complaint_assign_bulk(actor=request.user, **arguments)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None
        tickets = dict(Complaint.objects.filter(pk__in=report.failed).values_list("pk", "ticket_no"))
        failed = [{"id": pk, "ticket_no": tickets.get(pk), "reason": reason} for pk, reason in report.failed.items()]
        return Response({"done": report.done, "failed": failed})
