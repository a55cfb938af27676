"""/api/locate/: what contains a point, in any of the coordinate systems our sources use."""

import math

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from layers import crs
from layers.locate import locate_wgs84

CRS_CHOICES = ["wgs84", "gcj02", "bd09", "cgcs2000", "4548"]


class LocateQuery(serializers.Serializer):
    lon = serializers.FloatField(help_text="经度或东坐标 (x)")
    lat = serializers.FloatField(help_text="纬度或北坐标 (y)")
    crs = serializers.ChoiceField(choices=CRS_CHOICES, default="wgs84")

    def validate(self, attrs):
        if not (math.isfinite(attrs["lon"]) and math.isfinite(attrs["lat"])):
            raise serializers.ValidationError("lon/lat 必须是有限数值 (must be finite numbers)")
        lon, lat = crs.to_wgs84(attrs["lon"], attrs["lat"], crs.parse_crs(attrs["crs"]))
        lon, lat = float(lon), float(lat)
        if not (-180 <= lon <= 180 and -90 <= lat <= 90) or not (math.isfinite(lon) and math.isfinite(lat)):
            raise serializers.ValidationError(
                f"坐标不在地球范围内 (not a point on Earth): lon={attrs['lon']}, lat={attrs['lat']}, crs={attrs['crs']}"
            )
        attrs["wgs84"] = (lon, lat)
        return attrs


class LocateView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("lon", OpenApiTypes.DOUBLE, required=True, description="经度 / x"),
            OpenApiParameter("lat", OpenApiTypes.DOUBLE, required=True, description="纬度 / y"),
            OpenApiParameter("crs", OpenApiTypes.STR, enum=CRS_CHOICES, description="坐标系，默认 wgs84"),
        ],
        responses=OpenApiTypes.OBJECT,
        description=(
            "返回点所在的街道、社区、网格、住宅项目、楼栋和涉军单位。边界上的点归编码最小的要素；"
            "辖区外的点返回 inside=false 且各图层为 null。"
            " / Features containing the point; a point on a shared border belongs to the feature with"
            " the smallest code; outside the sub-district: inside=false and no layers."
        ),
    )
    def get(self, request):
        query = LocateQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        answer = locate_wgs84(*query.validated_data["wgs84"])
        answer["input"] = {
            "lon": query.validated_data["lon"],
            "lat": query.validated_data["lat"],
            "crs": query.validated_data["crs"],
        }
        return Response(answer)
