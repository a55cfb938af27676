"""/api/: every endpoint of the service, as links, and the schema.

DRF's DefaultRouter lists only the viewsets registered on its own router (the six layers); the
complaints, statistics, dashboard, planning, export and co-governance endpoints are mounted by other
routers and plain paths, so a person opening /api/ could not find them. This root walks the URLconf
instead: whatever is mounted is listed, with no list to keep up to date by hand. Endpoints that take
a parameter are shown as a template ({pk}, {code} ...), the others as links.
"""

import re

from django.urls import URLPattern, URLResolver, get_resolver, get_script_prefix, reverse
from rest_framework.response import Response
from rest_framework.routers import APIRootView

# Machine-readable APIs mounted beside /api/: their own standards (GeoReport v2, OGC API Features,
# MVT tiles) and the phone page's few lookups.
OTHER_PREFIXES = ("open311/v2/", "ogcapi/", "tiles/", "m/api/")
_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _routes(patterns, prefix=""):
    """(path template, name) of every named route below patterns, e.g. ("api/complaints/{pk}/", ...)."""
    for entry in patterns:
        text = _CONVERTER.sub(r"{\1}", _REGEX_GROUP.sub(r"{\1}", str(entry.pattern)))
        text = prefix + text.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, text)
        elif isinstance(entry, URLPattern) and entry.name and "{format}" not in text:
            yield text, entry.name


def endpoint_templates() -> dict[str, list[str]]:
    """Path templates (no leading slash) of the API endpoints: {"api": [...], "other": [...]}."""
    found = {"api": [], "other": []}
    for template, _name in _routes(get_resolver().url_patterns):
        if template.startswith("api/") and template != "api/":
            found["api"].append(template)
        elif template.startswith(OTHER_PREFIXES):
            found["other"].append(template)
    return {group: sorted(set(templates)) for group, templates in found.items()}


class EveryEndpointRoot(APIRootView):
    """API 根：全部接口 / the API root: every endpoint (links; {…} marks a parameter)."""

    def get(self, request, *args, **kwargs):
        base = request.build_absolute_uri(get_script_prefix())
        templates = endpoint_templates()
        return Response(
            {
                "schema": request.build_absolute_uri(reverse("schema")),
                "docs": request.build_absolute_uri(reverse("schema-ui")),
                "endpoints": {path.removeprefix("api/").rstrip("/"): base + path for path in templates["api"]},
                "other_apis": {path.rstrip("/"): base + path for path in templates["other"]},
            }
        )
