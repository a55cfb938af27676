"""/api/summons/: 吹哨报到, scoped by role; ?overdue=1 lists those not reported by their due time.
POST /api/summons/<id>/report/ records a department's report (summons_report)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from layers.api.cogov.schema import ReportIn
from layers.models import Summons
from layers.selectors.cogovernance import summonses_overdue, summonses_visible
from layers.services.cogovernance_summons import summons_report


class SummonsPagination(PageNumberPagination):
    page_size = 200


class SummonsSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name")
    topic = serializers.CharField(source="topic.code", default=None)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Summons
        fields = (
            "id",
            "complaint",
            "topic",
            "topic_ref",
            "department",
            "department_name",
            "reason",
            "summoned_at",
            "due_at",
            "reported_at",
            "action",
            "overdue",
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("overdue", str, enum=["1", "true"], description="逾期未报到 / overdue only")]
    )
)
class SummonsViewSet(viewsets.ReadOnlyModelViewSet):
    """吹哨报到 (summonses). ?overdue=1: not reported by the due time (逾期未报到)."""

    serializer_class = SummonsSerializer
    pagination_class = SummonsPagination

    def get_queryset(self):
        now = timezone.now()
        queryset = summonses_visible(self.request.user).select_related("department", "topic")
        if self.request.query_params.get("overdue") in ("1", "true"):
            queryset = summonses_overdue(queryset, now=now)
        overdue = Q(reported_at__isnull=True, due_at__lt=now)
        return queryset.annotate(
            overdue=Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField())
        )

    @extend_schema(request=ReportIn, responses=SummonsSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None, format=None):
        """报到: the department records what it did."""
        summons = self.get_object()
        try:
            summons_report(summons=summons, actor=request.user, action=request.data.get("action", ""))
        except PermissionDenied as exc:
            raise ApiPermissionDenied(str(exc)) from None
        except ValidationError as exc:
            raise ApiValidationError(exc.message_dict) from None
        return Response(self.get_serializer(self.get_queryset().get(pk=summons.pk)).data)
