"""Today's work at the printed accounts' own place, so that their inboxes are not empty after `make demo`.

The year's cases fall where the statistics put them. Where the printed grid worker and cadre work
(丰西路45号院, layers/demo/accounts.py) the story drew the parking spaces months before the end, and
since then a case comes every week or so: the last day mostly has none, and the inbox announces
only what happened in the last NOTIFY_MAX_AGE_HOURS. So the demo's last hours bring two cases
there, both still being worked:
- the grid worker's own find on patrol in their cells, routed to them by route() like any case;
- a 12345 call about a leaking roof, which the office dispatched by name to the building's cadre
  (四包: community cadres look after buildings), where routing alone names the cell's grid worker:
  the desk's "dispatch to a named handler" (the loader writes it, complaint_load._named_handlers).
Pure: the place and the grid worker's cells come in as shapely geometry; seeded on a stream of its
own, with indexes after any year's cases (HOME_INDEX), so the year is the same with or without them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from layers.demo.complaints import Case, Place, random_point

STREAM = 45
HOME_INDEX = 1_000_000


@dataclass(frozen=True)
class Home:
    hours_before: float  # received this long before the demo's stop
    category: str
    channel: str
    text: str  # {p}: the estate, {b}: the building number
    sheet_name: str  # the 12345 sheet's 问题分类 ("" for a patrol find)
    handler: str  # "cadre": dispatched by name to the building's cadre; "": as routed


HOMES = [
    Home(6.0, "cityscape", "grid_patrol", "{p}东门外垃圾桶满溢，垃圾散落无人清运", "", ""),
    Home(3.5, "housing_repair", "hotline_12345", "{p}{b}号楼顶层漏雨，楼道墙皮脱落", "房屋漏雨", "cadre"),
]


def _case(home: Home, index: int, place: Place, cells, as_of: datetime, rng: np.random.Generator) -> Case:
    received = as_of - timedelta(hours=home.hours_before)
    number, footprint = sorted(place.buildings, key=lambda b: b[0])[0] if place.buildings else ("1", place.geom)
    patrol = home.channel == "grid_patrol"
    area = place.geom.intersection(cells) if patrol and cells is not None else place.geom
    lon, lat = random_point(rng, area if patrol and not area.is_empty else footprint)
    return Case(
        index=index,
        category=home.category,
        channel=home.channel,
        received_at=received,
        lon=lon,
        lat=lat,
        location_source="gps" if patrol else "address_match",
        accuracy=6.0 if patrol else None,
        address=f"丰台区五里店街道{place.name}" + ("" if patrol else f"{number}号楼"),
        description=home.text.format(p=place.name, b=number),
        complainant_name="" if patrol else "周女士",
        complainant_phone="" if patrol else f"139{rng.integers(0, 10**8):08d}",
        place=place.name,
        outside=False,
        stages=[("received", received), ("dispatched", received + timedelta(minutes=20))],
        satisfaction="",
        sheet_category=home.sheet_name,
        handler=home.handler,
    )


def home_cases(
    place: Place | None, cells, as_of: datetime, seed: int, deadline: Callable[[Case], datetime] | None = None
) -> list[Case]:
    """The HOMES cases at `place` (none without it); `cells` (the grid worker's, or None) holds the patrol find."""
    if place is None:
        return []
    rng = np.random.default_rng([seed, STREAM])
    cases = [_case(home, HOME_INDEX + i, place, cells, as_of, rng) for i, home in enumerate(HOMES)]
    for case in cases:
        case.due_at = deadline(case) if deadline is not None else None
    return cases
