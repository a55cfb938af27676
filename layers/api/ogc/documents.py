"""The JSON documents of OGC API – Features Part 1: landing page, conformance, collections, links.

Coordinates are CRS84 (longitude, latitude on WGS 84), the only CRS Part 1 requires; agencies that
need 4490/4548/GCJ-02 use the file exports.
"""

from django.db import connection

from layers.exporters import LAYERS, ExportLayer

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GEOJSON, JSON, HTML, OPENAPI = (
    "application/geo+json",
    "application/json",
    "text/html",
    "application/vnd.oai.openapi+json;version=3.0",
)
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
TITLE = "五里店街道网格治理地图 · Wulidian grid-governance layers"


def link(href: str, rel: str, media_type: str, title: str = "") -> dict:
    return {"href": href, "rel": rel, "type": media_type, **({"title": title} if title else {})}


def landing(base: str) -> dict:
    return {
        "title": TITLE,
        "description": "街道、社区、住宅项目、楼栋、涉军单位、网格与诉求(不含个人信息) · OGC API – Features Part 1",
        "links": [
            link(base, "self", JSON, "本页 · this document"),
            link(f"{base}?f=html", "alternate", HTML, "本页HTML · this document as HTML"),
            link(f"{base}api", "service-desc", OPENAPI, "API定义 · API definition"),
            link(f"{base}conformance", "conformance", JSON, "符合性 · conformance classes"),
            link(f"{base}collections", "data", JSON, "图层 · collections"),
        ],
    }


def conformance() -> dict:
    return {"conformsTo": CONFORMANCE}


def _extent(layer: ExportLayer) -> dict:
    """Bounding box (CRS84) of the layer and, for complaints, the interval of their receipt times."""
    t = layer.temporal
    times = f"min({t}) AS t0, max({t}) AS t1" if t else "NULL::timestamptz AS t0, NULL::timestamptz AS t1"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), t0, t1 FROM "
            f"(SELECT ST_Extent({layer.geom}) AS e, {times} FROM {layer.from_sql} WHERE {layer.where}) s"
        )
        xmin, ymin, xmax, ymax, start, end = cursor.fetchone()
    # An empty layer has no extent of its own; the whole world is the valid "anything" answer.
    bbox = [xmin, ymin, xmax, ymax] if xmin is not None else [-180, -90, 180, 90]
    extent = {"spatial": {"bbox": [bbox], "crs": CRS84}}
    if layer.temporal:
        interval = [[start.isoformat() if start else None, end.isoformat() if end else None]]
        extent["temporal"] = {"interval": interval, "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}
    return extent


def collection(base: str, layer: ExportLayer) -> dict:
    items = f"{base}collections/{layer.name}/items"
    return {
        "id": layer.name,
        "title": f"{layer.title} · {layer.title_en}",
        "description": "; ".join(f"{x.name}: {x.label}" for x in layer.fields),
        "itemType": "feature",
        "extent": _extent(layer),
        "crs": [CRS84],
        "storageCrs": CRS84,
        "links": [
            link(f"{base}collections/{layer.name}", "self", JSON, layer.title),
            link(f"{base}collections/{layer.name}?f=html", "alternate", HTML, layer.title),
            link(items, "items", GEOJSON, f"{layer.title}要素 · features"),
            link(f"{items}?f=html", "items", HTML, f"{layer.title}要素 · features"),
        ],
    }


def collections(base: str) -> dict:
    return {
        "links": [
            link(f"{base}collections", "self", JSON, "图层 · collections"),
            link(f"{base}collections?f=html", "alternate", HTML, "图层 · collections"),
        ],
        "collections": [collection(base, layer) for layer in LAYERS.values()],
    }


def openapi(base: str) -> dict:
    """A minimal OpenAPI 3.0 description of these endpoints (the oas30 conformance class)."""
    param = {"in": "query", "required": False, "schema": {"type": "string"}}
    items_params = [{"name": n, **param} for n in ("bbox", "limit", "offset", "datetime", "f")]
    ok = {"200": {"description": "OK"}}
    paths = {
        "/": {"get": {"summary": "Landing page", "responses": ok}},
        "/conformance": {"get": {"summary": "Conformance classes", "responses": ok}},
        "/collections": {"get": {"summary": "Collections", "responses": ok}},
        "/collections/{collectionId}": {"get": {"summary": "Collection", "responses": ok}},
        "/collections/{collectionId}/items": {
            "get": {"summary": "Features", "parameters": items_params, "responses": ok}
        },
        "/collections/{collectionId}/items/{featureId}": {"get": {"summary": "Feature", "responses": ok}},
    }
    for spec in paths.values():
        spec["get"].setdefault("parameters", [])
    return {
        "openapi": "3.0.3",
        "info": {"title": TITLE, "version": "1.0"},
        "servers": [{"url": base.rstrip("/")}],
        "components": {"securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "Authorization"}}},
        "security": [{"token": []}],
        "paths": paths,
    }
