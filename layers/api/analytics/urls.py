"""URL routes of layers.api.analytics."""

from django.urls import path

from layers.api.analytics import views

urlpatterns = [
    path("hotspots/", views.HotspotsView.as_view(), name="hotspots"),
    path("stats/totals/", views.TotalsView.as_view(), name="stats-totals"),
    path("stats/counts/", views.CountsView.as_view(), name="stats-counts"),
    path("stats/units/", views.UnitsView.as_view(), name="stats-units"),
    path("stats/density/", views.DensityView.as_view(), name="stats-density"),
    path("stats/emerging/", views.EmergingView.as_view(), name="stats-emerging"),
    path("stats/rates/", views.RatesView.as_view(), name="stats-rates"),
    path("stats/ledger/", views.LedgerView.as_view(), name="stats-ledger"),
    path("stats/weekly/<str:week>/", views.WeeklyReportView.as_view(), name="stats-weekly"),
]
