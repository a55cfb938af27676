"""Routes of layers.api.dashboard, mounted under /api/dashboard/ by layers/api/urls.py."""

from django.urls import path

from layers.api.dashboard import views

urlpatterns = [
    path("summary/", views.SummaryView.as_view(), name="dashboard-summary"),
    path("communities/", views.CommunitiesView.as_view(), name="dashboard-communities"),
    path("hotspots/", views.HotspotsView.as_view(), name="dashboard-hotspots"),
    path("heat/", views.HeatView.as_view(), name="dashboard-heat"),
    path("unit/", views.UnitView.as_view(), name="dashboard-unit"),
]
