from django.urls import include, path

from map_ui import views
from map_ui.topics import topic_page

app_name = "map_ui"

urlpatterns = [
    path("", views.home, name="map"),
    path("dashboard/", views.map_page, name="dashboard"),
    path("exports/", include("map_ui.exports")),
    path("healthz", views.healthz, name="healthz"),
    path("reports/", include("map_ui.reports")),
    path("inbox/", include("map_ui.inbox")),
    path("m/", include("map_ui.mobile_urls")),
    path("topics/<str:code>/", topic_page, name="topic"),
    path("planner/", include("map_ui.planner_urls")),
    path("desk/", include("map_ui.desk_urls")),
]
