"""OGC API – Features Part 1 (Core, GeoJSON, HTML, OAS 3.0) at /ogcapi/, for QGIS and GDAL's OAPIF.

Needs a login like every API: `Authorization: Token …` (QGIS: an API-header authentication;
GDAL: GDAL_HTTP_HEADERS="Authorization: Token …") or a browser session; the roles of
layers.api.export.permissions. Read-only: only GET/HEAD/OPTIONS are routed, writes answer 405.
"""

import json
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import APIException
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from geo_gov.throttling import OgcThrottle
from layers.api.export.negotiation import FirstRenderer
from layers.api.export.permissions import CanExport
from layers.api.gis_auth import GIS_AUTHENTICATION
from layers.api.ogc import documents as docs
from layers.api.ogc import schema
from layers.api.ogc.html import render_html
from layers.exporters import COMPLAINT_PARAMS, LAYERS, ComplaintFilters, LayerQuery
from layers.exporters.filters import parse_bbox, parse_interval
from layers.exporters.geojson import count, feature_sql, single_feature, stream_features

DEFAULT_LIMIT, MAX_LIMIT = 100, 10_000
ITEMS_PARAMS = {"limit", "offset", "bbox", "datetime", "f", *COMPLAINT_PARAMS}


class OgcError(APIException):
    """An OGC exception document: {"code": ..., "description": ...}."""

    def __init__(self, status: int, code: str, description: str):
        super().__init__({"code": code, "description": description})
        self.status_code = status


def _base(request) -> str:
    return request.build_absolute_uri("/ogcapi/")


def _wants_html(request) -> bool:
    f = request.query_params.get("f")
    if f not in (None, "", "json", "html"):
        raise OgcError(400, "InvalidParameterValue", f"f: {f!r}; expected json or html")
    if f:
        return f == "html"
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and "json" not in accept


def _json(document: dict, media_type: str = docs.JSON) -> HttpResponse:
    return HttpResponse(json.dumps(document, ensure_ascii=False), content_type=media_type)


def _layer(collection_id: str):
    if collection_id not in LAYERS:
        raise OgcError(404, "NotFound", f"collection {collection_id!r} does not exist; see /ogcapi/collections")
    return LAYERS[collection_id]


class OgcView(APIView):
    authentication_classes = GIS_AUTHENTICATION
    permission_classes = [IsAuthenticated, CanExport]
    http_method_names = ["get", "head", "options"]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRenderer

    def answer(self, request, document: dict, title: str, media_type: str = docs.JSON):
        if _wants_html(request):
            return HttpResponse(render_html(title, document), content_type="text/html; charset=utf-8")
        return _json(document, media_type)


class LandingView(OgcView):
    @extend_schema(operation_id="ogc_landing", parameters=[schema.F], responses=schema.document(schema.Landing, "入口"))
    def get(self, request):
        return self.answer(request, docs.landing(_base(request)), docs.TITLE)


class ConformanceView(OgcView):
    @extend_schema(
        operation_id="ogc_conformance", parameters=[schema.F], responses=schema.document(schema.Conformance, "符合性")
    )
    def get(self, request):
        return self.answer(request, docs.conformance(), "符合性 · Conformance")


class ApiDefinitionView(OgcView):
    @extend_schema(operation_id="ogc_api", responses={(200, docs.OPENAPI): schema.ApiDefinition})
    def get(self, request):
        return _json(docs.openapi(_base(request)), docs.OPENAPI)


class CollectionsView(OgcView):
    @extend_schema(
        operation_id="ogc_collections", parameters=[schema.F], responses=schema.document(schema.Collections, "图层")
    )
    def get(self, request):
        return self.answer(request, docs.collections(_base(request)), "图层 · Collections")


class CollectionView(OgcView):
    @extend_schema(
        operation_id="ogc_collection",
        parameters=[schema.COLLECTION_ID, schema.F],
        responses={**schema.document(schema.OgcCollection, "图层"), **schema.NOT_FOUND},
    )
    def get(self, request, collection_id):
        layer = _layer(collection_id)
        return self.answer(request, docs.collection(_base(request), layer), layer.title)


def _int(params, name: str, default: int, low: int) -> int:
    value = params.get(name)
    try:
        number = default if value in (None, "") else int(value)
    except ValueError:
        number = low - 1
    if number < low:
        raise OgcError(400, "InvalidParameterValue", f"{name}: {value!r}; expected an integer >= {low}")
    return number


def _items_query(params) -> LayerQuery:
    unknown = set(params) - ITEMS_PARAMS
    if unknown:
        raise OgcError(400, "InvalidParameterValue", f"unknown parameter(s): {', '.join(sorted(unknown))}")
    try:
        return LayerQuery(
            complaints=ComplaintFilters.parse(params),
            bbox=parse_bbox(params["bbox"]) if params.get("bbox") else None,
            interval=parse_interval(params["datetime"]) if params.get("datetime") else None,
            # Larger limits are capped, as Part 1 allows (/req/core/fc-limit-response-1).
            limit=min(_int(params, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT),
            offset=_int(params, "offset", 0, 0),
        )
    except ValueError as error:
        raise OgcError(400, "InvalidParameterValue", str(error)) from error


def _page_links(request, url: str, query: LayerQuery, matched: int) -> list[dict]:
    params = {k: v for k, v in request.query_params.items() if k not in ("offset", "f")}

    def at(offset: int, media_type: str = docs.GEOJSON) -> str:
        extra = {"f": "html"} if media_type == docs.HTML else {}
        return f"{url}?{urlencode({**params, 'offset': offset, **extra})}"

    links = [
        docs.link(at(query.offset), "self", docs.GEOJSON, "本页 · this page"),
        docs.link(at(query.offset, docs.HTML), "alternate", docs.HTML, "本页HTML · this page as HTML"),
    ]
    if query.offset + query.limit < matched:
        links.append(docs.link(at(query.offset + query.limit), "next", docs.GEOJSON, "下一页 · next page"))
    if query.offset > 0:
        links.append(docs.link(at(max(query.offset - query.limit, 0)), "prev", docs.GEOJSON, "上一页 · previous page"))
    return links


class ItemsView(OgcView):
    throttle_classes = [OgcThrottle]

    @extend_schema(
        operation_id="ogc_items",
        parameters=schema.ITEMS_PARAMETERS,
        responses={**schema.document(schema.Items, "要素（分页）/ features, paged", docs.GEOJSON), **schema.NOT_FOUND},
    )
    def get(self, request, collection_id):
        layer = _layer(collection_id)
        query = _items_query(request.query_params)
        matched = count(layer, query)
        url = f"{_base(request)}collections/{layer.name}/items"
        links = _page_links(request, url, query, matched)
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

        def members(returned: int) -> dict:
            return {"numberMatched": matched, "numberReturned": returned, "timeStamp": stamp, "links": links}

        if _wants_html(request):
            features = _features(layer, query)
            document = {"type": "FeatureCollection", "features": features, **members(len(features))}
            return HttpResponse(render_html(layer.title, document), content_type="text/html; charset=utf-8")
        return StreamingHttpResponse(stream_features(layer, query, members), content_type=docs.GEOJSON)


def _features(layer, query: LayerQuery) -> list[dict]:
    from django.db import connection

    sql, params = feature_sql(layer, query)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [json.loads(row[0]) for row in cursor.fetchall()]


class ItemView(OgcView):
    throttle_classes = [OgcThrottle]

    @extend_schema(
        operation_id="ogc_item",
        parameters=[schema.COLLECTION_ID, OpenApiParameter("feature_id", str, OpenApiParameter.PATH), schema.F],
        responses={**schema.document(schema.OgcFeature, "要素 / one feature", docs.GEOJSON), **schema.NOT_FOUND},
    )
    def get(self, request, collection_id, feature_id):
        layer = _layer(collection_id)
        text = single_feature(layer, feature_id)
        if text is None:
            raise OgcError(404, "NotFound", f"no feature {feature_id!r} in {collection_id}")
        base = f"{_base(request)}collections/{layer.name}"
        feature = json.loads(text)
        feature["links"] = [
            docs.link(f"{base}/items/{feature_id}", "self", docs.GEOJSON),
            docs.link(f"{base}/items/{feature_id}?f=html", "alternate", docs.HTML),
            docs.link(base, "collection", docs.JSON, layer.title),
        ]
        return self.answer(request, feature, f"{layer.title} {feature_id}", docs.GEOJSON)
