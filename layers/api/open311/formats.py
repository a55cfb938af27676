"""GeoReport v2 output: the same data as XML (required by the spec) or JSON (the Spark convention).

The spec's JSON is a mechanical mapping of its XML: a list becomes a parent element whose
children all carry one singular tag (services → service, service_requests → request). ITEM_TAGS
is that mapping, so each view builds one Python structure and both formats come from it.
"""

import json
from datetime import datetime
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}

# Parent element → tag of each item, as in the spec's XML examples.
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def w3c_datetime(value: datetime | None) -> str | None:
    """ISO 8601 with the Beijing offset (+08:00), as the spec's w3 note requires a zone."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        item_tag = ITEM_TAGS[element.tag]
        for item in value:
            _fill(ET.SubElement(element, item_tag), item)
    else:
        # ElementTree escapes <, > and & itself: text stays text, never markup.
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    element = ET.Element(root)
    _fill(element, data)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def render(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    """One response in the requested format; `root` names the XML root element (dropped in JSON)."""
    body = json.dumps(data, ensure_ascii=False).encode("utf-8") if fmt == "json" else to_xml(root, data)
    return HttpResponse(body, status=status, content_type=FORMATS[fmt])


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The spec's error document: errors/error{code, description}, one entry per problem."""
    return render(fmt, "errors", [{"code": status, "description": text} for text in descriptions], status)
