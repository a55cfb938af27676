"""GeoJSON (RFC 7946) in the OpenAPI schema: geometries, features and collections of our answers.

Many answers are GeoJSON built as plain dicts (in SQL or by the analytics), not by drf-gis'
serializers; feature_collection() describes one of them from the serializer of its properties.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

GEOMETRY_TYPES = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"]
GEOMETRY = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": GEOMETRY_TYPES},
        "coordinates": {"type": "array", "description": "WGS84 longitude, latitude"},
    },
}


@extend_schema_field(GEOMETRY)
class Geometry(serializers.JSONField):
    """A GeoJSON geometry in WGS84."""


@extend_schema_field({"type": "string", "enum": ["Feature"]})
class FeatureType(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "enum": ["FeatureCollection"]})
class CollectionType(serializers.CharField):
    pass


def _id_field(id_type: str) -> serializers.Field:
    return serializers.IntegerField() if id_type == "integer" else serializers.CharField()


def feature(name: str, properties: type[serializers.Serializer], id_type: str = "string", nullable=False):
    """The serializer class of a Feature (component `name`) whose properties are `properties`."""
    fields = {
        "type": FeatureType(),
        "id": _id_field(id_type),
        "geometry": Geometry(allow_null=nullable),
        "properties": properties(),
        "Meta": type("Meta", (), {"ref_name": name}),
    }
    return type(name, (serializers.Serializer,), fields)


def feature_collection(name: str, properties: type[serializers.Serializer], id_type="string", nullable=False, **extra):
    """The serializer class of a FeatureCollection (component `name`) of features of `properties`,
    with `extra` fields beside "features"."""
    item = feature(f"{name}Feature", properties, id_type, nullable)
    fields = {
        "type": CollectionType(),
        "features": item(many=True),
        **extra,
        "Meta": type("Meta", (), {"ref_name": name}),
    }
    return type(name, (serializers.Serializer,), fields)
