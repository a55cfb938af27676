"""/api/topics/: 协商议题 as GeoJSON (a map layer), scoped by role; the detail carries the
timeline, participants, meetings, actions, summonses and the before/after outcome.
POST /api/topics/<code>/actions/<id>/complete/ completes an action (action_complete)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework_gis.filters import InBBoxFilter
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from layers.analytics.topic_outcome import DEFAULT_DAYS, topic_outcome
from layers.api.cogov import schema
from layers.api.pagination import GeoJsonPagination
from layers.models import Topic
from layers.selectors.cogovernance import topic_timeline, topics_visible
from layers.services.cogovernance import action_complete


class TopicPagination(GeoJsonPagination):
    page_size = 200
    max_page_size = 2000


class BBoxFilter(InBBoxFilter):
    bbox_param = "bbox"
    include_overlapping = True


class TopicFeatureSerializer(GeoFeatureModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    status_label = serializers.CharField(source="get_status_display")
    complaint_count = serializers.IntegerField(read_only=True)
    meeting_count = serializers.IntegerField(read_only=True)
    communities = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Topic
        geo_field = "geom"
        id_field = "code"
        fields = (
            "code",
            "title",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "opened_at",
            "done_at",
            "complaint_count",
            "meeting_count",
            "communities",
        )


def _meetings(topic):
    return [
        {
            "id": m.pk,
            "number": number,
            "held_at": m.held_at,
            "place": m.place,
            "attendees": m.attendees,
            "minutes": m.minutes,
            "decisions": m.decisions,
        }
        for number, m in enumerate(topic.meetings.order_by("held_at", "id"), start=1)
    ]


def _actions(topic):
    return [
        {
            "id": a.pk,
            "meeting": a.meeting_id,
            "description": a.description,
            "owner": a.owner_name or (a.owner_department.name if a.owner_department else ""),
            "owner_department": a.owner_department.code if a.owner_department else None,
            "due_date": a.due_date,
            "resolves_cases": a.resolves_cases,
            "completed_at": a.completed_at,
            "result": a.result,
        }
        for a in topic.actions.select_related("owner_department").order_by("due_date", "id")
    ]


def _detail_extra(topic, days: int) -> dict:
    # Cases are listed without personal data: anyone who may see the topic sees that they exist.
    cases = topic.complaints.select_related("category").order_by("received_at")
    return {
        "description": topic.description,
        "housing_projects": [{"code": e.code, "name": e.name} for e in topic.housing_projects.all()],
        "categories": [{"code": c.code, "name": c.name} for c in topic.categories.all()],
        "participants": [
            {"type": p.type, "type_label": p.get_type_display(), "name": p.name} for p in topic.participants.all()
        ],
        "complaints": [
            {"id": c.pk, "ticket_no": c.ticket_no, "category": c.category.name, "status": c.status} for c in cases
        ],
        "meetings": _meetings(topic),
        "actions": _actions(topic),
        "summonses": [
            {
                "id": s.pk,
                "department": s.department.name,
                "summoned_at": s.summoned_at,
                "due_at": s.due_at,
                "reported_at": s.reported_at,
                "action": s.action,
            }
            for s in topic.summonses.select_related("department")
        ],
        "timeline": topic_timeline(topic),
        "outcome": topic_outcome(topic, days=days).as_dict(),
    }


@extend_schema_view(
    list=extend_schema(parameters=schema.TOPIC_FILTERS),
    retrieve=extend_schema(parameters=[schema.DAYS], responses=schema.TopicDetail),
)
class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    """议题图层与详情 (topics layer and detail). Filters: bbox, status, kind; detail: days (outcome window)."""

    serializer_class = TopicFeatureSerializer
    pagination_class = TopicPagination
    filter_backends = [BBoxFilter]
    bbox_filter_field = "geom"
    lookup_field = "code"

    def get_queryset(self):
        queryset = topics_visible(self.request.user).annotate(
            complaint_count=Count("complaints", distinct=True), meeting_count=Count("meetings", distinct=True)
        )
        for param in ("status", "kind"):
            value = self.request.query_params.get(param)
            if value:
                queryset = queryset.filter(**{param: value})
        return queryset.prefetch_related("communities").order_by("-opened_at", "code")

    def retrieve(self, request, *args, **kwargs):
        days = request.query_params.get("days", str(DEFAULT_DAYS))
        if not days.isdigit() or not 1 <= int(days) <= 3650:
            raise ApiValidationError({"days": f"expected a whole number of days from 1 to 3650, got {days!r}"})
        topic = self.get_object()
        feature = self.get_serializer(topic).data
        feature["properties"].update(_detail_extra(topic, int(days)))
        return Response(feature)

    @extend_schema(
        parameters=[OpenApiParameter("action_id", int, OpenApiParameter.PATH)],
        request=schema.ResultIn,
        responses=schema.Completion,
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<action_id>\d+)/complete")
    def complete_action(self, request, code=None, action_id=None, format=None):
        """完成落实事项; resolves the topic's cases when the action says so."""
        topic = self.get_object()
        found = topic.actions.filter(pk=action_id).first()
        if found is None:
            raise NotFound(f"topic {topic.code} has no action {action_id}")
        try:
            completion = action_complete(action=found, actor=request.user, result=request.data.get("result", ""))
        except PermissionDenied as exc:
            raise ApiPermissionDenied(str(exc)) from None
        except ValidationError as exc:
            raise ApiValidationError(exc.message_dict) from None
        body = {
            "action": found.pk,
            "completed_at": completion.action.completed_at,
            "resolved": completion.resolved,
            "left": [{"id": pk, "status": s} for pk, s in completion.left],
        }
        return Response(body, status=status.HTTP_200_OK)
