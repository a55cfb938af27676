"""Which street blocks of the demo sub-district become estates and which military compounds.

Military land is about a third of 五里店街道 (DOMAIN.md). Compounds grow from a few centres to that
share, with the 军产小区 next to them; the other estates take the large blocks that remain, as many
per community as the generator asks for.
"""

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Polygon

from layers.demo.shapes import ZONE_SETBACK_M, Layout, inset

MIN_ESTATE_BLOCK_M2 = 12_000.0  # smaller blocks are shops, schools, green: no estate fits well
COMPOUNDS = 3  # military compounds; DOMAIN.md gives only their share of the area


class _Ledger:
    """Which blocks are taken, and how many estates each community still has to place.

    A military compound may take a large block only while its community keeps enough of them
    for its own estates, so the compounds never crowd a community's housing out.
    """

    def __init__(self, layout: Layout, counts: np.ndarray):
        self.community = np.array([c for c, _ in layout.blocks])
        self.eligible = np.array([block.area >= MIN_ESTATE_BLOCK_M2 for _, block in layout.blocks])
        self.spare = np.bincount(self.community[self.eligible], minlength=len(counts))
        self.need = np.array(counts)
        self.used: set[int] = set()

    def can_estate(self, i: int) -> bool:
        return i not in self.used and self.eligible[i] and self.need[self.community[i]] > 0

    def can_unit(self, i: int) -> bool:
        c = self.community[i]
        return i not in self.used and (not self.eligible[i] or self.spare[c] > self.need[c])

    def take(self, i: int, estate: bool) -> None:
        self.used.add(i)
        self.spare[self.community[i]] -= int(self.eligible[i])
        self.need[self.community[i]] -= int(estate)


@dataclass
class Allocation:
    """Street blocks given to military-property estates, other estates and military compounds."""

    military: list[tuple[int, Polygon]]
    civil: list[tuple[int, Polygon]]
    units: list[Polygon]


def _unit_zones(blocks: list[Polygon]) -> list[Polygon]:
    """Adjacent compound blocks form one zone; its fence stands ZONE_SETBACK_M inside the streets."""
    if not blocks:
        return []
    fenced = shapely.coverage_union_all(blocks).buffer(-ZONE_SETBACK_M, join_style="mitre")
    return [part for part in shapely.get_parts(fenced) if part.area >= 1_000.0]


def _take_military(queues: list[list[int]], ledger: _Ledger, count: int) -> list[int]:
    """军产小区 sit next to their compound: the nearest eligible blocks, in turn per compound."""
    taken: list[int] = []
    # queue[0] is the centre block itself: the compound's core, with its housing beside it.
    cursors = [iter(queue[1:]) for queue in queues]
    while len(taken) < count:
        pick = next((i for i in cursors[len(taken) % len(cursors)] if ledger.can_estate(i)), None)
        if pick is None:
            raise ValueError(f"no block left for military estate {len(taken) + 1} of {count}")
        ledger.take(pick, estate=True)
        taken.append(pick)
    return taken


def _grow_units(queues: list[list[int]], ledger: _Ledger, blocks: list[Polygon], target_m2: float) -> list[Polygon]:
    """Compounds grown block by block, in turns around their centres, until nearest the target.

    Turns give a few large compounds, as on a real map, rather than scattered blocks; stopping at
    the closest total keeps the area within about half a block of the target.
    """
    chosen: list[int] = []
    best: tuple[float, list[Polygon]] = (target_m2, [])
    cursors = [iter(queue) for queue in queues]
    while cursors:
        cursor = cursors.pop(0)
        pick = next((i for i in cursor if ledger.can_unit(i)), None)
        if pick is None:  # this compound cannot grow any more; the others go on
            continue
        cursors.append(cursor)
        ledger.take(pick, estate=False)
        chosen.append(pick)
        zones = _unit_zones([blocks[i] for i in chosen])
        miss = sum(zone.area for zone in zones) - target_m2
        if abs(miss) < abs(best[0]):
            best = (miss, zones)
        if miss > 0:
            break
    return best[1]


def allocate_blocks(
    rng: np.random.Generator, layout: Layout, counts: np.ndarray, military_estates: int, share: float
) -> Allocation:
    """Give blocks to military estates, then military compounds (to the share), then estates."""
    blocks = [block for _, block in layout.blocks]
    ledger = _Ledger(layout, counts)
    points = shapely.point_on_surface(np.asarray(blocks, dtype=object))
    centres = sorted(rng.choice(np.flatnonzero(ledger.eligible), COMPOUNDS, replace=False))
    queues = [list(np.argsort(shapely.distance(points, points[c]), kind="stable")) for c in centres]
    military = _take_military(queues, ledger, military_estates)
    property_m2 = sum(inset(blocks[i], ZONE_SETBACK_M).area for i in military)
    units = _grow_units(queues, ledger, blocks, share * layout.subdistrict.area - property_m2)
    civil = []
    for c, need in enumerate(ledger.need):
        free = [i for i in np.flatnonzero(ledger.community == c) if ledger.eligible[i] and i not in ledger.used]
        civil += [int(i) for i in sorted(rng.choice(free, need, replace=False))]
    return Allocation(
        military=[layout.blocks[i] for i in military],
        civil=[layout.blocks[i] for i in civil],
        units=units,
    )
