"""The export layers in the OpenAPI schema: each layer's features (properties from the export
registry, layers/exporters/fields.py, so the schema follows the files) and the parameters that
narrow a layer, shared by the downloads, the fast GeoJSON, OGC API Features and the tiles."""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from layers.api.geojson_schema import CollectionType, FeatureType, Geometry, feature
from layers.api.openapi import DATE_OR_DATETIME, AnyOf, comma_list_schema
from layers.exporters import FORMATS, LAYERS, OUTPUT_CRS
from layers.exporters import fields as f
from layers.models import Complaint

_KINDS = {
    f.STR: serializers.CharField,
    f.INT: serializers.IntegerField,
    f.FLOAT: serializers.FloatField,
    f.BOOL: serializers.BooleanField,
    f.DATETIME: serializers.DateTimeField,
}


def _component(layer_name: str) -> str:
    return "".join(part.title() for part in layer_name.split("-"))


def _properties(layer) -> type[serializers.Serializer]:
    # Every column may be NULL in the database (a community without a department, a case not yet
    # responded to): the registry says the type, not whether a value is there.
    fields = {x.name: _KINDS[x.kind](allow_null=True, help_text=x.label) for x in layer.fields}
    return type(f"Export{_component(layer.name)}Properties", (serializers.Serializer,), fields)


def _feature(layer):
    id_type = "integer" if layer.id_field == "id" else "string"
    # Complaints without a location are never exported; the base layers always have a geometry.
    return feature(f"Export{_component(layer.name)}Feature", _properties(layer), id_type)


FEATURES = {name: _feature(layer) for name, layer in LAYERS.items()}


def layer_feature(**kwargs) -> AnyOf:
    """A feature of any export layer (the layer is a path parameter)."""
    return AnyOf(name="LayerFeature", choices=list(FEATURES.values()), **kwargs)


class LayerFeatures(serializers.Serializer):
    type = CollectionType()
    features = layer_feature(many=True)


def layer_parameter(location=OpenApiParameter.QUERY, **kwargs) -> OpenApiParameter:
    return OpenApiParameter("layer", str, location, enum=list(LAYERS), **kwargs)


BBOX = {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4}
COMPLAINT_FILTERS = [
    OpenApiParameter("since", DATE_OR_DATETIME, description="诉求：接诉时间起（含）/ complaints received from"),
    OpenApiParameter("until", DATE_OR_DATETIME, description="诉求：接诉时间止（不含）/ complaints received before"),
    OpenApiParameter(
        "category", {"type": "array", "items": {"type": "string"}, "minItems": 1}, description="分类编码（含子类）"
    ),
    OpenApiParameter("status", comma_list_schema(Complaint.Status.values), description="状态 / status"),
    OpenApiParameter("community", str, description="社区编码 / community code"),
    OpenApiParameter("area", str, description="片区编码 / area code"),
]
LAYER_FILTERS = [
    OpenApiParameter("bbox", BBOX, description="minlon,minlat,maxlon,maxlat (CRS84)"),
    *COMPLAINT_FILTERS,
]
EXPORT_PARAMETERS = [
    layer_parameter(required=True),
    OpenApiParameter("format", str, enum=list(FORMATS), required=True, description="文件格式 / file format"),
    OpenApiParameter("srid", str, enum=list(OUTPUT_CRS), description="默认 4326；KML 仅经纬度 / default 4326"),
    *LAYER_FILTERS,
]
GEOJSON_FILE = FORMATS["geojson"].media_type
# The other formats are files a client saves; GeoJSON is also a document it may read (below).
FILE_MEDIA_TYPES = sorted({fmt.media_type for fmt in FORMATS.values()} - {GEOJSON_FILE})


class FileFeature(serializers.Serializer):
    type = FeatureType()
    properties = serializers.DictField(help_text="the layer's fields, as in the other formats")
    geometry = Geometry(allow_null=True, help_text="in the srid asked for")


class GeoJsonFile(serializers.Serializer):
    """The GeoJSON file GDAL writes: the layer's name and CRS beside the features."""

    type = CollectionType()
    name = serializers.CharField()
    crs = serializers.DictField(required=False)
    features = FileFeature(many=True)
