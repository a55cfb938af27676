from django.urls import path

from map_ui import views

app_name = "map_ui"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("healthz", views.healthz, name="healthz"),
]
