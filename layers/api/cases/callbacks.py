"""回访 records of a case: POST /api/complaints/{id}/callbacks/ {reached, satisfaction, remark, called_at}.

Each call-back attempt goes through layers/services/callbacks.callback_record, which also moves a
resolved case to 回访 on a reached call; the records are listed in the case's detail ("callbacks").
Acting needs responsibility for the case (四包 scope, as for transitions); the service checks the
office role. Refusals: 403 (role or scope), 400 (input, naming the field).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from layers.services.callbacks import callback_record

# The request helpers of the other case actions, so every action reads and refuses alike.
from . import schema
from .actions import _body, _service_errors, iso_datetime
from .serializers import complaint_data

CALLBACK_FIELDS = ("reached", "satisfaction", "remark", "called_at")
_TRUE, _FALSE = {"true", "1", "yes", "是"}, {"false", "0", "no", "否"}


def reached_of(value):
    """A JSON boolean as it is; the words a form sends ("true"/"false") as one; anything else as given,
    for the service to refuse by name."""
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    return value


def called_at_of(value):
    return None if value in (None, "") else iso_datetime("called_at", value)


class CallbackActions:
    """Mixed into ComplaintViewSet (with CaseActions, whose _actionable scopes the user)."""

    @extend_schema(request=schema.CallbackIn, responses={201: schema.ComplaintOut})
    @action(detail=True, methods=["post"])
    def callbacks(self, request, pk=None):
        """Record one call-back attempt; answers the case with its call-back records (201)."""
        complaint = self._actionable(request)
        data = _body(request, CALLBACK_FIELDS)
        _service_errors(
            lambda: callback_record(
                complaint=complaint,
                actor=request.user,
                reached=reached_of(data.get("reached")),
                satisfaction=data.get("satisfaction") or None,
                remark=data.get("remark") or "",
                called_at=called_at_of(data.get("called_at")),
            )
        )
        body = complaint_data(self.get_queryset().get(pk=complaint.pk), request.user)
        return Response(body, status=status.HTTP_201_CREATED)
