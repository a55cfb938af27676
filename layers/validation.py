"""Layer validation for `manage.py check_layers`: topology and grid-code rules as PostGIS SQL.

Each check is one set-based statement over whole tables; pairs are found through ST_Intersects so
the GiST indexes do the pruning, and a run costs the same number of queries for 16 communities
as for 1,600. Geometry stays in SRID 4326; every area is measured in settings.METRIC_SRID
(EPSG:4548, CGCS2000 3° Gauss-Krüger CM 117°E), transformed inside the query.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from layers.models import Building, Community, GridCell, HousingProject, MilitaryZone, Subdistrict
from layers.models.grid import GRID_CODE_REGEX

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

# --- geometry validity -------------------------------------------------------------------------


def invalid_geometries() -> list[Finding]:
    """Self-intersections and the like: GEOS refuses to overlay them, so they come first."""
    sql = " UNION ALL ".join(
        f"SELECT '{layer}', code, ST_IsValidReason(geom) FROM {_table(layer)} WHERE NOT ST_IsValid(geom)"
        for layer in _LAYER_LABELS
    )
    return [
        Finding("invalid_geometry", ERROR, f"{_LAYER_LABELS[layer]} {code} 的几何无效：{reason}", (code,))
        for layer, code, reason in _fetch(sql + " ORDER BY 1, 2")
    ]


# --- communities -------------------------------------------------------------------------------

OVERLAPS_SQL = """
    SELECT a.code, b.code, o.area
    FROM {community} a
    JOIN {community} b ON a.id < b.id AND ST_Intersects(a.geom, b.geom)
    CROSS JOIN LATERAL (
        SELECT ST_Area(ST_Intersection(ST_Transform(a.geom, {srid}), ST_Transform(b.geom, {srid}))) AS area
    ) o
    WHERE o.area > %(tol)s
    ORDER BY o.area DESC, a.code, b.code
"""


def community_overlaps() -> list[Finding]:
    """Pairs of communities sharing more than the tolerance: a place would have two owners."""
    return [
        Finding("community_overlap", ERROR, f"社区 {a} 与社区 {b} 重叠 {_m2(area)}", (a, b), area)
        for a, b, area in _fetch(_sql(OVERLAPS_SQL))
    ]


# What of each parent its children leave uncovered, one row per separate piece. A parent with no
# children at all is one big gap: the COALESCE keeps it rather than a NULL.
COVERAGE_GAPS_SQL = """
    WITH gap AS (
        SELECT p.code, COALESCE(
                   ST_Difference(ST_Transform(p.geom, {srid}), ST_Union(ST_Transform(k.geom, {srid}))),
                   ST_Transform(p.geom, {srid})) AS geom
        FROM {parent} p LEFT JOIN {child} k ON k.{fk} = p.id
        GROUP BY p.id
    ), part AS (
        SELECT code, (ST_Dump(geom)).geom AS geom FROM gap
    ), measured AS (
        SELECT code, ST_Area(geom) AS area, ST_Transform(ST_PointOnSurface(geom), 4326) AS point FROM part
    )
    SELECT code, area, ST_X(point), ST_Y(point) FROM measured
    WHERE area > %(tol)s
    ORDER BY area DESC, code
"""


def _gap_findings(check: str, severity: str, parent: str, child: str, fk: str) -> list[Finding]:
    rows = _fetch(_sql(COVERAGE_GAPS_SQL, parent=_table(parent), child=_table(child), fk=fk))
    return [
        Finding(
            check,
            severity,
            f"{_LAYER_LABELS[parent]} {code} 有 {_m2(area)} 未被{_LAYER_LABELS[child]}覆盖，"
            f"位于 ({lon:.6f}, {lat:.6f}) 附近",
            (code,),
            area,
            point=(lon, lat),
        )
        for code, area, lon, lat in rows
    ]


def subdistrict_gaps() -> list[Finding]:
    """Parts of the sub-district no community covers: cases there would have nobody to go to."""
    return _gap_findings("subdistrict_gap", ERROR, "subdistrict", "community", "subdistrict_id")


# Children reaching outside their own parent, with the other parents they reach into.
# ST_CoveredBy is a cheap prepared-geometry test that clears the usual clean rows before the
# costly ST_Difference. Other parents count only when they share more than the tolerance, so a
# neighbour whose edge the child merely follows is not named.
OUTSIDE_PARENT_SQL = """
    WITH outside AS (
        SELECT k.id, k.code, k.geom, p.id AS parent_id, p.code AS parent_code,
               ST_Area(ST_Transform(k.geom, {srid})) AS total,
               ST_Area(ST_Difference(ST_Transform(k.geom, {srid}), ST_Transform(p.geom, {srid}))) AS outside
        FROM {child} k JOIN {parent} p ON p.id = k.{fk}
        WHERE NOT ST_CoveredBy(k.geom, p.geom)
    )
    SELECT o.code, o.parent_code, o.outside, o.total,
           COALESCE(array_agg(q.code ORDER BY q.code) FILTER (WHERE q.code IS NOT NULL), '{{}}')
    FROM outside o
    LEFT JOIN {parent} q ON q.id <> o.parent_id AND ST_Intersects(q.geom, o.geom)
         AND ST_Area(ST_Intersection(ST_Transform(q.geom, {srid}), ST_Transform(o.geom, {srid}))) > %(tol)s
    WHERE o.outside > %(tol)s
    GROUP BY o.id, o.code, o.parent_code, o.outside, o.total
    ORDER BY o.outside DESC, o.code
"""


def _outside_findings(check: str, child: str, parent: str, fk: str, severity: Callable[[float], str]) -> list[Finding]:
    """severity maps the share of the child lying outside its parent to ERROR or WARNING."""
    rows = _fetch(_sql(OUTSIDE_PARENT_SQL, child=_table(child), parent=_table(parent), fk=fk))
    child_label, parent_label = _LAYER_LABELS[child], _LAYER_LABELS[parent]
    findings = []
    for code, parent_code, outside, total, others in rows:
        share = outside / total
        where = "完全" if outside >= total - TOLERANCE_M2 else f"有 {_m2(outside)}（{share:.0%}）"
        text = f"{child_label} {code} {where}在所属{parent_label} {parent_code} 之外"
        if others:
            text += f"，伸入{parent_label} {'、'.join(others)}"
        findings.append(Finding(check, severity(share), text, (code, parent_code, *others), outside))
    return findings


def _always(severity: str) -> Callable[[float], str]:
    return lambda share: severity


def communities_outside_subdistrict() -> list[Finding]:
    return _outside_findings(
        "community_outside_subdistrict", "community", "subdistrict", "subdistrict_id", _always(ERROR)
    )


# --- estates and buildings ---------------------------------------------------------------------


def estates_straddling() -> list[Finding]:
    """Estates reaching into other communities; an error once most of the estate lies outside."""
    return _outside_findings(
        "estate_straddling",
        "estate",
        "community",
        "community_id",
        lambda share: ERROR if share > STRADDLE_ERROR_SHARE else WARNING,
    )


def buildings_outside_estate() -> list[Finding]:
    return _outside_findings("building_outside_estate", "building", "estate", "estate_id", _always(WARNING))


# --- grid cells --------------------------------------------------------------------------------


def grid_cells_outside_community() -> list[Finding]:
    """DB11/T 2157-2023: a cell never crosses its community's boundary."""
    return _outside_findings("grid_outside_community", "grid", "community", "community_id", _always(ERROR))


GRID_CODE_SQL = """
    SELECT g.code, c.code, g.code !~ %(regex)s AS bad_format
    FROM {grid} g JOIN {community} c ON c.id = g.community_id
    WHERE g.code !~ %(regex)s OR left(g.code, %(n)s) <> c.code
    ORDER BY g.code
"""


def grid_code_errors() -> list[Finding]:
    """15 digits, the first 12 being the community's code. The DB constraint covers the digits,
    but raw imports (COPY, ogr2ogr into the table) may have been run before it or around it."""
    rows = _fetch(_sql(GRID_CODE_SQL), regex=GRID_CODE_REGEX, n=COMMUNITY_CODE_LENGTH)
    return [
        Finding(
            "grid_code",
            ERROR,
            f"网格编码 {code} 不是 15 位数字"
            if bad_format
            else f"网格编码 {code} 的前 12 位与所属社区编码 {community} 不一致",
            (code, community),
        )
        for code, community, bad_format in rows
    ]


# Each cell against the one numbered just before it in its community (lag over the code order).
# Cells are not perfect rows, so "same row" means the centroid lies within the previous cell's
# north-south extent: then it must lie further east; otherwise it must lie further south.
# Cells failing the code rules are left to grid_code_errors.
GRID_SEQUENCE_SQL = """
    WITH cell AS (
        SELECT g.community_id, g.code, ST_Transform(g.geom, {srid}) AS geom
        FROM {grid} g JOIN {community} c ON c.id = g.community_id
        WHERE g.code ~ %(regex)s AND left(g.code, %(n)s) = c.code
    ), seq AS (
        SELECT code, ST_X(ST_Centroid(geom)) AS x, ST_Y(ST_Centroid(geom)) AS y,
               lag(code) OVER w AS prev_code,
               lag(ST_X(ST_Centroid(geom))) OVER w AS prev_x,
               lag(ST_YMin(geom)) OVER w AS prev_ymin,
               lag(ST_YMax(geom)) OVER w AS prev_ymax
        FROM cell
        WINDOW w AS (PARTITION BY community_id ORDER BY code)
    )
    SELECT prev_code, code, y > prev_ymax AS north,
           CASE WHEN y > prev_ymax THEN y - prev_ymax ELSE prev_x - x END AS offset_m
    FROM seq
    WHERE prev_code IS NOT NULL AND (y > prev_ymax OR (y >= prev_ymin AND x < prev_x))
    ORDER BY code
"""


def grid_sequence_order() -> list[Finding]:
    """Sequence numbers run west→east along a row, rows north→south (DB11/T 2157-2023)."""
    rows = _fetch(_sql(GRID_SEQUENCE_SQL), regex=GRID_CODE_REGEX, n=COMMUNITY_CODE_LENGTH)
    return [
        Finding(
            "grid_sequence",
            WARNING,
            f"网格 {code} 编号在 {prev} 之后，却位于其"
            + ("北侧（各行应自北向南编号）" if north else "西侧（同一行应自西向东编号）"),
            (prev, code),
            offset,
            unit="m",
        )
        for prev, code, north, offset in rows
    ]


def grid_coverage_gaps() -> list[Finding]:
    """Parts of a community in no grid cell: no grid worker is responsible for them."""
    return _gap_findings("grid_gap", WARNING, "community", "grid", "community_id")


# --- headline counts ---------------------------------------------------------------------------

COUNTS_SQL = """
    SELECT s.subdistricts, c.communities, e.*, b.buildings, m.military_zones,
           100 * COALESCE(ST_Area(ST_Intersection(ST_Transform(m.geom, {srid}), ST_Transform(s.geom, {srid}))), 0)
               / NULLIF(ST_Area(ST_Transform(s.geom, {srid})), 0) AS military_share_pct,
           g.grid_cells, g.grid_median_area_m2, c.households, c.residents, c.floating_population
    FROM (SELECT count(*) AS subdistricts, ST_Union(geom) AS geom FROM {subdistrict}) s
    CROSS JOIN (SELECT count(*) AS communities, COALESCE(sum(households), 0) AS households,
                       COALESCE(sum(residents), 0) AS residents,
                       COALESCE(sum(floating_population), 0) AS floating_population
                FROM {community}) c
    CROSS JOIN (SELECT count(*) AS housing_projects,
                       count(*) FILTER (WHERE ownership = %(single)s) AS housing_projects_single,
                       count(*) FILTER (WHERE ownership = %(multi)s) AS housing_projects_multi,
                       count(*) FILTER (WHERE ownership = %(private)s) AS housing_projects_private,
                       count(*) FILTER (WHERE is_old_estate) AS old_estates,
                       count(*) FILTER (WHERE renovation <> %(no_renovation)s) AS estates_in_renovation,
                       count(*) FILTER (WHERE property_company = '') AS estates_without_property_management
                FROM {estate}) e
    CROSS JOIN (SELECT count(*) AS buildings FROM {building}) b
    CROSS JOIN (SELECT count(*) AS military_zones, ST_Union(geom) AS geom FROM {military}) m
    CROSS JOIN (SELECT count(*) AS grid_cells,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY ST_Area(ST_Transform(geom, {srid})))
                           AS grid_median_area_m2
                FROM {grid}) g
"""


def headline_counts() -> dict:
    """The figures DOMAIN.md quotes, to hold a loaded dataset against at a glance.

    The military share is of the union of the zones (they may overlap) clipped to the sub-district.
    """
    own, renovation = HousingProject.Ownership, HousingProject.Renovation
    params = {"single": own.SINGLE, "multi": own.MULTI, "private": own.PRIVATE, "no_renovation": renovation.NONE}
    with connection.cursor() as cursor:
        cursor.execute(_sql(COUNTS_SQL), params)
        names = [col.name for col in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


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
