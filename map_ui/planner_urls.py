"""/planner/: the planners' pages (ranking, packages, before/after, patrols)."""

from django.urls import include, path

urlpatterns = [
    path("patrols/", include("map_ui.patrol_urls")),
]
