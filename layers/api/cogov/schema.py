"""The co-governance answers the serializers do not describe: a topic's detail (its timeline,
meetings, actions, summonses and outcome), an action's completion and a department's report."""

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from layers.api.analytics.schema import CHANGES
from layers.api.cases.schema import CodeName
from layers.models import Complaint, Topic, TopicParticipant

TOPIC_FILTERS = [
    OpenApiParameter("status", str, enum=Topic.Status.values, description="议题状态 / status"),
    OpenApiParameter("kind", str, enum=Topic.Kind.values, description="议题类型 / kind"),
    OpenApiParameter(
        "bbox",
        {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4},
        description="minlon,minlat,maxlon,maxlat",
    ),
]
DAYS = OpenApiParameter(
    "days", {"type": "integer", "minimum": 1, "maximum": 3650}, description="前后对比窗口（天）/ outcome window"
)


class Participant(serializers.Serializer):
    type = serializers.ChoiceField(choices=TopicParticipant.Type.choices)
    type_label = serializers.CharField()
    name = serializers.CharField()


class TopicCase(serializers.Serializer):
    """A case the topic covers, without personal data."""

    id = serializers.IntegerField()
    ticket_no = serializers.CharField(allow_null=True)
    category = serializers.CharField(help_text="分类名称 / category name")
    status = serializers.ChoiceField(choices=Complaint.Status.choices)


class Attendee(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField(required=False, help_text="participant type")
    count = serializers.IntegerField(required=False)


class Votes(serializers.Serializer):
    def get_fields(self):
        # "for" is a keyword.
        return {name: serializers.IntegerField(min_value=0) for name in ("for", "against", "abstain")}


class Decision(serializers.Serializer):
    text = serializers.CharField()
    votes = Votes(required=False, help_text="where a vote was taken")


class Meeting(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(help_text="第几次 / 1 for the first")
    held_at = serializers.DateTimeField()
    place = serializers.CharField(allow_blank=True)
    attendees = Attendee(many=True)
    minutes = serializers.CharField(allow_blank=True)
    decisions = Decision(many=True)


class TopicAction(serializers.Serializer):
    id = serializers.IntegerField()
    meeting = serializers.IntegerField(allow_null=True)
    description = serializers.CharField()
    owner = serializers.CharField(allow_blank=True)
    owner_department = serializers.CharField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    resolves_cases = serializers.BooleanField()
    completed_at = serializers.DateTimeField(allow_null=True)
    result = serializers.CharField(allow_blank=True)


class TopicSummons(serializers.Serializer):
    id = serializers.IntegerField()
    department = serializers.CharField()
    summoned_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    reported_at = serializers.DateTimeField(allow_null=True)
    action = serializers.CharField(allow_blank=True)


class TimelineEntry(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=["opened", "meeting", "action_done", "summons", "report", "done"])
    text = serializers.CharField()
    ref = serializers.IntegerField(required=False, help_text="the meeting's id")


class Comparison(serializers.Serializer):
    before = serializers.IntegerField()
    after = serializers.IntegerField()
    before_days = serializers.FloatField()
    after_days = serializers.FloatField()
    before_rate = serializers.FloatField(help_text="cases per day")
    after_rate = serializers.FloatField()
    rate_ratio = serializers.FloatField(allow_null=True)
    p_value = serializers.FloatField()
    significant = serializers.BooleanField()
    change = serializers.ChoiceField(choices=CHANGES)


class CategoryComparison(Comparison):
    code = serializers.CharField()
    name = serializers.CharField()


class Outcome(serializers.Serializer):
    pivot = serializers.DateTimeField()
    pivot_source = serializers.ChoiceField(choices=["given", "action_done", "first_meeting", "opened"])
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    total = Comparison(allow_null=True, help_text="null before the after-window begins")
    categories = CategoryComparison(many=True)


class TopicDetailProperties(serializers.Serializer):
    """What a topic's detail adds to its feature's properties."""

    description = serializers.CharField(allow_blank=True)
    housing_projects = CodeName(many=True)
    categories = CodeName(many=True)
    participants = Participant(many=True)
    complaints = TopicCase(many=True)
    meetings = Meeting(many=True)
    actions = TopicAction(many=True)
    summonses = TopicSummons(many=True)
    timeline = TimelineEntry(many=True)
    outcome = Outcome()


class TopicDetail(serializers.Serializer):
    """A topic's feature (as in the list) with the detail in its properties."""


class TopicDetailScheme(OpenApiSerializerExtension):
    target_class = TopicDetail

    def map_serializer(self, auto_schema, direction):
        from .topics import TopicFeatureSerializer

        feature = auto_schema.resolve_serializer(TopicFeatureSerializer, direction).ref
        extra = auto_schema.resolve_serializer(TopicDetailProperties, direction).ref
        return {"allOf": [feature, {"type": "object", "properties": {"properties": extra}}]}


class CaseStatus(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Complaint.Status.choices)


class Completion(serializers.Serializer):
    action = serializers.IntegerField()
    completed_at = serializers.DateTimeField()
    resolved = serializers.ListField(child=serializers.IntegerField(), help_text="cases the completion resolved")
    left = CaseStatus(many=True, help_text="cases left as they were")


class ResultIn(serializers.Serializer):
    result = serializers.CharField(max_length=4000, help_text="完成情况 / what was done")


class ReportIn(serializers.Serializer):
    action = serializers.CharField(max_length=4000, help_text="报到情况 / what the department did")
