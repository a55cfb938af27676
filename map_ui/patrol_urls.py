"""/planner/patrols/: printable patrol routes (filled by the patrols engineer)."""

urlpatterns = []
