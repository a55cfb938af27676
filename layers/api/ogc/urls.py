"""URL routes of layers.api.ogc (filled in by its own modules)."""

urlpatterns = []
