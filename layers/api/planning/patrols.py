"""/api/planning/ routes for patrols (filled by its engineer)."""

urlpatterns = []
