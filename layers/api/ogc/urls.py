"""URL routes of layers.api.ogc, mounted at /ogcapi/ (OGC API – Features Part 1)."""

from django.urls import path

from layers.api.ogc import views

urlpatterns = [
    path("", views.LandingView.as_view(), name="ogc-landing"),
    path("conformance", views.ConformanceView.as_view(), name="ogc-conformance"),
    path("api", views.ApiDefinitionView.as_view(), name="ogc-api"),
    path("collections", views.CollectionsView.as_view(), name="ogc-collections"),
    # str, not slug: an unknown collection gets OGC's own NotFound document, as GDAL and QGIS expect.
    path("collections/<str:collection_id>", views.CollectionView.as_view(), name="ogc-collection"),
    path("collections/<str:collection_id>/items", views.ItemsView.as_view(), name="ogc-items"),
    path("collections/<str:collection_id>/items/<str:feature_id>", views.ItemView.as_view(), name="ogc-item"),
]
