"""URL routes of layers.api.tiles (filled in by its own modules)."""

urlpatterns = []
