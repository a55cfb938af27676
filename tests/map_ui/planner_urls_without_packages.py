"""A URLconf with the renovation API but not the packages API, as before its engineer mounts it."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/planning/", include("layers.api.planning.renovation")),
    path("", include("map_ui.urls")),
]
