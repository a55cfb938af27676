"""URL routes of layers.api.tiles, mounted at /tiles/."""

from django.urls import path

from layers.api.tiles.views import TileView

urlpatterns = [
    path("<slug:layer>/<int:z>/<int:x>/<int:y>.pbf", TileView.as_view(), name="tile"),
]
