"""GeoJSON FeatureCollections of the base layers: /api/layers/<layer>/ (bbox filter, paging).

Answers are gzip'd (GeoJSON of polygons shrinks ~5x; no CSRF token or secret in them, so BREACH does
not apply). Lists are cached per process (layers/api/dashboard/cache.py) with an ETag: the
communities layer of a district costs ~0.2-0.5 s of serialisation on every page load, while
boundaries and attributes change a few times a year, by import. The key holds the version of every
table the layer's features and the reader's scope read (row count, newest id, newest row version
xmin: any committed insert, update or delete changes it; 25 ms on 26,624 grid cells), so an edit
shows at once. A ten-minute time bucket is only a safety net: xmin is a 32-bit transaction id, and
after a wraparound a new row version could carry a smaller one than the table's newest.
"""

import hashlib
import time

from django.contrib.auth import get_user_model
from django.utils.decorators import method_decorator
from django.views.decorators.gzip import gzip_page
from rest_framework import serializers, viewsets
from rest_framework_gis.filters import InBBoxFilter
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from layers.api.dashboard.cache import conditional, scope_key, tables_version
from layers.api.pagination import GeoJsonPagination
from layers.models import (
    Building,
    Community,
    GridCell,
    HousingProject,
    MilitaryZone,
    OwnerUnit,
    StaffProfile,
    Subdistrict,
)
from layers.permissions import scope_base_layer, scope_grid_cells

SAFETY_SECONDS = 600


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


@method_decorator(gzip_page, name="dispatch")
class LayerViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "code"
    pagination_class = LayerPagination
    filter_backends = [BBoxFilter]
    bbox_filter_field = "geom"
    scope = staticmethod(scope_base_layer)

    def get_queryset(self):
        return self.scope(self.request.user, super().get_queryset())

    # Tables besides the layer's own whose rows its features or the reader's scope read.
    related: tuple = ()

    def list(self, request, *args, **kwargs):
        # The page's `next` link is built from the request's host: it belongs in the key too.
        parts = [type(self).__name__, request.get_full_path(), request.get_host(), request.scheme]
        tables = [self.queryset.model._meta.db_table, StaffProfile._meta.db_table, *self.related]
        parts += [scope_key(request.user), tables_version(tables), int(time.time() // SAFETY_SECONDS)]
        key = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        return conditional(request, key, lambda: super(LayerViewSet, self).list(request, *args, **kwargs).data)


class SubdistrictViewSet(LayerViewSet):
    queryset = Subdistrict.objects.all()
    serializer_class = SubdistrictSerializer


class CommunityViewSet(LayerViewSet):
    queryset = Community.objects.all()
    serializer_class = CommunitySerializer


class HousingProjectViewSet(LayerViewSet):
    queryset = HousingProject.objects.select_related("community").prefetch_related("owner_units")
    serializer_class = HousingProjectSerializer
    related = (Community._meta.db_table, OwnerUnit._meta.db_table, HousingProject.owner_units.through._meta.db_table)


class BuildingViewSet(LayerViewSet):
    queryset = Building.objects.select_related("estate").prefetch_related("owner_units")
    serializer_class = BuildingSerializer
    related = (HousingProject._meta.db_table, OwnerUnit._meta.db_table, Building.owner_units.through._meta.db_table)


class MilitaryZoneViewSet(LayerViewSet):
    queryset = MilitaryZone.objects.all()
    serializer_class = MilitaryZoneSerializer


class GridCellViewSet(LayerViewSet):
    queryset = GridCell.objects.select_related("community", "grid_worker")
    serializer_class = GridCellSerializer
    related = (Community._meta.db_table, get_user_model()._meta.db_table)
    scope = staticmethod(scope_grid_cells)
