"""/api/planning/packages/: 成片 renovation packages of neighbouring candidate estates, as GeoJSON.

Who: the roles of the other renovation-planning endpoints (layers/api/planning/renovation.py:
leaders, planners, department staff, community cadres, agencies, admins); grid workers get 403.
"""

from django.conf import settings
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from layers.api.planning import schema
from layers.api.planning.renovation import Period, PlanningView
from layers.selectors.planning_packages import package_geometries, renovation_packages

# Bounds that keep a request meaningful at sub-district scale (a 5 km "neighbourhood" is the whole
# district; 1,000 estates per package is no longer 成片).
MAX_DISTANCE_M, MAX_ESTATES, MAX_HOUSEHOLDS = 5000, 1000, 1_000_000


class PackagesQuery(Period):
    max_distance_m = serializers.FloatField(
        required=False, min_value=0, max_value=MAX_DISTANCE_M, help_text="米，边到边 / metres, edge to edge"
    )
    max_estates = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ESTATES, help_text="每片最多小区数 / estates per package"
    )
    max_households = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_HOUSEHOLDS, help_text="每片最多户数 / households per package"
    )

    def validate(self, attrs):
        period = super().validate(attrs)
        return {
            **period,
            "max_distance_m": attrs.get("max_distance_m", settings.RENOVATION_PACKAGE_MAX_DISTANCE_M),
            "max_estates": attrs.get("max_estates", settings.RENOVATION_PACKAGE_MAX_ESTATES),
            "max_households": attrs.get("max_households", settings.RENOVATION_PACKAGE_MAX_HOUSEHOLDS),
        }


def feature_collection(packages, geometries: dict, query: dict) -> dict:
    features = []
    for p in packages:
        geometry, names = geometries[p.rank]
        properties = {
            "rank": p.rank,
            "estate_codes": list(p.estate_codes),
            "estate_names": names,
            "households": p.households,
            "infra_count": p.infra_count,
            "infra_share": round(p.infra_share, 6),
            "score": p.score,
        }
        features.append({"type": "Feature", "id": p.rank, "geometry": geometry, "properties": properties})
    return {
        "type": "FeatureCollection",
        "start": query["start"].isoformat(),
        "end": query["end"].isoformat(),
        "max_distance_m": query["max_distance_m"],
        "max_estates": query["max_estates"],
        "max_households": query["max_households"],
        "features": features,
    }


class PackagesView(PlanningView):
    @extend_schema(parameters=[PackagesQuery], responses=schema.Packages)
    def get(self, request):
        """Packages ranked by the infrastructure complaints they cover (then the sum of their estates'
        scores); geometry is the union of the member estates (WGS84); infra_share is the part of the
        period's infrastructure complaints in the sub-district that the package carries."""
        q = self.valid(PackagesQuery, request)
        packages = renovation_packages(
            q["start"],
            q["end"],
            max_distance_m=q["max_distance_m"],
            max_estates=q["max_estates"],
            max_households=q["max_households"],
        )
        return Response(feature_collection(packages, package_geometries(packages), q))


urlpatterns = [path("packages/", PackagesView.as_view(), name="planning-packages")]
