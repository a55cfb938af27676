"""URL routes of layers.api.analytics (filled in by its own modules)."""

urlpatterns = []
