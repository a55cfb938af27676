from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from map_ui.jsi18n import javascript_catalog

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/<str:language>/", javascript_catalog, name="javascript-catalog"),
    path("api/", include("layers.api.urls")),
    path("open311/v2/", include("layers.api.open311.urls")),
    path("ogcapi/", include("layers.api.ogc.urls")),
    path("tiles/", include("layers.api.tiles.urls")),
    path("", include("map_ui.urls")),
]

# Chinese-first pages for people, JSON for programs (map_ui/errors.py).
handler400 = "map_ui.errors.bad_request"
handler403 = "map_ui.errors.permission_denied"
handler404 = "map_ui.errors.page_not_found"
handler500 = "map_ui.errors.server_error"
