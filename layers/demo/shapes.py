"""Geometry of the synthetic 五里店街道 layers, built in EPSG:4548 metres.

No public boundary of the sub-district exists (DOMAIN.md), so the shapes are invented around the
one known anchor point. Layers that must tile another (communities tile the sub-district, grid
cells tile each community) are all cut from one noded set of lines: neighbours then share
identical vertices, and since the conversion to WGS84 maps equal points to equal points, the
tiling stays free of gaps and overlaps in the files.
"""

from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPoint, Polygon, box
from shapely.ops import polylabel

from layers import crs

ANCHOR_LONLAT = (116.2533, 39.8595)  # DOMAIN.md: the one published point
AREA_M2 = 4.5e6
# Snap-rounding precision of the noding. Far coarser than the 1e-9 degree (~0.1 mm) rounding of
# the files, so distinct vertices never merge when converted to WGS84.
PRECISION_M = 0.01
DEGREE_DECIMALS = 9
CELL_M = 100.0  # DB11/T 2157-2023: nominal 万米单元网格
SLIVER_M2 = 500.0
COMMUNITIES = 16
BLOCK_SPACING_M = 190.0  # street blocks of ~3.5 ha: the size of an old Beijing 院 or 小区
ESTATE_SETBACK_M = 15.0  # half a street between neighbouring estates
ZONE_SETBACK_M = 5.0  # military fences stand back from the street line too


@dataclass
class Layout:
    """The sub-district cut into communities, street blocks and grid cells (all EPSG:4548)."""

    subdistrict: Polygon
    communities: list[Polygon]  # ordered north -> south, then west -> east
    blocks: list[tuple[int, Polygon]] = field(default_factory=list)  # (community index, block)
    cells: list[tuple[int, Polygon]] = field(default_factory=list)  # (community index, cell), coded order


def outline(rng: np.random.Generator) -> Polygon:
    """An irregular, simple, star-shaped polygon of AREA_M2 north-east of the anchor.

    The centre sits 800 m east and 500 m north of the anchor so that the whole polygon stays
    inside DOMAIN.md's box (the anchor lies only ~1.1 km from its west and south edges).
    """
    ax, ay = crs.from_wgs84(*ANCHOR_LONLAT, crs.CGCS2000_GK_CM117)
    theta = np.linspace(0.0, 2.0 * np.pi, 64, endpoint=False)
    radius = 1.0 + rng.uniform(-0.012, 0.012, theta.size)
    for k in range(2, 6):  # low harmonics: bays and bulges like real street boundaries
        radius += rng.uniform(0.02, 0.06) * np.cos(k * theta + rng.uniform(0.0, 2.0 * np.pi))
    xs, ys = 1.4 * radius * np.cos(theta), radius * np.sin(theta)
    scale = np.sqrt(AREA_M2 / Polygon(np.column_stack([xs, ys])).area)
    ring = np.column_stack([ax + 800.0 + scale * xs, ay + 500.0 + scale * ys])
    return shapely.set_precision(Polygon(ring), PRECISION_M)


def _sample_inside(rng: np.random.Generator, polygon: Polygon, count: int) -> np.ndarray:
    minx, miny, maxx, maxy = polygon.bounds
    points = rng.uniform((minx, miny), (maxx, maxy), size=(count * 3, 2))
    inside = shapely.contains_xy(polygon, points[:, 0], points[:, 1])
    return points[inside][:count]


def community_seeds(rng: np.random.Generator, polygon: Polygon) -> np.ndarray:
    """k-means centres of random points: Voronoi cells of similar size, ordered like codes."""
    points = _sample_inside(rng, polygon, 4000)
    centres = points[rng.choice(len(points), COMMUNITIES, replace=False)]
    for _ in range(25):
        nearest = np.argmin(((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), axis=1)
        # A centre left without points stays put rather than becoming NaN.
        centres = np.array(
            [points[nearest == i].mean(axis=0) if (nearest == i).any() else centres[i] for i in range(COMMUNITIES)]
        )
    # Codes run north -> south in rows of four, west -> east within a row.
    by_north = centres[np.argsort(-centres[:, 1], kind="stable")]
    rows = [row[np.argsort(row[:, 0], kind="stable")] for row in np.split(by_north, COMMUNITIES // 4)]
    return np.vstack(rows)


def block_seeds(rng: np.random.Generator, polygon: Polygon) -> np.ndarray:
    """A jittered hexagonal lattice: blocks of even size, unlike purely random Voronoi seeds."""
    minx, miny, maxx, maxy = polygon.buffer(BLOCK_SPACING_M).bounds
    dy = BLOCK_SPACING_M * np.sqrt(3.0) / 2.0
    rows = np.arange(miny, maxy, dy)
    points = [
        (x + (i % 2) * BLOCK_SPACING_M / 2.0, y)
        for i, y in enumerate(rows)
        for x in np.arange(minx, maxx, BLOCK_SPACING_M)
    ]
    points = np.array(points) + rng.uniform(-0.3, 0.3, size=(len(points), 2)) * BLOCK_SPACING_M
    return points


def voronoi(seeds: np.ndarray, polygon: Polygon) -> np.ndarray:
    """Voronoi cells in the order of their seeds, covering well beyond the polygon."""
    diagram = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=polygon.buffer(2000.0), ordered=True)
    return shapely.get_parts(diagram)


def grid_lines(polygon: Polygon) -> tuple[list[LineString], float, float]:
    """Lines of the 100 m grid over the polygon, and the grid's west and north edges."""
    minx, miny, maxx, maxy = polygon.bounds
    west, north = np.floor(minx / CELL_M) * CELL_M, np.ceil(maxy / CELL_M) * CELL_M
    east, south = np.ceil(maxx / CELL_M) * CELL_M, np.floor(miny / CELL_M) * CELL_M
    lines = [LineString([(x, south), (x, north)]) for x in np.arange(west, east + 1.0, CELL_M)]
    lines += [LineString([(west, y), (east, y)]) for y in np.arange(south, north + 1.0, CELL_M)]
    return lines, west, north


def faces(polygon: Polygon, lines: list) -> np.ndarray:
    """The polygon cut by the lines: one snap-rounded noding, so adjacent faces share vertices."""
    noded = shapely.union_all([polygon.exterior, *lines], grid_size=PRECISION_M)
    pieces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    inside = shapely.contains(polygon, shapely.point_on_surface(pieces))
    return pieces[inside]


def locate(points: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """Index of the cell holding each point (-1 if none)."""
    where = np.full(len(points), -1)
    point_index, cell_index = shapely.STRtree(cells).query(points, predicate="within")
    where[point_index] = cell_index
    return where


def _merge_slivers(cells: list[tuple[tuple, Polygon]]) -> list[tuple[tuple, Polygon]]:
    """Fold pieces under SLIVER_M2 into the same-community neighbour sharing the longest edge.

    The host keeps its own grid position, so the merged cell keeps its place in the numbering.
    """
    cells = list(cells)
    while True:
        small = [i for i, (_, cell) in enumerate(cells) if cell.area < SLIVER_M2]
        if not small:
            return cells
        sliver = min(small, key=lambda i: cells[i][1].area)
        shared = [cells[sliver][1].boundary.intersection(other.boundary).length for _, other in cells]
        shared[sliver] = 0.0
        host = int(np.argmax(shared))
        if shared[host] == 0.0:  # an isolated piece: nothing to merge it into, keep it
            return cells
        cells[host] = (cells[host][0], shapely.coverage_union(cells[host][1], cells[sliver][1]))
        del cells[sliver]


def _community_cells(pieces: np.ndarray, west: float, north: float) -> list[Polygon]:
    """One community's grid cells, ordered rows from the north, then west -> east (DB11/T 2157)."""
    centres = shapely.point_on_surface(pieces)
    cols = np.floor((shapely.get_x(centres) - west) / CELL_M).astype(int)
    rows = np.floor((north - shapely.get_y(centres)) / CELL_M).astype(int)
    cells = []
    for row, col in sorted(set(zip(rows.tolist(), cols.tolist(), strict=True))):
        members = pieces[(rows == row) & (cols == col)]
        for part in shapely.get_parts(shapely.coverage_union_all(members)):
            # Two parts of one square (a bay of the boundary) are ordered by x within the row.
            cells.append(((row, col, part.point_on_surface().x), part))
    return [cell for _, cell in sorted(_merge_slivers(cells), key=lambda item: item[0])]


def layout(rng: np.random.Generator) -> Layout:
    """Cut the sub-district into communities, street blocks and grid cells from one noding."""
    polygon = outline(rng)
    community_cells = voronoi(community_seeds(rng, polygon), polygon)
    block_cells = voronoi(block_seeds(rng, polygon), polygon)
    lines, west, north = grid_lines(polygon)
    edges = [cell.exterior for cell in (*community_cells, *block_cells)]
    pieces = faces(polygon, edges + lines)
    centres = shapely.point_on_surface(pieces)
    in_community, in_block = locate(centres, community_cells), locate(centres, block_cells)
    communities = [shapely.coverage_union_all(pieces[in_community == i]) for i in range(COMMUNITIES)]
    result = Layout(subdistrict=shapely.coverage_union_all(pieces), communities=communities)
    for i in range(COMMUNITIES):
        for b in np.unique(in_block[in_community == i]):
            block = shapely.coverage_union_all(pieces[(in_community == i) & (in_block == b)])
            result.blocks.append((i, block))
        result.cells += [(i, cell) for cell in _community_cells(pieces[in_community == i], west, north)]
    return result


def largest_part(geometry) -> Polygon | None:
    parts = [part for part in shapely.get_parts(geometry) if not part.is_empty]
    return max(parts, key=lambda part: part.area) if parts else None


def inset(block: Polygon, setback: float) -> Polygon | None:
    """The block minus its street margin; mitre joins keep straight fences, not rounded ones."""
    return largest_part(block.buffer(-setback, join_style="mitre"))


def _slab_slots(area: Polygon, length: float) -> list[Polygon]:
    """East-west slabs 12 m deep, rows 30 m apart (the sunlight spacing of Beijing housing)."""
    minx, miny, maxx, maxy = area.bounds
    slots = []
    for top in np.arange(maxy, miny + 12.0, -30.0):
        for left in np.arange(minx, maxx - length, length + 10.0):
            slab = box(left, top - 12.0, left + length, top)
            if area.contains(slab):
                slots.append(slab)
    return slots


def building_footprints(estate: Polygon, count: int) -> list[Polygon]:
    """Up to count non-overlapping slabs inside the estate, numbered north -> south, west -> east."""
    area = estate.buffer(-6.0, join_style="mitre")
    slots: list[Polygon] = []
    for length in (60.0, 48.0, 36.0, 24.0, 14.0, 10.0):  # slabs down to point towers
        slots = _slab_slots(area, length) if not area.is_empty else []
        if len(slots) >= count:
            break
    if not slots:
        # An estate too small for a slab still gets one building, at its most interior point.
        centre = polylabel(estate, tolerance=0.5)
        half = min(6.0, estate.exterior.distance(centre) / 2.0)
        return [box(centre.x - half, centre.y - half, centre.x + half, centre.y + half)]
    picks = np.unique(np.linspace(0, len(slots) - 1, min(count, len(slots))).round().astype(int))
    return [slots[i] for i in picks]


def to_wgs84(geometries) -> np.ndarray:
    """EPSG:4548 -> 4326 through layers.crs, rounded so equal inputs give equal, stable output."""
    converted = crs.transform_geometry(np.asarray(geometries, dtype=object), crs.CGCS2000_GK_CM117, crs.WGS84)
    return shapely.transform(converted, lambda xy: np.round(xy, DEGREE_DECIMALS))
