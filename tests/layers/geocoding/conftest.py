"""A small gazetteer laid out in metres (tests/geometry.py) on the two communities of small_world.

West community (西社区, x 0-500): 丰西路45号院 (alias 45号院, buildings 1-3), 丰西路52号院 (alias
丰西路52号, buildings 1-2), 北大地西区 (alias 北大地西区小区, buildings 1-12), 丰西路3号院 (alias
机关宿舍, buildings 1-2).
East community (东社区, x 500-1000): 五里店东街44号院 (buildings 1-2), 东安里9号院 (alias 机关宿舍,
buildings 1-5), 北大地东区 (no buildings).
"""

import pytest

from layers.models import Building, HousingProject
from tests.geometry import rect

# (code, name, aliases, community, x0, y0, building count): estates are 100 m x 100 m squares.
ESTATES = [
    ("W-01", "丰西路45号院", ["45号院"], "west", 20, 20, 3),
    ("W-02", "丰西路52号院", ["丰西路52号"], "west", 20, 220, 2),
    ("W-03", "北大地西区", ["北大地西区小区"], "west", 220, 20, 12),
    ("W-04", "丰西路3号院", ["机关宿舍"], "west", 220, 220, 2),
    ("E-01", "五里店东街44号院", [], "east", 620, 20, 2),
    ("E-02", "东安里9号院", ["机关宿舍"], "east", 620, 220, 5),
    ("E-03", "北大地东区", [], "east", 820, 220, 0),
]


def _buildings(estate: HousingProject, x0: float, y0: float, count: int) -> None:
    # 8 m x 8 m footprints in rows of four inside the estate's square.
    for i in range(count):
        bx, by = x0 + 5 + (i % 4) * 20, y0 + 5 + (i // 4) * 20
        Building.objects.create(
            code=f"{estate.code}-{i + 1}", estate=estate, number=str(i + 1), geom=rect(bx, by, bx + 8, by + 8)
        )


@pytest.fixture
def gazetteer_world(small_world):
    estates = {}
    for code, name, aliases, community, x0, y0, count in ESTATES:
        estates[code] = HousingProject.objects.create(
            code=code,
            name=name,
            aliases=aliases,
            address=f"北京市丰台区五里店街道{name}",
            community=small_world[community],
            ownership=HousingProject.Ownership.SINGLE,
            geom=rect(x0, y0, x0 + 100, y0 + 100),
        )
        _buildings(estates[code], x0, y0, count)
    return {**small_world, "estates": estates}
