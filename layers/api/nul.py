"""Requests with a NUL character in their address are refused before any view reads them.

PostgreSQL text cannot hold NUL (0x00), so a code, filter or key carrying one (?category=%00,
/api/layers/communities/%00/) failed inside the database: a 500, found by the fuzz run
(tests/layers/api/test_api_fuzz.py). No address of this service means anything with one, so a
request whose path or query string has one is a 400: the standard's own error document under
/open311/ (GeoReport v2) and /ogcapi/ (OGC API), the site's 400 everywhere else (JSON for programs,
a page for people: handler400, map_ui/errors.py).
"""

from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.urls import get_resolver

from layers.api.open311.formats import errors

MESSAGE = "网址中不能有 NUL 字符 (the address must not contain a NUL character, %00)"


def _has_nul(request) -> bool:
    if "\x00" in request.path_info:
        return True
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _has_nul(request):
            return self.get_response(request)
        path = request.path_info
        if path.startswith("/open311/"):
            return errors("json" if path.endswith(".json") else "xml", 400, MESSAGE)
        if path.startswith("/ogcapi/"):
            document = {"code": "InvalidParameterValue", "description": MESSAGE}
            return JsonResponse(document, status=400, json_dumps_params={"ensure_ascii": False})
        return get_resolver().resolve_error_handler(400)(request, BadRequest(MESSAGE))
