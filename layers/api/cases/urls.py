"""URL routes of layers.api.cases, mounted under /api/."""

from rest_framework.routers import SimpleRouter

from .complaints import ComplaintViewSet

router = SimpleRouter()
router.register("complaints", ComplaintViewSet, basename="complaint")

urlpatterns = router.urls
