"""Open311 GeoReport v2 reads: discovery, services, services/{code}, requests, requests/{id}, tokens/{token}.

Public: no login, no personal data (layers/api/open311/public.py decides what a request shows).
Errors follow the spec: an errors/error{code, description} document with 400, 403 or 404.

The resources are DRF views only so that the OpenAPI schema describes them (schema.py); DRF adds
nothing to what they do (GeoReportView says why).
"""

import functools

from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from layers.api.export.negotiation import FirstRenderer
from layers.models import Category, Complaint

from . import schema
from .create import create_request
from .formats import errors, render
from .mapping import ATTRIBUTES, SERVICE_TYPE, SPECIFICATION, service_notice
from .public import public_request
from .queries import Open311Error, parse_token, requests_queryset

# Last change of the services or their definitions (the spec's discovery changeset): the attribute
# list is code; categories are data, edited in the admin without a changeset of their own.
CHANGESET = "2026-11-26T00:00:00+08:00"


def spec_errors(method):
    """Turn Open311Error into the spec's error document, in the format the client asked for."""

    @functools.wraps(method)
    def wrapped(self, request, *args, fmt, **kwargs):
        try:
            return method(self, request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            response = errors(fmt, exc.status, *exc.descriptions)
            if exc.retry_after:
                response["Retry-After"] = str(exc.retry_after)
            return response

    return wrapped


class GeoReportView(APIView):
    """One GeoReport v2 resource. No DRF authentication or permission: reads are public, and POST
    requests checks its api_key itself (create.py); no content negotiation: the format is the
    path's .xml or .json; a method the resource does not have gets the spec's error document.
    CSRF does not apply (APIView is csrf_exempt): a POST is authenticated by its api_key in the
    body, never by a session cookie."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = ()
    renderer_classes = (JSONRenderer,)
    content_negotiation_class = FirstRenderer
    http_method_names = ["get", "head"]

    def http_method_not_allowed(self, request, *args, fmt="xml", **kwargs):
        allowed = [method.upper() for method in self.http_method_names if method != "head"]
        response = errors(
            fmt, 405, f"不支持的方法 {request.method} (method not allowed); 可用 (allowed) {', '.join(allowed)}"
        )
        response["Allow"] = ", ".join(allowed)
        return response


class Discovery(GeoReportView):
    @extend_schema(operation_id="open311_discovery", **schema.discovery())
    @spec_errors
    def get(self, request, fmt):
        endpoint = request.build_absolute_uri(reverse("open311-root"))
        data = {
            "changeset": CHANGESET,
            "contact": "五里店街道接诉即办办公室 (Wulidian sub-district, 12345 case office)",
            "key_service": "api_key 为本系统账号的 API 令牌，请向系统管理员申请"
            " (the api_key is an account's API token; ask the system administrator for one)",
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": endpoint.rstrip("/"),
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        }
        return render(fmt, "discovery", data)


class Root(Discovery):
    """The spec puts nothing at the root; the discovery document (XML) is the natural landing page."""

    @extend_schema(operation_id="open311_root", **schema.root())
    def get(self, request, fmt="xml"):
        return super().get(request, fmt=fmt)


def _service(category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": f"{category.name}。{service_notice(category)}",
        "metadata": True,
        "type": SERVICE_TYPE,
        # The 12345 names mapped to the category (CategoryMapping): what a client may search for.
        "keywords": ", ".join(mapping.name for mapping in category.mappings.all()),
        "group": category.parent.name if category.parent else category.name,
    }


class Services(GeoReportView):
    @extend_schema(operation_id="open311_services", **schema.services())
    @spec_errors
    def get(self, request, fmt):
        categories = Category.objects.select_related("parent").prefetch_related("mappings").order_by("code")
        return render(fmt, "services", [_service(c) for c in categories])


class ServiceDefinition(GeoReportView):
    @extend_schema(operation_id="open311_service_definition", **schema.service_definition())
    @spec_errors
    def get(self, request, service_code, fmt):
        if not Category.objects.filter(code=service_code).exists():
            raise Open311Error(404, f"service_code 不存在 (service_code not found): {service_code}")
        data = {"service_code": service_code, "attributes": ATTRIBUTES}
        return render(fmt, "service_definition", data)


class Requests(GeoReportView):
    http_method_names = ["get", "head", "post"]

    @extend_schema(operation_id="open311_requests", **schema.requests())
    @spec_errors
    def get(self, request, fmt):
        found = requests_queryset(request.query_params)
        return render(fmt, "service_requests", [public_request(c) for c in found])

    @extend_schema(operation_id="open311_create_request", **schema.create_request())
    @spec_errors
    def post(self, request, fmt):
        # The form as Django parsed it: the spec's parameters are form fields, api_key among them.
        return create_request(request._request, fmt)


class RequestDetail(GeoReportView):
    @extend_schema(operation_id="open311_request", **schema.request_detail())
    @spec_errors
    def get(self, request, service_request_id, fmt):
        complaint = (
            requests_queryset({"service_request_id": service_request_id}).first()
            if service_request_id.isdigit()
            else None
        )
        if complaint is None:
            raise Open311Error(404, f"service_request_id 不存在 (not found): {service_request_id}")
        return render(fmt, "service_requests", [public_request(complaint)])


class TokenView(GeoReportView):
    @extend_schema(operation_id="open311_token", **schema.token())
    @spec_errors
    def get(self, request, token, fmt):
        # Tokens are the client_uuid a client sent with its request (attribute[client_uuid]): a client
        # that lost the answer to its POST finds its request again here.
        key = parse_token(token)
        found = Complaint.objects.filter(client_uuid=key).values_list("pk", flat=True).first() if key else None
        if found is None:
            raise Open311Error(404, f"token 不存在 (token not found): {token}")
        return render(fmt, "service_requests", [{"service_request_id": found, "token": token}])


@csrf_exempt  # it changes nothing: a POST to a wrong address gets the spec's 404, not a CSRF refusal
def not_found(request, path):
    fmt = "json" if path.endswith(".json") else "xml"
    return errors(
        fmt,
        404,
        f"没有此资源 (no such resource): {path}; 格式须为 .xml 或 .json (the format must be .xml or .json)",
    )
