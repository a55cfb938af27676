"""/api/planning/: renovation evidence, packages, before/after and patrol plans (one module each)."""

from django.urls import include, path

urlpatterns = [
    path("planning/", include("layers.api.planning.renovation")),
    path("planning/", include("layers.api.planning.packages")),
    path("planning/", include("layers.api.planning.patrols")),
]
