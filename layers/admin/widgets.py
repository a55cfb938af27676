"""An offline map for geometries in the admin.

Django's GIS admin widgets load OpenLayers from a CDN and draw remote base tiles; the service runs
offline and serves nothing from outside (ground rules), so geometries are shown on a tile-less
Leaflet map from our own static files, beside their GeoJSON text.
"""

from django.contrib.gis.forms.widgets import BaseGeometryWidget


class OfflineMapWidget(BaseGeometryWidget):
    """GeoJSON in a text area plus a Leaflet preview drawn from it (no base tiles, no network)."""

    template_name = "layers/admin/geometry_widget.html"
    map_srid = 4326

    class Media:
        css = {"all": ("vendor/leaflet/leaflet.css",)}
        js = ("vendor/leaflet/leaflet.js", "layers/admin/geometry.js")

    def serialize(self, value):
        # GeoJSON rather than WKT: Leaflet reads it directly and GEOSGeometry parses it back.
        return value.json if value else ""
