"""/api/planning/ routes for packages (filled by its engineer)."""

urlpatterns = []
