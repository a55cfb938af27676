"""GeoJSON paging for the layer and co-governance lists, with a schema that matches the answer."""

from rest_framework_gis import pagination


class GeoJsonPagination(pagination.GeoJsonPagination):
    """drf-gis' paging. Its schema put the whole FeatureCollection drf-spectacular describes for the
    list serializer under "features" and still required "results"; the answer has the collection's
    features array there."""

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        collection = described["properties"]["features"].get("$ref")
        if collection:
            # A JSON pointer into the FeatureCollection component: its "features" array.
            described["properties"]["features"] = {"$ref": f"{collection}/properties/features"}
        described["required"] = ["type", "count", "features"]
        return described
