"""The project's URLs plus the co-governance routes, until the lead mounts them in
layers/api/urls.py and map_ui/urls.py (then these tests run the same through either)."""

from django.urls import include, path

from geo_gov.urls import urlpatterns as project_urlpatterns
from map_ui.topics import topic_page

urlpatterns = [
    path("api/", include("layers.api.cogov.urls")),
    path("topics/<str:code>/", topic_page, name="topic"),
    *project_urlpatterns,
]
