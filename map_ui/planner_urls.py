"""/planner/: the planners' pages (ranking, packages, before/after, patrols)."""

from django.urls import include, path

from map_ui import planner

urlpatterns = [
    path("", planner.ranking_page, name="planner"),
    path("packages/", planner.packages_page, name="planner-packages"),
    path("before-after/", planner.before_after_page, name="planner-before-after"),
    path("patrols/", include("map_ui.patrol_urls")),
]
