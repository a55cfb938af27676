"""The geocoder's answer (re-exported by layers/services/geocoding.py)."""

from dataclasses import dataclass

from django.contrib.gis.geos import Point

LEVELS = ("building", "estate", "road", "community", "none")


@dataclass(frozen=True)
class GeocodeResult:
    level: str  # 'building' | 'estate' | 'road' | 'community' | 'none'
    confidence: float  # 0..1
    point: Point | None  # SRID 4326, inside the matched feature (ST_PointOnSurface)
    housing_project_code: str | None
    building_code: str | None
    community_code: str | None
    reason: str  # Chinese: what matched and how, or why nothing did


def nothing(reason: str) -> GeocodeResult:
    return GeocodeResult("none", 0.0, None, None, None, None, reason)
