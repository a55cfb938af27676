"""/api/export/ (file download) and /api/layers/<layer>.geojson (database-assembled GeoJSON).

Read-only: only GET (and HEAD/OPTIONS) are routed, so every write method answers 405.
"""

import shutil
import tempfile
from pathlib import Path

from django.http import FileResponse, StreamingHttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_gov.throttling import ExportThrottle
from layers.api.export import schema
from layers.api.export.negotiation import FirstRenderer
from layers.api.export.permissions import CanExport
from layers.api.gis_auth import GIS_AUTHENTICATION
from layers.api.openapi import binary, detail
from layers.exporters import ComplaintFilters, LayerQuery, export_layer, file_name, get_format, get_layer
from layers.exporters.filters import parse_bbox
from layers.exporters.geojson import MEDIA_TYPE, stream_features


def _query(params) -> LayerQuery:
    bbox = parse_bbox(params["bbox"]) if params.get("bbox") else None
    return LayerQuery(complaints=ComplaintFilters.parse(params), bbox=bbox)


def _bad_request(error: ValueError) -> Response:
    return Response({"detail": str(error)}, status=400)


class ExportView(APIView):
    """GET /api/export/?layer=&format=&srid=&since=&until=&category=&status=&community=&area=&bbox=

    Answers the file as an attachment (Shapefile as a .zip with .prj and .cpg). layer, format
    and srid (4326 default, 4490, 4548, gcj02) are required to be valid; a bad parameter is a
    400 naming it, and no file is made.
    """

    authentication_classes = GIS_AUTHENTICATION
    permission_classes = [IsAuthenticated, CanExport]
    throttle_classes = [ExportThrottle]
    http_method_names = ["get", "head", "options"]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRenderer

    @extend_schema(
        parameters=schema.EXPORT_PARAMETERS,
        responses={
            **binary(schema.FILE_MEDIA_TYPES, "文件（附件），X-Feature-Count 为要素数 / the file as an attachment"),
            (200, schema.GEOJSON_FILE): OpenApiResponse(schema.GeoJsonFile, description="format=geojson"),
            400: detail("参数有误，未生成文件 / a bad parameter, named; no file is made"),
        },
    )
    def get(self, request):
        params = request.query_params
        try:
            layer = get_layer(params.get("layer", ""))
            fmt = get_format(params.get("format", ""))
            srid = params.get("srid", "4326")
            query = _query(params)
            folder = Path(tempfile.mkdtemp(prefix="export-"))
            try:
                result = export_layer(layer.name, fmt.key, srid, folder / file_name(layer, fmt, srid), query)
                handle = result.path.open("rb")
            finally:
                # The open handle keeps the file readable after its directory is gone (POSIX).
                shutil.rmtree(folder, ignore_errors=True)
        except ValueError as error:
            return _bad_request(error)
        response = FileResponse(handle, as_attachment=True, filename=result.path.name, content_type=fmt.media_type)
        response["X-Feature-Count"] = str(result.count)
        return response


class FastGeoJSONView(APIView):
    """GET /api/layers/<layer>.geojson: the whole layer (bbox, complaint filters) streamed from SQL."""

    authentication_classes = GIS_AUTHENTICATION
    permission_classes = [IsAuthenticated, CanExport]
    throttle_classes = [ExportThrottle]
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        parameters=[
            schema.layer_parameter(OpenApiParameter.PATH, description="图层 / layer (complaints at /api/layers/)"),
            *schema.LAYER_FILTERS,
        ],
        responses={
            (200, MEDIA_TYPE): OpenApiResponse(schema.LayerFeatures, description="整个图层 / the whole layer"),
            400: detail("参数有误 / a bad parameter, named"),
        },
    )
    def get(self, request, layer):
        try:
            export_layer_ = get_layer(layer)
            query = _query(request.query_params)
        except ValueError as error:
            return _bad_request(error)
        response = StreamingHttpResponse(stream_features(export_layer_, query), content_type=MEDIA_TYPE)
        response["Cache-Control"] = "private, no-cache"
        return response
