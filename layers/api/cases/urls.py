"""URL routes of layers.api.cases (filled in by its own modules)."""

urlpatterns = []
