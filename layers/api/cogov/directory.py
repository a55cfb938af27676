"""/api/partners/ and /api/volunteer-teams/: the directory as GeoJSON (the areas they cover),
with the topics they took part in (only those the user may see) and the cases they reported."""

from django.db.models import Count, Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from layers.api.pagination import GeoJsonPagination
from layers.models import Partner, TopicParticipant, VolunteerTeam
from layers.permissions import scope_base_layer
from layers.selectors.cogovernance import topics_visible


class DirectoryPagination(GeoJsonPagination):
    page_size = 200
    max_page_size = 2000


@extend_schema_field(serializers.ListField(child=serializers.CharField()))
class _TopicCodes(serializers.Field):
    def to_representation(self, participations):
        return sorted({p.topic.code for p in participations.all()})


class PartnerSerializer(GeoFeatureModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    topics = _TopicCodes(source="participations", read_only=True)
    reported_complaints = serializers.IntegerField(source="reported_count", read_only=True)

    class Meta:
        model = Partner
        geo_field = "area"
        fields = ("id", "name", "kind", "kind_label", "contact_role", "contact", "topics", "reported_complaints")


class VolunteerTeamSerializer(GeoFeatureModelSerializer):
    topics = _TopicCodes(source="participations", read_only=True)
    reported_complaints = serializers.IntegerField(source="reported_count", read_only=True)

    class Meta:
        model = VolunteerTeam
        geo_field = "area"
        fields = ("id", "name", "leader_role", "contact", "members", "topics", "reported_complaints")


class _DirectoryViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = DirectoryPagination

    def get_queryset(self):
        user = self.request.user
        participations = TopicParticipant.objects.filter(topic__in=topics_visible(user)).select_related("topic")
        queryset = self.model.objects.annotate(reported_count=Count("reported_complaints", distinct=True))
        queryset = queryset.prefetch_related(Prefetch("participations", queryset=participations)).order_by("name")
        return scope_base_layer(user, queryset)


class PartnerViewSet(_DirectoryViewSet):
    """伙伴计划共建单位 (partner units)."""

    model = Partner
    serializer_class = PartnerSerializer


class VolunteerTeamViewSet(_DirectoryViewSet):
    """志愿者团队 (volunteer teams)."""

    model = VolunteerTeam
    serializer_class = VolunteerTeamSerializer
