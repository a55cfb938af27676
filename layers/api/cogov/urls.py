"""Routes of layers.api.cogov, mounted under /api/ by layers/api/urls.py."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from layers.api.cogov.directory import PartnerViewSet, VolunteerTeamViewSet
from layers.api.cogov.summons import SummonsViewSet
from layers.api.cogov.topics import TopicViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("topics", TopicViewSet, basename="topic")
router.register("partners", PartnerViewSet, basename="partner")
router.register("volunteer-teams", VolunteerTeamViewSet, basename="volunteer-team")
router.register("summons", SummonsViewSet, basename="summons")

urlpatterns = [path("", include(router.urls))]
