"""Shared pieces of the layer checks: findings, the report, SQL helpers and tolerances."""

from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import connection

from layers.models import Building, Community, GridCell, HousingProject, MilitaryZone, Subdistrict

# Every "> 1 m²" rule below: overlays of edges that should coincide leave slivers, and 1 m² is far
# below anything that matters on the ground (a grid cell is about 10,000 m²). A sliver grows with
# its length, though: 1 m² along a 1 km boundary is a 1 mm mean offset, so layers from different
# sources must share (or be snapped to) common vertices before these rules mean anything.
TOLERANCE_M2 = 1.0

# An estate mostly outside its community is probably filed under the wrong community (hard);
# a small overhang is a drawing matter for whoever maintains the layer (soft).
STRADDLE_ERROR_SHARE = 0.5

ERROR = "error"
WARNING = "warning"

# DB11/T 2157-2023: the first 12 digits of a grid code are its community's code.
COMMUNITY_CODE_LENGTH = 12


@dataclass(frozen=True)
class Finding:
    """One broken rule: which check, how bad, a message for people, the features involved."""

    check: str
    severity: str
    message: str
    codes: tuple[str, ...]
    measure: float | None = None
    unit: str = "m²"
    # lon/lat (WGS84) of a point inside the problem, for gaps that have no feature code.
    point: tuple[float, float] | None = None


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)

    def as_dict(self) -> dict:
        return {
            "has_errors": self.has_errors,
            "tolerance_m2": TOLERANCE_M2,
            "counts": self.counts,
            "findings": [asdict(f) for f in self.findings],
        }


_TABLE_MODELS = {
    "subdistrict": Subdistrict,
    "community": Community,
    "estate": HousingProject,
    "building": Building,
    "grid": GridCell,
    "military": MilitaryZone,
}

_LAYER_LABELS = {
    "subdistrict": "街道",
    "community": "社区",
    "estate": "住宅项目",
    "building": "楼栋",
    "grid": "网格",
    "military": "涉军单位",
}


def _table(layer: str) -> str:
    return _TABLE_MODELS[layer]._meta.db_table


def _sql(template: str, **names: str) -> str:
    """Fill in table names and the metric SRID; values always travel as query parameters."""
    tables = {layer: _table(layer) for layer in _TABLE_MODELS}
    return template.format(srid=settings.METRIC_SRID, **tables, **names)


def _fetch(sql: str, **params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, {"tol": TOLERANCE_M2, **params})
        return cursor.fetchall()


def _m2(value: float) -> str:
    return f"{value:,.1f} m²"


# Overlays run on projected shapes (ST_Transform(geom, {srid})), not on the stored lon/lat, while
# ST_Intersects stays on the stored column so the GiST index can serve the pair search. Survey
# data is drawn with straight edges in EPSG:4548; the same edge through lon/lat bends by
# millimetres, which over a kilometre of shared boundary alone leaves slivers of a few m².
