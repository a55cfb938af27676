"""URL routes of layers.api.export (filled in by its own modules)."""

urlpatterns = []
