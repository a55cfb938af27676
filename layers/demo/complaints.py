"""Seeded synthetic complaints for the demo: one year of 五里店街道 at a Beijing street's volume.

Pure: takes the places (estates with their buildings, the sub-district outline) as shapely
geometry in WGS84 and returns plain case records; layers/demo/complaint_load.py validates and
stores them. Same seed and places, same cases.

What the data is made to show (all invented, shaped on DOMAIN.md):
- volume: about 2,000 a month (Fengtai 2025: ~1,900 per street per month);
- seasons: heating (供暖) from mid-November to mid-March; roof leaks (房屋修缮/漏雨) and waterlogging
  (排水/积水) in July and August;
- old estates' infrastructure: leaks, heating, drainage, utilities and property complaints fall on
  老旧小区; on the renovated ones they drop after the works end (renovation_end), so the planners'
  before/after shows the works' effect (RENOVATION_FACTORS);
- named places: parking at 丰西路45号院 is frequent until the parking-space consultation
  (PARKING_CONSULTED) and falls after it; property management complaints at 北大地西区 fall after
  a property company was brought in (PROPERTY_INTRODUCED);
- every channel, and statuses from 接诉 to 结案 with 退单, 挂账 and 督办, timed by workflow rules in
  layers/demo/complaint_stages.py; the last days still open, as an office's desk is on any day.

The year and the story's dates come from the demo's calendar (layers/demo/clock.py): the dates
below are the story as written for a year ending clock.REFERENCE_END, moved with the demo's end.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import numpy as np
import shapely

from layers.demo.callbacks import call_backs
from layers.demo.clock import Span
from layers.demo.complaint_stages import Story, stages
from layers.demo.complaint_text import describe
from layers.demo.sheet import sheet_words
from layers.services.deadlines import BEIJING

DEFAULT_SEED = 20251201
MONTHLY = 2_000
PARKING_CONSULTED = date(2026, 5, 20)  # 丰西路45号院: spaces drawn after the fifth consultation meeting
PROPERTY_INTRODUCED = date(2026, 3, 1)  # 北大地西区: trial property management begins
FENGXILU_45, BEIDADI_WEST = "丰西路45号院", "北大地西区"

# Category code -> share of an ordinary day's cases (before seasons) and where cases fall:
# "estate" on housing estates weighted by households and age, "street" anywhere in the sub-district.
CATEGORY_MIX = {
    "property": (0.10, "estate"),
    "housing_repair": (0.07, "estate"),
    "heating": (0.03, "estate"),
    "parking_traffic": (0.08, "mixed"),
    "noise": (0.08, "mixed"),
    "cityscape": (0.11, "street"),
    "environment": (0.06, "street"),
    "construction": (0.05, "mixed"),
    "public_safety": (0.03, "mixed"),
    "roads": (0.06, "street"),
    "drainage": (0.03, "mixed"),
    "utilities": (0.08, "estate"),
    "market": (0.05, "street"),
    "social_order": (0.06, "mixed"),
    "other": (0.11, "mixed"),
}
# Month -> multiplier, for the categories with a season.
SEASON = {
    "heating": {11: 14, 12: 22, 1: 22, 2: 16, 3: 7},
    "housing_repair": {6: 1.5, 7: 3.5, 8: 3.0, 9: 1.3},
    "drainage": {6: 2.0, 7: 7.0, 8: 5.5, 9: 1.2},
    "noise": {6: 1.3, 7: 1.5, 8: 1.5},
    "utilities": {12: 1.2, 1: 1.3, 7: 1.4, 8: 1.3},
}
OFF_SEASON = {"heating": 0.1}
CHANNELS = ["hotline_12345", "grid_patrol", "wechat_group", "official_account", "volunteer", "visit", "other"]
CHANNEL_P = [0.62, 0.14, 0.09, 0.05, 0.05, 0.03, 0.02]
# What grid workers find on patrol rather than what residents call about.
PATROL_FOUND = {"cityscape", "environment", "construction", "roads", "market"}
PATROL_P = [0.40, 0.35, 0.08, 0.05, 0.08, 0.02, 0.02]
CHANNEL_CUM, PATROL_CUM = np.cumsum(CHANNEL_P), np.cumsum(PATROL_P)
# Case weight per household of an estate, by renovation status on the day (others: 2.4 if old, else 1).
RENOVATION_FACTORS = {"done": 0.6, "in_progress": 1.8, "planned": 2.6}
OUTSIDE_SHARE = 0.006  # 12345 dispatches that belong to a neighbouring street: returned (退单)


SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林"


@dataclass
class Place:
    """A housing estate as the generator needs it (WGS84 geometry)."""

    code: str
    name: str
    geom: object
    households: int
    old: bool
    renovation: str
    buildings: list  # (number, shapely polygon)
    renovation_start: date | None = None
    renovation_end: date | None = None

    def phase(self, day: date) -> str:
        """The estate's renovation status on `day`: its works dates override the recorded status."""
        if self.renovation_start is not None and day < self.renovation_start:
            return "planned"
        if self.renovation_end is not None and day > self.renovation_end:
            return "done"
        if self.renovation_start is not None:
            return "in_progress"
        return self.renovation

    def weight(self, day: date) -> float:
        # Old estates carry the infrastructure problems; a finished renovation removes most of them.
        factor = RENOVATION_FACTORS.get(self.phase(day), 2.4 if self.old else 1.0)
        return self.households * factor


@dataclass
class Case:
    index: int
    category: str
    channel: str
    received_at: datetime
    lon: float
    lat: float
    location_source: str
    accuracy: float | None
    address: str
    description: str
    complainant_name: str
    complainant_phone: str
    place: str  # estate name, "" for the street
    outside: bool
    stages: list  # [(status, datetime)], first is ("received", received_at)
    satisfaction: str
    ledger_owner: str = ""
    ledger_target_date: date | None = None
    ledger_cleared_at: datetime | None = None  # 销账: when the case left the ledger
    due_at: datetime | None = None  # 办理时限, when the generator is given the deadline rule
    sheet_category: str = ""  # a 12345 case's 问题分类 as the city names it (layers/demo/sheet.py)
    unlocated: bool = False  # its address matches nothing and a sheet has no coordinates (sheet.py)
    callbacks: list = field(default_factory=list)  # 回访 attempts (layers/demo/callbacks.py)
    handler: str = ""  # "cadre": dispatched by name to the building's cadre (layers/demo/home.py)


def daily_rates(day: date) -> dict[str, float]:
    """Expected cases of each category on `day` (before the scale that sets the monthly volume)."""
    weekday = 0.75 if day.weekday() >= 5 else 1.07
    rates = {}
    for code, (share, _where) in CATEGORY_MIX.items():
        season = SEASON.get(code, {}).get(day.month, OFF_SEASON.get(code, 1.0))
        rates[code] = share * season * weekday
    # Heating runs 15 November - 15 March in Beijing: complaints peak in its first weeks.
    if day.month in (11, 3) and (day.day < 15) == (day.month == 11):
        rates["heating"] *= 0.4
    return rates


def story_of(span: Span) -> Story:
    """The named places' fixes and the year, on the demo's calendar."""
    return Story(span.start, span.end, span.story(PARKING_CONSULTED), span.story(PROPERTY_INTRODUCED))


def story_rates(day: date, story: Story) -> dict[tuple[str, str], float]:
    """Extra daily cases at the named places: high before the fix, falling after it."""
    consulted, introduced = story.consulted, story.introduced
    parking = 4.0 if day < consulted else 4.0 * 0.5 ** ((day - consulted).days / 21) + 0.15
    managed = 3.0 if day < introduced else 3.0 * 0.5 ** ((day - introduced).days / 30) + 0.1
    return {(FENGXILU_45, "parking_traffic"): parking, (BEIDADI_WEST, "property"): managed}


def scale(span: Span) -> float:
    """Daily rate per unit share, so the year totals MONTHLY a month (the stories included)."""
    days, story = span.days(), story_of(span)
    base = sum(sum(daily_rates(d).values()) for d in days)
    stories = sum(sum(story_rates(d, story).values()) for d in days)
    return (MONTHLY * len(days) * 12 / 365 - stories) / base


def random_point(rng: np.random.Generator, polygon) -> tuple[float, float]:
    """Uniform point inside a polygon: rejection sampling in its bounding box, 16 candidates a draw."""
    x0, y0, x1, y1 = polygon.bounds
    while True:
        xs, ys = rng.uniform(x0, x1, 16), rng.uniform(y0, y1, 16)
        inside = np.flatnonzero(shapely.contains_xy(polygon, xs, ys))
        if inside.size:
            return float(xs[inside[0]]), float(ys[inside[0]])


def _pick(rng: np.random.Generator, cumulative: np.ndarray) -> int:
    # searchsorted on a precomputed cumulative sum: rng.choice(p=...) re-checks p on every call.
    return int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))


class Generator:
    def __init__(self, places: list[Place], subdistrict, span: Span, seed: int = DEFAULT_SEED, volume: float = 1.0):
        self.rng = np.random.default_rng(seed)
        self.volume = volume  # 1.0 = the real volume; tests use a fraction
        self.places = places
        self.by_name = {p.name: p for p in places}
        self.subdistrict = subdistrict
        self.span, self.story = span, story_of(span)
        self._cumulative: dict[tuple, np.ndarray] = {}
        self.place_cum = self._weights_on(span.start)
        self.scale = scale(span)
        shapely.prepare([subdistrict, *(p.geom for p in places), *(b for p in places for _, b in p.buildings)])

    def cases(self) -> list[Case]:
        """Every case of the year, in order of day; a case received after span.as_of is not there yet."""
        out: list[Case] = []
        for day in self.span.days():
            self.place_cum = self._weights_on(day)
            for code, rate in daily_rates(day).items():
                for _ in range(self.rng.poisson(rate * self.scale * self.volume)):
                    out.append(self._case(len(out), day, code, None))
            for (name, code), rate in story_rates(day, self.story).items():
                for _ in range(self.rng.poisson(rate * self.volume)):
                    out.append(self._case(len(out), day, code, self.by_name.get(name)))
        # Dropped after drawing, so the cases before as_of are the same whenever the day's load ran.
        return [case for case in out if case.received_at < self.span.as_of]

    def _weights_on(self, day: date) -> np.ndarray:
        """Cumulative place weights on `day`; the same phases share one array (a few per year)."""
        phases = tuple(p.phase(day) for p in self.places)
        if phases not in self._cumulative:
            self._cumulative[phases] = np.cumsum([p.weight(day) for p in self.places], dtype=float)
        return self._cumulative[phases]

    def _when(self, day: date) -> datetime:
        # Calls cluster in the day: 07:00-22:00 mostly, a few at night.
        hour = self.rng.normal(13.5, 3.8) % 24
        return datetime.combine(day, time(0), tzinfo=BEIJING) + timedelta(hours=float(hour))

    def _where(self, code: str, place: Place | None):
        """(place or None, lon, lat, address, outside)."""
        where = CATEGORY_MIX[code][1]
        if place is None and (where == "estate" or (where == "mixed" and self.rng.random() < 0.5)):
            place = self.places[_pick(self.rng, self.place_cum)]
        if place is None:
            if self.rng.random() < OUTSIDE_SHARE * 2:
                return None, *self._outside(), "丰台区卢沟桥路附近", True
            lon, lat = random_point(self.rng, self.subdistrict)
            return None, lon, lat, "丰台区五里店街道", False
        if place.buildings and self.rng.random() < 0.65:
            number, footprint = place.buildings[self.rng.integers(len(place.buildings))]
            return place, *random_point(self.rng, footprint), f"丰台区五里店街道{place.name}{number}号楼", False
        return place, *random_point(self.rng, place.geom), f"丰台区五里店街道{place.name}", False

    def _outside(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.subdistrict.buffer(0.006).bounds  # ~500 m around the street
        while True:
            x, y = self.rng.uniform(x0, x1), self.rng.uniform(y0, y1)
            if not self.subdistrict.covers(shapely.Point(x, y)):
                return float(x), float(y)

    def _case(self, index: int, day: date, code: str, place: Place | None) -> Case:
        rng = self.rng
        received = self._when(day)
        place, lon, lat, address, outside = self._where(code, place)
        channel = (
            "hotline_12345" if outside else str(rng.choice(CHANNELS, p=PATROL_P if code in PATROL_FOUND else CHANNEL_P))
        )
        source, accuracy = self._source(channel)
        name = place.name if place else ""
        surname = SURNAMES[rng.integers(len(SURNAMES))]
        return Case(
            index=index,
            category=code,
            channel=channel,
            received_at=received,
            lon=lon,
            lat=lat,
            location_source=source,
            accuracy=accuracy,
            address=address,
            description=describe(rng, code, name or address.removeprefix("丰台区五里店街道") or "街道辖区内"),
            complainant_name="" if channel == "grid_patrol" else surname + ("先生", "女士")[rng.integers(2)],
            complainant_phone=""
            if channel == "grid_patrol"
            else f"1{rng.choice([3, 5, 8])}{rng.integers(0, 10**9):09d}",
            place=name,
            outside=outside,
            stages=[],
            satisfaction="",
        )

    def _source(self, channel: str) -> tuple[str, float | None]:
        if channel == "grid_patrol" or channel == "volunteer":
            return "gps", float(np.round(self.rng.uniform(4, 25), 1))
        if channel == "hotline_12345":
            return ("address_match", None) if self.rng.random() < 0.5 else ("map_pick", None)
        return "map_pick", None


def generate(
    places: list[Place],
    subdistrict,
    span: Span,
    seed: int = DEFAULT_SEED,
    volume: float = 1.0,
    deadline: Callable[[Case], datetime] | None = None,
    city_names: dict[str, list[str]] | None = None,
) -> list[Case]:
    """All demo cases of the span, with workflow stages up to span.as_of (a fixed "now", so the same
    seed and span give the same cases and statuses whenever it runs). `volume` scales the number of
    cases; `deadline` (the case's 办理时限, from its category and the holiday calendar) sets due_at
    and lets the cases due in the next hours still be open at as_of. `city_names` (our category
    code -> the 12345 names for it) gives the 12345 cases their sheet's words (sheet.py); then the
    回访 calls (callbacks.py)."""
    generator = Generator(places, subdistrict, span, seed, volume)
    cases = generator.cases()
    for case in cases:
        case.due_at = deadline(case) if deadline is not None else None
        stages(generator.rng, case, span.as_of, generator.story)
    sheet_words(cases, city_names or {}, span.as_of, seed)
    call_backs(cases, seed, span.as_of)
    return cases
