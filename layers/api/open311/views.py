"""Open311 GeoReport v2 reads: discovery, services, services/{code}, requests, requests/{id}, tokens/{token}.

Public: no login, no personal data (layers/api/open311/public.py decides what a request shows).
Errors follow the spec: an errors/error{code, description} document with 400, 403 or 404.
"""

import functools

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from layers.models import Category, Complaint

from .create import create_request
from .formats import errors, render
from .mapping import ATTRIBUTES, SERVICE_TYPE, SPECIFICATION, service_notice
from .public import public_request
from .queries import Open311Error, parse_token, requests_queryset

# Last change of the services or their definitions (the spec's discovery changeset): the attribute
# list is code; categories are data, edited in the admin without a changeset of their own.
CHANGESET = "2026-11-26T00:00:00+08:00"


def spec_errors(view):
    """Turn Open311Error into the spec's error document, in the format the client asked for."""

    @functools.wraps(view)
    def wrapped(request, *args, fmt, **kwargs):
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            response = errors(fmt, exc.status, *exc.descriptions)
            if exc.retry_after:
                response["Retry-After"] = str(exc.retry_after)
            return response

    return wrapped


def _only(request, fmt, *methods) -> HttpResponse | None:
    if request.method in methods:
        return None
    response = errors(
        fmt, 405, f"不支持的方法 {request.method} (method not allowed); 可用 (allowed) {', '.join(methods)}"
    )
    response["Allow"] = ", ".join(methods)
    return response


@spec_errors
def discovery(request, fmt):
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
    return _only(request, fmt, "GET") or render(fmt, "discovery", data)


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


@spec_errors
def services(request, fmt):
    categories = Category.objects.select_related("parent").prefetch_related("mappings").order_by("code")
    return _only(request, fmt, "GET") or render(fmt, "services", [_service(c) for c in categories])


@spec_errors
def service_definition(request, service_code, fmt):
    if not Category.objects.filter(code=service_code).exists():
        raise Open311Error(404, f"service_code 不存在 (service_code not found): {service_code}")
    data = {"service_code": service_code, "attributes": ATTRIBUTES}
    return _only(request, fmt, "GET") or render(fmt, "service_definition", data)


@csrf_exempt  # POST is authenticated by api_key in the body, never by a session cookie
@spec_errors
def requests(request, fmt):
    if request.method == "POST":
        return create_request(request, fmt)
    refused = _only(request, fmt, "GET", "POST")
    if refused:
        return refused
    found = requests_queryset(request.GET)
    return render(fmt, "service_requests", [public_request(c) for c in found])


@spec_errors
def request_detail(request, service_request_id, fmt):
    complaint = (
        requests_queryset({"service_request_id": service_request_id}).first() if service_request_id.isdigit() else None
    )
    if complaint is None:
        raise Open311Error(404, f"service_request_id 不存在 (not found): {service_request_id}")
    return _only(request, fmt, "GET") or render(fmt, "service_requests", [public_request(complaint)])


@spec_errors
def token(request, token, fmt):
    # Tokens are the client_uuid a client sent with its request (attribute[client_uuid]): a client
    # that lost the answer to its POST finds its request again here.
    key = parse_token(token)
    found = Complaint.objects.filter(client_uuid=key).values_list("pk", flat=True).first() if key else None
    if found is None:
        raise Open311Error(404, f"token 不存在 (token not found): {token}")
    return _only(request, fmt, "GET") or render(
        fmt, "service_requests", [{"service_request_id": found, "token": token}]
    )


def not_found(request, path):
    fmt = "json" if path.endswith(".json") else "xml"
    return errors(
        fmt,
        404,
        f"没有此资源 (no such resource): {path}; 格式须为 .xml 或 .json (the format must be .xml or .json)",
    )
