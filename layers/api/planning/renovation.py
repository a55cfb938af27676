"""/api/planning/ routes for renovation (filled by its engineer)."""

urlpatterns = []
