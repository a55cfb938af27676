"""The housing projects (住宅项目) and their buildings: names, ownership and the published counts.

DOMAIN.md publishes: 59 housing projects, 38 single-ownership, 19 multi-ownership, 2 private; one
building can belong to several owner units; 9 old estates renovated as one group (成片); 4 estates
without property management (管理缺位). Names other than 丰西路45号院, owners and companies are
invented.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import shapely

from layers.demo import shapes

OWNERSHIP_COUNTS = {"single": 38, "multi": 19, "private": 2}
MILITARY_ESTATES = 6  # invented: DOMAIN.md gives the military share of the area, not a count
OLD_SINGLE_ESTATES = 10  # single-ownership 老旧小区 besides the military ones
RENOVATION_STATUSES = ["done"] * 4 + ["in_progress"] * 3 + ["planned"] * 2  # the 9 of the 成片 project
# Works dates (invented): the finished estates were worked on in spring 2026, one a week apart, 10
# weeks each; the ones in progress started in autumn, a fortnight apart. Planned ones have none.
DONE_WORKS_START, DONE_WORKS_WEEKS = date(2026, 2, 23), 10
IN_PROGRESS_START = date(2026, 9, 1)
UNMANAGED_ESTATES = 4  # 管理缺位
FENGXILU_45 = "丰西路45号院"  # real: its parking spaces were drawn after 5 consultation meetings
BEIDADI_WEST = "北大地西区"  # the estate of 北大地西区社区; 12 buildings, so "北大地西区12号楼" resolves

# Invented owner units and property companies.
UNIT_OWNERS = [
    "丰台区房屋管理中心",
    "北京丰西机械厂",
    "北京岳各庄食品厂",
    "北京东安建材公司",
    "北京五里店纺织厂",
    "北京丰台仓储公司",
    "北京卢沟桥电器厂",
    "北京丰西房地产开发公司",
    "丰台区机关事务服务中心",
    "北京西南铁路服务公司",
]
MILITARY_OWNERS = ["驻区部队营房管理处(一)", "驻区部队营房管理处(二)", "驻区部队营房管理处(三)"]
PRIVATE_OWNER = "个人产权"
PROPERTY_COMPANIES = [
    "北京丰西物业管理有限公司",
    "北京五里店物业服务有限公司",
    "北京岳华物业管理有限公司",
    "北京东安物业服务有限公司",
    "北京丰安物业管理有限公司",
]
MILITARY_PROPERTY_COMPANY = "驻区部队营房物业服务站"
HOUSING_TYPES = {
    "military": ["福利房"],
    "multi": ["福利房", "福利房", "福利房;商品房", "福利房;回迁房"],
    "private": ["平房区"],
    "single_old": ["福利房", "安置房", "回迁房", "福利房;平房区", "安置房;回迁房"],
    "single_new": ["商品房", "回迁房", "安置房", "回迁房;商品房", "安置房;商品房"],
}


@dataclass
class Estate:
    """One housing project while it is being built up (geometry in EPSG:4548)."""

    community: int
    block: shapely.Polygon
    geom: shapely.Polygon
    code: str = ""
    name: str = ""
    placeholder: int = 1
    kind: str = ""  # military / multi / private / single_old / single_new
    attrs: dict = field(default_factory=dict)

    @property
    def ownership(self) -> str:
        return self.kind if self.kind in ("multi", "private") else "single"


def apportion(total: int, weights) -> np.ndarray:
    """Integers proportional to weights that sum exactly to total (largest remainder)."""
    weights = np.asarray(weights, dtype=float)
    quotas = total * weights / weights.sum()
    counts = np.floor(quotas).astype(int)
    order = np.argsort(-(quotas - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


def _north_west_first(estate: Estate) -> tuple[float, float]:
    point = estate.geom.point_on_surface()
    return (-round(point.y, -1), point.x)


def name_estates(rng: np.random.Generator, estates: list[Estate], communities: list[dict]) -> None:
    """Codes by position within the community; the two known estates get their real names."""
    for i, community in enumerate(communities):
        members = sorted((e for e in estates if e.community == i), key=_north_west_first)
        numbers = rng.choice(np.arange(1, 80), len(members), replace=False)
        for seq, (estate, number) in enumerate(zip(members, numbers, strict=True), start=1):
            estate.code = f"{community['code']}-{seq:02d}"
            # 45 is kept for the real 丰西路45号院, so no invented estate can take its name.
            estate.name = f"{community['stem']}{number if number != 45 else 80}号院"
        civil = [e for e in members if e.kind != "military"]
        if community["name"] == "丰西路社区":
            civil[0].name, civil[0].placeholder = FENGXILU_45, 0
        if community["name"] == "北大地西区社区":
            # The largest estate, so that it holds the 12 buildings the known address form implies.
            max(civil, key=lambda e: e.geom.area).name = BEIDADI_WEST


def assign_kinds(rng: np.random.Generator, estates: list[Estate]) -> None:
    """Shuffle the non-military estates to the published 38/19/2 (military ones count as single)."""
    rest = [e for e in estates if e.kind != "military"]
    singles = OWNERSHIP_COUNTS["single"] - MILITARY_ESTATES
    kinds = ["multi"] * OWNERSHIP_COUNTS["multi"] + ["private"] * OWNERSHIP_COUNTS["private"]
    kinds += ["single_old"] * OLD_SINGLE_ESTATES + ["single_new"] * (singles - OLD_SINGLE_ESTATES)
    for estate, kind in zip(rest, rng.permutation(kinds), strict=True):
        estate.kind = str(kind)
    fengxilu = next(e for e in rest if e.name == FENGXILU_45)
    if fengxilu.kind != "multi":  # many stakeholders: it took five consultation meetings
        swap = next(e for e in rest if e.kind == "multi")
        swap.kind, fengxilu.kind = fengxilu.kind, "multi"


def _owners(rng: np.random.Generator, kind: str) -> str:
    if kind == "military":
        return str(rng.choice(MILITARY_OWNERS))
    if kind == "private":
        return PRIVATE_OWNER
    if kind == "multi":
        return ";".join(rng.choice(UNIT_OWNERS, size=int(rng.integers(2, 4)), replace=False))
    return str(rng.choice(UNIT_OWNERS))


def _build_year(rng: np.random.Generator, kind: str, htypes: str) -> int:
    if kind == "single_new":
        return int(rng.integers(2001, 2017))
    if "平房区" in htypes:  # bungalow quarters predate the work-unit blocks
        return int(rng.integers(1960, 1976))
    return int(rng.integers(1970, 2001))


def _aliases(rng: np.random.Generator, name: str) -> str:
    if name == FENGXILU_45:
        return "45号院"
    if name == BEIDADI_WEST:
        return "北大地西区小区"
    # Residents often drop the 院: "丰西路12号" for 丰西路12号院.
    return name.removesuffix("院") if rng.random() < 0.35 else ""


def describe_estates(rng: np.random.Generator, estates: list[Estate]) -> None:
    """Attributes by kind; then the 成片 renovation group and the 4 estates without management."""
    for estate in estates:
        htypes = str(rng.choice(HOUSING_TYPES[estate.kind]))
        estate.attrs = {
            "aliases": _aliases(rng, estate.name),
            "address": f"丰台区五里店街道{estate.name}",
            "owners": _owners(rng, estate.kind),
            "htypes": htypes,
            "build_year": _build_year(rng, estate.kind, htypes),
            "prop_co": MILITARY_PROPERTY_COMPANY if estate.kind == "military" else str(rng.choice(PROPERTY_COMPANIES)),
            "old_estate": int(estate.kind != "single_new"),
            "renovation": "none",
            "reno_start": "",
            "reno_end": "",
            "military": int(estate.kind == "military"),
        }
    # Military estates are managed by the army's housing office, outside the street's projects.
    old = [e for e in estates if e.attrs["old_estate"] and not e.attrs["military"]]
    first = old[int(rng.integers(len(old)))]
    group = sorted(old, key=lambda e: (e.geom.distance(first.geom), e.code))[: len(RENOVATION_STATUSES)]
    for estate, status in zip(group, RENOVATION_STATUSES, strict=True):
        estate.attrs["renovation"] = status
    works_dates(group)
    orphans = [e for e in old if e.kind in ("multi", "private") and e not in group and e.name != BEIDADI_WEST]
    for i in sorted(rng.choice(len(orphans), UNMANAGED_ESTATES, replace=False)):
        orphans[i].attrs["prop_co"] = ""


def works_dates(group: list[Estate]) -> None:
    """Dates of the works as the agency's file gives them (text YYYY-MM-DD; empty when unknown)."""
    done = [e for e in group if e.attrs["renovation"] == "done"]
    for i, estate in enumerate(done):
        start = DONE_WORKS_START + timedelta(weeks=i)
        estate.attrs["reno_start"] = start.isoformat()
        estate.attrs["reno_end"] = (start + timedelta(weeks=DONE_WORKS_WEEKS)).isoformat()
    started = [e for e in group if e.attrs["renovation"] == "in_progress"]
    for i, estate in enumerate(started):
        estate.attrs["reno_start"] = (IN_PROGRESS_START + timedelta(weeks=2 * i)).isoformat()


def estate_households(rng: np.random.Generator, estates: list[Estate], communities: list[dict]) -> None:
    """Most, not all, of a community's households live in its estates (the rest in scattered plots)."""
    for i, community in enumerate(communities):
        members = [e for e in estates if e.community == i]
        total = int(community["households"] * rng.uniform(0.80, 0.92))
        density = np.array([0.3 if e.kind == "private" else 1.0 for e in members])
        weights = np.array([e.geom.area for e in members]) * density * rng.uniform(0.7, 1.3, len(members))
        for estate, households in zip(members, apportion(total, weights), strict=True):
            estate.attrs["households"] = int(households)


def _building_owners(estate: Estate, index: int) -> str:
    owners = estate.attrs["owners"].split(";")
    if len(owners) == 1:
        return owners[0]
    # 同一楼栋分属不同产权单位: every third building of a multi-ownership estate is shared.
    first = owners[index % len(owners)]
    return f"{first};{owners[(index + 1) % len(owners)]}" if index % 3 == 1 else first


def building_table(estates: list[Estate]) -> tuple[list[dict], list]:
    records, geoms = [], []
    for estate in estates:
        households = estate.attrs["households"]
        wanted = 12 if estate.name == BEIDADI_WEST else int(np.clip(round(households / 70), 3, 12))
        footprints = shapes.building_footprints(estate.geom, wanted)
        split = apportion(households, [footprint.area for footprint in footprints])
        for index, (footprint, count) in enumerate(zip(footprints, split, strict=True)):
            number = str(index + 1)
            records.append(
                {
                    "code": f"{estate.code}-{number}",
                    "estate": estate.code,
                    "number": number,
                    "owners": _building_owners(estate, index),
                    "households": int(count),
                }
            )
            geoms.append(footprint)
    return records, geoms


def estate_records(estates: list[Estate], communities: list[dict]) -> list[dict]:
    base = [
        {
            "code": e.code,
            "name": e.name,
            "community": communities[e.community]["code"],
            "ownership": e.ownership,
            "placeholdr": e.placeholder,
        }
        for e in estates
    ]
    return [{**record, **estate.attrs} for record, estate in zip(base, estates, strict=True)]
