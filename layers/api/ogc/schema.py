"""OGC API – Features in our OpenAPI schema: its documents (documents.py builds them), their HTML
alternative (?f=html or a browser's Accept) and its exception document {code, description}."""

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from layers.api.export.schema import COMPLAINT_FILTERS, layer_feature
from layers.api.geojson_schema import CollectionType
from layers.exporters import LAYERS

from . import documents as docs

HTML_PAGE = OpenApiResponse(OpenApiTypes.STR, description="?f=html 或浏览器：同一文档的网页 / the same as a page")
F = OpenApiParameter("f", str, enum=["json", "html"], description="默认 json（浏览器为 html）/ default json")
COLLECTION_ID = OpenApiParameter("collection_id", str, OpenApiParameter.PATH, enum=list(LAYERS))


class Link(serializers.Serializer):
    href = serializers.URLField()
    rel = serializers.CharField()
    type = serializers.CharField()
    title = serializers.CharField(required=False)


class Landing(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    links = Link(many=True)


class Conformance(serializers.Serializer):
    conformsTo = serializers.ListField(child=serializers.URLField())


class Spatial(serializers.Serializer):
    bbox = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=4, max_length=4)
    )
    crs = serializers.URLField()


class Temporal(serializers.Serializer):
    interval = serializers.ListField(
        child=serializers.ListField(child=serializers.DateTimeField(allow_null=True), min_length=2, max_length=2)
    )
    trs = serializers.URLField()


class Extent(serializers.Serializer):
    spatial = Spatial()
    temporal = Temporal(required=False, help_text="complaints: the interval of their receipt times")


class OgcCollection(serializers.Serializer):
    id = serializers.ChoiceField(choices=list(LAYERS))
    title = serializers.CharField()
    description = serializers.CharField()
    itemType = serializers.ChoiceField(choices=["feature"])
    extent = Extent()
    crs = serializers.ListField(child=serializers.URLField())
    storageCrs = serializers.URLField()
    links = Link(many=True)


class Collections(serializers.Serializer):
    links = Link(many=True)
    collections = OgcCollection(many=True)


class Items(serializers.Serializer):
    type = CollectionType()
    features = layer_feature(many=True)
    numberMatched = serializers.IntegerField()
    numberReturned = serializers.IntegerField()
    timeStamp = serializers.DateTimeField()
    links = Link(many=True)


class OgcFeature(serializers.Serializer):
    """One feature of a layer (its properties as in the exports), with its links."""


class OgcFeatureScheme(OpenApiSerializerExtension):
    target_class = OgcFeature

    def map_serializer(self, auto_schema, direction):
        links = auto_schema.resolve_serializer(Link(many=True).child, direction).ref
        feature = auto_schema.resolve_serializer(layer_feature(), direction).ref
        with_links = {
            "type": "object",
            "required": ["links"],
            "properties": {"links": {"type": "array", "items": links}},
        }
        return {"allOf": [feature, with_links], "description": OgcFeature.__doc__}


class ApiDefinition(serializers.Serializer):
    """A minimal OpenAPI 3.0 description of /ogcapi/ (conformance class oas30)."""

    openapi = serializers.CharField()
    info = serializers.DictField()
    servers = serializers.ListField(child=serializers.DictField())
    components = serializers.DictField()
    security = serializers.ListField(child=serializers.DictField())
    paths = serializers.DictField(child=serializers.DictField())


class OgcException(serializers.Serializer):
    code = serializers.CharField(help_text="InvalidParameterValue, NotFound")
    description = serializers.CharField()


def document(serializer, description: str, media_type: str = docs.JSON) -> dict:
    """The responses of a document view: JSON (or GeoJSON), its HTML page, a bad `f` (400)."""
    return {
        (200, media_type): OpenApiResponse(serializer, description=description),
        (200, "text/html"): HTML_PAGE,
        400: OpenApiResponse(OgcException, description="参数有误 / InvalidParameterValue"),
    }


NOT_FOUND = {404: OpenApiResponse(OgcException, description="无此图层或要素 / NotFound")}
ITEMS_PARAMETERS = [
    COLLECTION_ID,
    OpenApiParameter("limit", {"type": "integer", "minimum": 1}, description="默认 100，最多 10000 / capped"),
    OpenApiParameter("offset", {"type": "integer", "minimum": 0}),
    OpenApiParameter(
        "bbox",
        {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4},
        description="minlon,minlat,maxlon,maxlat (CRS84)",
    ),
    OpenApiParameter("datetime", str, description="RFC 3339 时刻或区间 / instant or interval, .. for an open end"),
    F,
    *COMPLAINT_FILTERS,
]
