"""Routes of the grid workers' mobile page, included at /m/ by map_ui/urls.py."""

from django.urls import path

from map_ui import mobile, mobile_api

urlpatterns = [
    path("", mobile.mobile_page, name="mobile"),
    path("manifest.webmanifest", mobile.manifest, name="mobile-manifest"),
    path("sw.js", mobile.service_worker, name="mobile-sw"),
    path("api/categories/", mobile_api.categories, name="mobile-categories"),
    path("api/near-boundary/", mobile_api.near_boundary, name="mobile-near-boundary"),
]
