from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from layers.api.gis import layers
from layers.api.gis.locate import LocateView
from layers.api.root import EveryEndpointRoot

router = DefaultRouter()
router.APIRootView = EveryEndpointRoot  # /api/ lists every endpoint, not only this router's
router.register("layers/subdistrict", layers.SubdistrictViewSet, basename="layer-subdistrict")
router.register("layers/communities", layers.CommunityViewSet, basename="layer-communities")
router.register("layers/housing-projects", layers.HousingProjectViewSet, basename="layer-housing-projects")
router.register("layers/buildings", layers.BuildingViewSet, basename="layer-buildings")
router.register("layers/military-zones", layers.MilitaryZoneViewSet, basename="layer-military-zones")
router.register("layers/grid-cells", layers.GridCellViewSet, basename="layer-grid-cells")

urlpatterns = [
    path("locate/", LocateView.as_view(), name="locate"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("schema/ui/", SpectacularSwaggerView.as_view(url_name="schema"), name="schema-ui"),
    path("", include(router.urls)),
    path("", include("layers.api.cases.urls")),
    path("", include("layers.api.notifications.urls")),
    path("", include("layers.api.analytics.urls")),
    path("", include("layers.api.export.urls")),
    path("", include("layers.api.cogov.urls")),
    path("", include("layers.api.planning.urls")),
    path("dashboard/", include("layers.api.dashboard.urls")),
    path("desk/", include("layers.api.desk.urls")),
]
