"""/planner/patrols/: printable patrol routes (map_ui/patrols.py)."""

from django.urls import path

from map_ui.patrols import patrol_page

urlpatterns = [
    path("", patrol_page, name="planner-patrols"),
]
