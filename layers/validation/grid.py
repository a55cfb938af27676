"""Grid cells: inside their community, codes by DB11/T 2157-2023, numbering order, coverage."""

from layers.models.grid import GRID_CODE_REGEX

from .base import COMMUNITY_CODE_LENGTH, ERROR, WARNING, Finding, _fetch, _sql
from .topology import _always, _gap_findings, _outside_findings

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
# Cells are not perfect rows (cells clipped by a community boundary are small and sit anywhere in
# their row): "same row" means the later cell's centroid lies within the earlier cell's north-south
# extent, and then it must lie further east. Only a later cell lying wholly north of the earlier
# one breaks the row order (a centroid test would flag a full cell after a clipped corner piece);
# extents meeting at a shared edge differ by reprojection noise, hence a 1 m tolerance.
# Cells failing the code rules are left to grid_code_errors.
GRID_SEQUENCE_SQL = """
    WITH cell AS (
        SELECT g.community_id, g.code, ST_Transform(g.geom, {srid}) AS geom
        FROM {grid} g JOIN {community} c ON c.id = g.community_id
        WHERE g.code ~ %(regex)s AND left(g.code, %(n)s) = c.code
    ), seq AS (
        SELECT code, ST_X(ST_Centroid(geom)) AS x, ST_Y(ST_Centroid(geom)) AS y, ST_YMin(geom) AS ymin,
               lag(code) OVER w AS prev_code,
               lag(ST_X(ST_Centroid(geom))) OVER w AS prev_x,
               lag(ST_YMin(geom)) OVER w AS prev_ymin,
               lag(ST_YMax(geom)) OVER w AS prev_ymax
        FROM cell
        WINDOW w AS (PARTITION BY community_id ORDER BY code)
    )
    SELECT prev_code, code, ymin > prev_ymax - %(edge_tol)s AS north,
           CASE WHEN ymin > prev_ymax - %(edge_tol)s THEN ymin - prev_ymax ELSE prev_x - x END AS offset_m
    FROM seq
    WHERE prev_code IS NOT NULL
      AND (ymin > prev_ymax - %(edge_tol)s
           OR (y BETWEEN prev_ymin AND prev_ymax AND x < prev_x))
    ORDER BY code
"""


def grid_sequence_order() -> list[Finding]:
    """Sequence numbers run west→east along a row, rows north→south (DB11/T 2157-2023)."""
    rows = _fetch(_sql(GRID_SEQUENCE_SQL), regex=GRID_CODE_REGEX, n=COMMUNITY_CODE_LENGTH, edge_tol=1.0)
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
