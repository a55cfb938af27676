"""GeoJSON FeatureCollections of the base layers: /api/layers/<layer>/ (bbox filter, paging)."""

from rest_framework import serializers, viewsets
from rest_framework_gis.filters import InBBoxFilter
from rest_framework_gis.pagination import GeoJsonPagination
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from layers.models import Building, Community, GridCell, HousingProject, MilitaryZone, Subdistrict
from layers.scoping import scope_base_layer, scope_grid_cells


class LayerPagination(GeoJsonPagination):
    page_size = 500
    max_page_size = 5000


class BBoxFilter(InBBoxFilter):
    # `bbox=minlon,minlat,maxlon,maxlat` as in OGC API Features, rather than drf-gis' `in_bbox`.
    bbox_param = "bbox"
    include_overlapping = True


def _feature_serializer(model_cls, field_names, extra=None):
    """A GeoFeatureModelSerializer keyed by the layer's stable code."""
    attrs = dict(extra or {})
    attrs["Meta"] = type(
        "Meta", (), {"model": model_cls, "geo_field": "geom", "id_field": "code", "fields": ("code", *field_names)}
    )
    return type(f"{model_cls.__name__}FeatureSerializer", (GeoFeatureModelSerializer,), attrs)


SubdistrictSerializer = _feature_serializer(Subdistrict, ("name",))
CommunitySerializer = _feature_serializer(
    Community, ("name", "households", "residents", "floating_population", "name_is_placeholder")
)
HousingProjectSerializer = _feature_serializer(
    HousingProject,
    (
        "name",
        "aliases",
        "address",
        "community",
        "community_name",
        "ownership",
        "ownership_label",
        "owner_units",
        "housing_types",
        "build_year",
        "households",
        "property_company",
        "is_old_estate",
        "renovation",
        "is_military_property",
        "name_is_placeholder",
    ),
    {
        "community": serializers.CharField(source="community.code"),
        "community_name": serializers.CharField(source="community.name"),
        "ownership_label": serializers.CharField(source="get_ownership_display"),
        "owner_units": serializers.SlugRelatedField(many=True, read_only=True, slug_field="name"),
    },
)
BuildingSerializer = _feature_serializer(
    Building,
    ("estate", "estate_name", "number", "owner_units", "households"),
    {
        "estate": serializers.CharField(source="estate.code"),
        "estate_name": serializers.CharField(source="estate.name"),
        "owner_units": serializers.SlugRelatedField(many=True, read_only=True, slug_field="name"),
    },
)
MilitaryZoneSerializer = _feature_serializer(
    MilitaryZone,
    ("name", "kind", "kind_label", "name_is_placeholder"),
    {"kind_label": serializers.CharField(source="get_kind_display")},
)
GridCellSerializer = _feature_serializer(
    GridCell,
    ("community", "responsible_party", "grid_worker"),
    {
        "community": serializers.CharField(source="community.code"),
        "grid_worker": serializers.CharField(source="grid_worker.username", default=None),
    },
)


class LayerViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "code"
    pagination_class = LayerPagination
    filter_backends = [BBoxFilter]
    bbox_filter_field = "geom"
    scope = staticmethod(scope_base_layer)

    def get_queryset(self):
        return self.scope(self.request.user, super().get_queryset())


class SubdistrictViewSet(LayerViewSet):
    queryset = Subdistrict.objects.all()
    serializer_class = SubdistrictSerializer


class CommunityViewSet(LayerViewSet):
    queryset = Community.objects.all()
    serializer_class = CommunitySerializer


class HousingProjectViewSet(LayerViewSet):
    queryset = HousingProject.objects.select_related("community").prefetch_related("owner_units")
    serializer_class = HousingProjectSerializer


class BuildingViewSet(LayerViewSet):
    queryset = Building.objects.select_related("estate").prefetch_related("owner_units")
    serializer_class = BuildingSerializer


class MilitaryZoneViewSet(LayerViewSet):
    queryset = MilitaryZone.objects.all()
    serializer_class = MilitaryZoneSerializer


class GridCellViewSet(LayerViewSet):
    queryset = GridCell.objects.select_related("community", "grid_worker")
    serializer_class = GridCellSerializer
    scope = staticmethod(scope_grid_cells)
