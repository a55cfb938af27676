"""URL routes of layers.api.open311 (filled in by its own modules)."""

urlpatterns = []
