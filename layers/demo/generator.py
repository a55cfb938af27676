"""Seeded generator of the synthetic demo layers of 五里店街道 (丰台区).

Real are only the names and figures DOMAIN.md publishes: 16 communities with 37,000 households,
79,000 residents and ~7,000 floating population; 59 housing projects; military land about a third
of the area. Everything else, the geometry above all, is invented, and invented names are flagged
in `placeholdr`. Field names and enumerations follow layers/importers/fields.py, so
`import_layer` loads the files as they are.
"""

from pathlib import Path

import geopandas as gpd
import numpy as np

from layers.demo import shapes
from layers.demo.blocks import MIN_ESTATE_BLOCK_M2, allocate_blocks
from layers.demo.estates import (
    MILITARY_ESTATES,
    Estate,
    apportion,
    assign_kinds,
    building_table,
    describe_estates,
    estate_households,
    estate_records,
    name_estates,
)
from layers.importers.fields import LAYERS

DEFAULT_SEED = 20211  # the seed of the committed files in shapefiles/wulidian
SUBDISTRICT = {"code": "110106021", "name": "五里店街道"}
HOUSEHOLDS, RESIDENTS, FLOATING = 37_000, 79_000, 7_000
ESTATES = 59
MILITARY_SHARE = 1 / 3  # 涉军单位、军产小区 "cover about one third of the area"

# (name, placeholder?, road or place used for invented estate names). The first three are real;
# the next five are DOMAIN.md's unconfirmed pre-2021 names; the rest are invented.
COMMUNITY_NAMES = [
    ("丰西路社区", 0, "丰西路"),
    ("北大地西区社区", 0, "北大地西区"),
    ("东安街社区", 0, "东安街"),
    ("五里店第一社区", 1, "五里店北街"),
    ("五里店第二社区", 1, "五里店南街"),
    ("岳各庄社区", 1, "岳各庄"),
    ("东安街头条社区", 1, "东安街头条"),
    ("北大地十六号院社区", 1, "北大地"),
    ("丰西北里社区", 1, "丰西北里"),
    ("五里店东街社区", 1, "五里店东街"),
    ("岳各庄北路社区", 1, "岳各庄北路"),
    ("岳各庄西街社区", 1, "岳各庄西街"),
    ("东安里社区", 1, "东安里"),
    ("北大地东街社区", 1, "北大地东街"),
    ("丰西南里社区", 1, "丰西南里"),
    ("五里店西街社区", 1, "五里店西街"),
]


def community_table(rng: np.random.Generator, layout: shapes.Layout) -> list[dict]:
    """Names shuffled over the invented shapes (no real locations are known); totals split exactly."""
    names = [COMMUNITY_NAMES[i] for i in rng.permutation(len(COMMUNITY_NAMES))]
    area = np.array([polygon.area for polygon in layout.communities])
    households = apportion(HOUSEHOLDS, area * rng.uniform(0.6, 1.4, area.size))
    residents = apportion(RESIDENTS, households * rng.uniform(0.92, 1.08, area.size))
    floating = apportion(FLOATING, residents * rng.uniform(0.5, 1.5, area.size))
    return [
        {
            "code": f"{SUBDISTRICT['code']}{i + 1:03d}",
            "name": name,
            "households": int(households[i]),
            "residents": int(residents[i]),
            "floating": int(floating[i]),
            "placeholdr": placeholder,
            "stem": stem,
        }
        for i, (name, placeholder, stem) in enumerate(names)
    ]


def estate_counts(layout: shapes.Layout) -> np.ndarray:
    """59 estates spread by large blocks, each community keeping at least one block for other uses."""
    eligible = np.bincount(
        [c for c, block in layout.blocks if block.area >= MIN_ESTATE_BLOCK_M2], minlength=len(layout.communities)
    )
    counts = apportion(ESTATES, eligible)
    cap = np.maximum(eligible - 1, 0)
    while (counts > cap).any():
        counts[int(np.argmax(counts - cap))] -= 1
        counts[int(np.argmax(cap - counts))] += 1
    return counts


def _estate(community: int, block, kind: str) -> Estate:
    # Half a street between neighbours, so each estate lies strictly inside its community.
    return Estate(community, block, shapes.inset(block, shapes.ESTATE_SETBACK_M), kind=kind)


def military_table(estates: list[Estate], units: list) -> tuple[list[dict], list]:
    """Compounds (涉军单位) and one zone per military estate (军产小区); invented names."""
    zones = [("unit", f"驻区部队第{i}营区", zone) for i, zone in enumerate(units, 1)]
    zones += [
        ("property", f"{e.name}军产区", shapes.inset(e.block, shapes.ZONE_SETBACK_M))
        for e in estates
        if e.kind == "military"
    ]
    records = [
        {"code": f"{SUBDISTRICT['code']}-M{i:02d}", "name": name, "kind": kind, "placeholdr": 1}
        for i, (kind, name, _) in enumerate(zones, 1)
    ]
    return records, [zone for _, _, zone in zones]


def grid_table(layout: shapes.Layout, communities: list[dict]) -> tuple[list[dict], list]:
    """DB11/T 2157-2023 codes: community code + sequence, in the order the layout gives the cells."""
    records, seq = [], [0] * len(communities)
    for i, _ in layout.cells:
        seq[i] += 1
        community = communities[i]
        records.append(
            {
                "code": f"{community['code']}{seq[i]:03d}",
                "community": community["code"],
                "resp_party": f"{community['name']}网格{seq[i]:03d}",
            }
        )
    return records, [cell for _, cell in layout.cells]


def _frame(layer: str, records: list[dict], geoms: list) -> gpd.GeoDataFrame:
    """Columns in the order of the layer's file spec; geometry converted to EPSG:4326."""
    spec = LAYERS[layer]
    columns = [name for name in (*spec.required, *spec.optional) if name in records[0]]
    frame = gpd.GeoDataFrame(records, columns=columns, geometry=shapes.to_wgs84(geoms), crs=4326)
    for column in columns:
        if not isinstance(records[0][column], str):
            frame[column] = frame[column].astype("int32")
    return frame


def generate(seed: int = DEFAULT_SEED) -> dict[str, gpd.GeoDataFrame]:
    """All six demo layers keyed by import_layer's layer name, in EPSG:4326. Same seed, same output."""
    rng = np.random.default_rng(seed)
    layout = shapes.layout(rng)
    communities = community_table(rng, layout)
    blocks = allocate_blocks(rng, layout, estate_counts(layout), MILITARY_ESTATES, MILITARY_SHARE)
    estates = [_estate(c, block, "military") for c, block in blocks.military]
    estates += [_estate(c, block, "") for c, block in blocks.civil]
    name_estates(rng, estates, communities)
    assign_kinds(rng, estates)
    describe_estates(rng, estates)
    estate_households(rng, estates, communities)
    estates.sort(key=lambda e: e.code)
    community_records = [{k: v for k, v in c.items() if k != "stem"} for c in communities]
    return {
        "subdistrict": _frame("subdistrict", [dict(SUBDISTRICT)], [layout.subdistrict]),
        "communities": _frame("communities", community_records, layout.communities),
        "housing-projects": _frame("housing-projects", estate_records(estates, communities), [e.geom for e in estates]),
        "buildings": _frame("buildings", *building_table(estates)),
        "military-zones": _frame("military-zones", *military_table(estates, blocks.units)),
        "grid-cells": _frame("grid-cells", *grid_table(layout, communities)),
    }


def file_stem(layer: str) -> str:
    """The file name of a layer: import_layer's name with '-' -> '_'."""
    return layer.replace("-", "_")


def write(out_dir: str | Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write one UTF-8 Shapefile (with .cpg) per layer into out_dir; return the .shp paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for layer, frame in generate(seed).items():
        path = out_dir / f"{file_stem(layer)}.shp"
        # RESIZE shrinks the 80-byte default text fields to their longest value: smaller .dbf files.
        frame.to_file(
            path, driver="ESRI Shapefile", engine="pyogrio", encoding="UTF-8", layer_options={"RESIZE": "YES"}
        )
        paths.append(path)
    return paths
