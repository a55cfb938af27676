"""URL routes of layers.api.export, mounted under /api/: the download and the fast GeoJSON layers.

/api/layers/<layer>.geojson would collide with the DRF router's format suffixes for the six base
layers (owned by layers/api/gis), so every layer is at /api/export/geojson/<layer>/ and only
complaints, which have no router entry, also at /api/layers/complaints.geojson.
"""

from django.urls import path

from layers.api.export.views import ExportView, FastGeoJSONView

urlpatterns = [
    path("export/", ExportView.as_view(), name="export"),
    path("export/geojson/<slug:layer>/", FastGeoJSONView.as_view(), name="export-geojson"),
    path("layers/complaints.geojson", FastGeoJSONView.as_view(), {"layer": "complaints"}, name="complaints-geojson"),
]
