"""Routes of layers.api.desk, mounted under /api/desk/ by layers/api/urls.py."""

from django.urls import path

from layers.api.desk.assign import AssignView

urlpatterns = [path("assign/", AssignView.as_view(), name="desk-assign")]
