"""Layer validation for `manage.py check_layers`: topology and grid-code rules as PostGIS SQL.

Each check is one set-based statement over whole tables; pairs are found through ST_Intersects so
the GiST indexes do the pruning, and a run costs the same number of queries for 16 communities
as for 1,600. Geometry stays in SRID 4326; every area is measured in settings.METRIC_SRID
(EPSG:4548, CGCS2000 3° Gauss-Krüger CM 117°E), transformed inside the query.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import DatabaseError, transaction

from .base import ERROR, TOLERANCE_M2, WARNING, Finding, Report
from .counts import headline_counts
from .grid import grid_cells_outside_community, grid_code_errors, grid_coverage_gaps, grid_sequence_order
from .topology import (
    buildings_outside_estate,
    communities_outside_subdistrict,
    community_overlaps,
    estates_straddling,
    invalid_geometries,
    subdistrict_gaps,
)

__all__ = ["CHECKS", "ERROR", "TOLERANCE_M2", "WARNING", "Finding", "Report", "run_checks"]

# --- running -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    name: str
    title: str
    title_en: str
    run: Callable[[], list[Finding]]


# Validity first: the overlay checks cannot run on a self-intersecting geometry, and this one
# says which feature to fix.
CHECKS = (
    Check("invalid_geometry", "几何无效", "invalid geometry", invalid_geometries),
    Check("community_overlap", "社区重叠", "overlapping communities", community_overlaps),
    Check("subdistrict_gap", "街道覆盖缺口", "sub-district not covered by communities", subdistrict_gaps),
    Check(
        "community_outside_subdistrict",
        "社区超出街道",
        "communities outside the sub-district",
        communities_outside_subdistrict,
    ),
    Check("estate_straddling", "住宅项目跨社区", "estates straddling communities", estates_straddling),
    Check("grid_outside_community", "网格越界", "grid cells outside their community", grid_cells_outside_community),
    Check("grid_code", "网格编码", "grid codes", grid_code_errors),
    Check("grid_sequence", "网格编号顺序", "grid sequence order", grid_sequence_order),
    Check("grid_gap", "网格覆盖缺口", "community not covered by grid cells", grid_coverage_gaps),
    Check("building_outside_estate", "楼栋超出住宅项目", "buildings outside their estate", buildings_outside_estate),
)


def _guarded(name: str, run: Callable, fallback):
    """(result, []) or, when the database refuses, (fallback, [a finding saying so]).

    The savepoint lets the remaining checks run after one fails in the database, typically on a
    GEOS TopologyException from a geometry the validity check has already named.
    """
    try:
        with transaction.atomic():
            return run(), []
    except DatabaseError as exc:
        return fallback, [Finding(name, ERROR, f"检查未能完成：{str(exc).strip()}", ())]


def run_checks() -> Report:
    """Run every check and the headline counts against the current database."""
    report = Report()
    for check in CHECKS:
        found, failed = _guarded(check.name, check.run, [])
        report.findings += found + failed
    report.counts, failed = _guarded("headline_counts", headline_counts, {})
    report.findings += failed
    return report
