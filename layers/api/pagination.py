"""GeoJSON paging for the layer and co-governance lists, with a schema that matches the answer."""

from rest_framework_gis import pagination


class GeoJsonPagination(pagination.GeoJsonPagination):
    """drf-gis' paging; its schema renames "results" to "features" but still requires "results"."""

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["required"] = ["type", "count", "features"]
        return described
