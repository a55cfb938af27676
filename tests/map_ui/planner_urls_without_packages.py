"""A URLconf with the renovation API but not the packages API, as before its engineer mounts it."""

from django.urls import include, path

from map_ui.jsi18n import javascript_catalog

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/<str:language>/", javascript_catalog, name="javascript-catalog"),
    path("api/planning/", include("layers.api.planning.renovation")),
    path("", include("map_ui.urls")),
]
