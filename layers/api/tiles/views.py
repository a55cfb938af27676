"""/tiles/<layer>/<z>/<x>/<y>.pbf: vector tiles for the dashboard and agency GIS, behind a login.

Cache-Control is private (the content depends on who may see it) with a short max-age, and the
ETag is a hash of the tile, so a map panning back over a tile revalidates with a 304 and no body.
An empty tile is a 204, which map clients treat as "nothing here" without decoding anything.
"""

import hashlib

from django.conf import settings
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from geo_gov.throttling import TileThrottle
from layers.api.export.negotiation import FirstRenderer
from layers.api.export.permissions import CanExport
from layers.api.gis_auth import GIS_AUTHENTICATION
from layers.api.openapi import detail
from layers.api.tiles.mvt import MAX_ZOOM, TILE_LAYERS, tile_bytes, valid_tile

MVT_MEDIA_TYPE = "application/vnd.mapbox-vector-tile"


def cache_control() -> str:
    return f"private, max-age={getattr(settings, 'TILE_MAX_AGE_SECONDS', 60)}"


class TileView(APIView):
    authentication_classes = GIS_AUTHENTICATION
    permission_classes = [IsAuthenticated, CanExport]
    throttle_classes = [TileThrottle]
    http_method_names = ["get", "head", "options"]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRenderer

    @extend_schema(
        parameters=[
            OpenApiParameter("layer", str, OpenApiParameter.PATH, enum=list(TILE_LAYERS)),
            OpenApiParameter("z", {"type": "integer", "minimum": 0, "maximum": MAX_ZOOM}, OpenApiParameter.PATH),
            OpenApiParameter("x", {"type": "integer", "minimum": 0}, OpenApiParameter.PATH, description="< 2^z"),
            OpenApiParameter("y", {"type": "integer", "minimum": 0}, OpenApiParameter.PATH, description="< 2^z"),
        ],
        responses={
            (200, MVT_MEDIA_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="Mapbox vector tile"),
            204: OpenApiResponse(description="瓦片内无要素 / no feature in this tile"),
            304: OpenApiResponse(description="If-None-Match 与 ETag 相同 / the client has this tile"),
            404: detail("无此图层或瓦片 / no such layer or tile (x, y < 2^z)"),
        },
    )
    def get(self, request, layer, z, x, y):
        if layer not in TILE_LAYERS or not valid_tile(z, x, y):
            raise Http404(f"no tile {layer}/{z}/{x}/{y}; layers: {', '.join(TILE_LAYERS)}")
        data = tile_bytes(layer, z, x, y)
        if not data:
            response = HttpResponse(status=204)
            response["Cache-Control"] = cache_control()
            return response
        etag = f'"{hashlib.blake2b(data, digest_size=16).hexdigest()}"'
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponse(status=304)
        else:
            response = HttpResponse(data, content_type=MVT_MEDIA_TYPE)
        response["ETag"] = etag
        response["Cache-Control"] = cache_control()
        return response
