"""Reads for 成片 renovation packages: distances between estates, the period's evidence, the packages
with their geometry. The grouping itself is pure (layers/planning/packages.py).

Distances are edge to edge in settings.METRIC_SRID (EPSG:4548, metres), like every project distance;
adjacent estates are 0 m apart.
"""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.conf import settings
from django.db import connection

from layers.analytics.db import without_jit
from layers.models import HousingProject
from layers.planning.packages import form_packages
from layers.planning.scoring import INFRA_CATEGORIES
from layers.planning.types import Package
from layers.selectors.planning import check_period, local_start, renovation_scores

# One query for every pair within reach. The GiST index on geom (SRID 4326) finds the candidates:
# `b.geom && ST_Expand(a.geom, margin)` with the distance turned into degrees of longitude at the
# estate's far latitude (a degree of longitude is the shorter one here), 1 % wider, so the
# prefilter loses no pair; ST_DWithin then decides in metres on the transformed shapes. Measured
# on 600 estates (bench/planning_packages.py): 78 ms, against 0.9 s for a self-join of transformed
# shapes in a CTE (no index) and 3.4 s for ST_DWithin on ST_Transform without the prefilter;
# ST_DWithin on geography took 25 s.
_PAIRS_SQL = """
SELECT a.id, b.id, ST_Distance(ST_Transform(a.geom, %(srid)s), ST_Transform(b.geom, %(srid)s))
FROM layers_housingproject a
JOIN layers_housingproject b
  ON a.id < b.id
 AND b.geom && ST_Expand(a.geom, %(metres)s * 1.01
                         / least(110574.0, 111319.49 * cos(radians(least(89.0, abs(ST_YMax(a.geom)) + 1.0)))))
 AND ST_DWithin(ST_Transform(a.geom, %(srid)s), ST_Transform(b.geom, %(srid)s), %(metres)s)
WHERE a.id = ANY(%(ids)s) AND b.id = ANY(%(ids)s)
"""

# The base of infra_share: every infrastructure complaint received in the period inside the
# sub-district, on an estate or not, confirmed duplicates left out (as in the estates' evidence). A
# case on an estate always counts, so the total can never fall below what the estates carry.
_TOTAL_INFRA_SQL = """
SELECT count(*) FROM layers_complaint c JOIN layers_category cat ON cat.id = c.category_id
WHERE cat.code = ANY(%(codes)s) AND c.received_at >= %(start)s AND c.received_at < %(end)s
  AND c.duplicate_of_id IS NULL AND (NOT c.out_of_area OR c.housing_project_id IS NOT NULL)
"""

# Works done or under way: these estates are already being dealt with, so no new package takes them.
_NOT_CANDIDATES = (HousingProject.Renovation.DONE, HousingProject.Renovation.IN_PROGRESS)


def estate_distance_pairs(ids: Iterable[int], max_distance_m: float) -> dict[tuple[int, int], float]:
    """{(a, b): metres} for every pair of the given estates (a < b) within max_distance_m, edge to edge
    in EPSG:4548, in one query."""
    params = {"ids": sorted(set(ids)), "metres": float(max_distance_m), "srid": settings.METRIC_SRID}
    with without_jit(), connection.cursor() as cursor:
        cursor.execute(_PAIRS_SQL, params)
        return {(a, b): metres for a, b, metres in cursor.fetchall()}


def total_infra_count(start: date, end: date) -> int:
    """Infrastructure complaints received in [start, end] (local days, both included)."""
    check_period(start, end)
    params = {
        "codes": list(INFRA_CATEGORIES),
        "start": local_start(start),
        "end": local_start(end + timedelta(days=1)),
    }
    with connection.cursor() as cursor:
        cursor.execute(_TOTAL_INFRA_SQL, params)
        return cursor.fetchone()[0]


def renovation_packages(
    start: date,
    end: date,
    max_distance_m: float | None = None,
    max_estates: int | None = None,
    max_households: int | None = None,
) -> list[Package]:
    """Ranked 成片 renovation packages for the period [start, end]; caps default to the settings
    RENOVATION_PACKAGE_MAX_DISTANCE_M / _MAX_ESTATES / _MAX_HOUSEHOLDS. Estates whose works are done
    or under way are not candidates."""
    max_distance_m = settings.RENOVATION_PACKAGE_MAX_DISTANCE_M if max_distance_m is None else max_distance_m
    max_estates = settings.RENOVATION_PACKAGE_MAX_ESTATES if max_estates is None else max_estates
    max_households = settings.RENOVATION_PACKAGE_MAX_HOUSEHOLDS if max_households is None else max_households
    excluded = set(HousingProject.objects.filter(renovation__in=_NOT_CANDIDATES).values_list("id", flat=True))
    scores = [s for s in renovation_scores(start, end) if s.id not in excluded]
    candidates = [s.id for s in scores if s.infra_count > 0]
    return form_packages(
        scores,
        estate_distance_pairs(candidates, max_distance_m),
        max_distance_m=max_distance_m,
        max_estates=max_estates,
        max_households=max_households,
        total_infra=total_infra_count(start, end),
    )


# Geometry of each package: the union of its estates, in WGS84 for GeoJSON, assembled in SQL.
_GEOMETRY_SQL = """
SELECT p.rank, ST_AsGeoJSON(ST_Union(e.geom), 7)::json, array_agg(e.name ORDER BY p.ord)
FROM unnest(%(ranks)s::int[], %(ids)s::int[], %(ords)s::int[]) AS p(rank, id, ord)
JOIN layers_housingproject e ON e.id = p.id
GROUP BY p.rank
"""


def package_geometries(packages: Sequence[Package]) -> dict[int, tuple[dict, list[str]]]:
    """{rank: (GeoJSON geometry of the union of its estates, estate names in package order)}."""
    ranks, ids, ords = [], [], []
    for package in packages:
        for order, estate_id in enumerate(package.estate_ids):
            ranks.append(package.rank)
            ids.append(estate_id)
            ords.append(order)
    with connection.cursor() as cursor:
        cursor.execute(_GEOMETRY_SQL, {"ranks": ranks, "ids": ids, "ords": ords})
        return {rank: (geometry, names) for rank, geometry, names in cursor.fetchall()}
