"""URL routes of layers.api.open311, mounted at /open311/v2/ (GeoReport v2: resource.format)."""

from django.urls import path, re_path

from . import views

FMT = r"\.(?P<fmt>xml|json)$"

urlpatterns = [
    # The spec puts nothing at the root; the discovery document is the natural landing page.
    path("", views.Root.as_view(), {"fmt": "xml"}, name="open311-root"),
    re_path(r"^discovery" + FMT, views.Discovery.as_view(), name="open311-discovery"),
    re_path(r"^services" + FMT, views.Services.as_view(), name="open311-services"),
    re_path(r"^services/(?P<service_code>[^/]+?)" + FMT, views.ServiceDefinition.as_view(), name="open311-service"),
    re_path(r"^requests" + FMT, views.Requests.as_view(), name="open311-requests"),
    re_path(r"^requests/(?P<service_request_id>[^/]+?)" + FMT, views.RequestDetail.as_view(), name="open311-request"),
    re_path(r"^tokens/(?P<token>[^/]+?)" + FMT, views.TokenView.as_view(), name="open311-token"),
    # Any other address, newlines included (. does not match one): the spec's 404 document.
    re_path(r"^(?P<path>[\s\S]*)$", views.not_found),
]
