"""URL routes of layers.api.open311, mounted at /open311/v2/ (GeoReport v2: resource.format)."""

from django.urls import path, re_path

from . import views

FMT = r"\.(?P<fmt>xml|json)$"

urlpatterns = [
    # The spec puts nothing at the root; the discovery document is the natural landing page.
    path("", views.discovery, {"fmt": "xml"}, name="open311-root"),
    re_path(r"^discovery" + FMT, views.discovery, name="open311-discovery"),
    re_path(r"^services" + FMT, views.services, name="open311-services"),
    re_path(r"^services/(?P<service_code>[^/]+?)" + FMT, views.service_definition, name="open311-service"),
    re_path(r"^requests" + FMT, views.requests, name="open311-requests"),
    re_path(r"^requests/(?P<service_request_id>[^/]+?)" + FMT, views.request_detail, name="open311-request"),
    re_path(r"^tokens/(?P<token>[^/]+?)" + FMT, views.token, name="open311-token"),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
