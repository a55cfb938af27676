"""The gazetteer: our own estates, buildings, communities and the roads their addresses name,
loaded from the database with a few set-based queries and cached in the process.

Cache invalidation: a fingerprint of the three tables, read on every lookup. For each table it is
the row count and the sum of a hash of every row's (ctid, xmin): an INSERT, UPDATE or DELETE makes
a new row version (new ctid, new xmin) or removes one, whoever made it: this process, another web
worker, the import command, a bulk_create or raw SQL. Signals (post_save/post_delete) were rejected
because they fire only for single-object ORM saves in the same process and miss bulk imports and
every other process. A count/max(id) check would miss renames and alias edits. The fingerprint
reads a few hundred rows without their geometry (about 0.5 ms in the database, ~1 ms with the
round trip on the demo data); a VACUUM FULL that moves rows only costs one needless reload. A reload
takes ~45 ms on the demo data (59 estates, 428 buildings, 16 communities).
"""

import re
import threading
from dataclasses import dataclass, field

from django.contrib.gis.db.models.functions import PointOnSurface
from django.db import connection

from layers.geocoding.normalise import building_key, normalise
from layers.geocoding.parse import KnownNames
from layers.models import Building, Community, HousingProject

_TABLES = (HousingProject, Building, Community)
_ADDRESS_NUMBER = re.compile(r"^(\D*[\u4e00-\u9fff])(\d+)号院?$")
# The road's representative point: the point of its estates closest to their common centroid, so it
# lies inside one of them (a centroid of scattered estates can fall in a street or another estate).
_ROAD_POINTS_SQL = f"""
SELECT stem, ST_X(p), ST_Y(p) FROM (
    SELECT stem, ST_ClosestPoint(u, ST_Centroid(u)) AS p FROM (
        SELECT r.stem, ST_Union(e.geom) AS u
        FROM unnest(%s::text[], %s::int[]) AS r(stem, id)
        JOIN {HousingProject._meta.db_table} e ON e.id = r.id
        GROUP BY r.stem
    ) AS grouped
) AS points
"""


@dataclass(frozen=True, eq=False)
class Place:
    """A feature the geocoder can answer with: its code, display name and a point inside it."""

    code: str
    name: str
    lon: float
    lat: float
    community_code: str | None = None
    buildings: dict[str, "Place"] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Road:
    """A road (or place name such as 岳各庄) as estate addresses use it: 丰西路 + 45号 -> 丰西路45号院."""

    name: str
    numbers: dict[str, tuple[str, ...]]
    lon: float
    lat: float
    community_codes: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Gazetteer:
    estates: dict[str, Place]  # by code
    estate_keys: dict[str, tuple[tuple[str, bool], ...]]  # normalised name/alias -> ((code, is_alias), ...)
    roads: dict[str, Road]  # by normalised name
    communities: dict[str, tuple[Place, ...]]  # by normalised name
    known: KnownNames


def _name_key(name: str) -> str:
    # Names keep their own 五里店/北京: only addresses lose the administrative prefixes.
    return normalise(name, strip_admin=False)


def _load_estates() -> tuple[dict[str, Place], dict[str, list], list[tuple[int, str, str]]]:
    rows = HousingProject.objects.annotate(pt=PointOnSurface("geom")).values_list(
        "id", "code", "name", "aliases", "address", "community__code", "pt"
    )
    estates, keys, addresses = {}, {}, []
    for pk, code, name, aliases, address, community_code, pt in rows:
        estates[code] = Place(code, name, pt.x, pt.y, community_code, {})
        keys.setdefault(_name_key(name), []).append((code, False))
        for alias in {_name_key(a) for a in aliases if a.strip()} - {_name_key(name)}:
            keys.setdefault(alias, []).append((code, True))
        addresses.append((pk, code, address or name))
    return estates, keys, addresses


def _load_buildings(estates: dict[str, Place]) -> None:
    rows = Building.objects.annotate(pt=PointOnSurface("geom")).values_list("estate__code", "number", "code", "pt")
    for estate_code, number, code, pt in rows:
        estates[estate_code].buildings[building_key(number)] = Place(code, number, pt.x, pt.y, None)


def _load_communities() -> dict[str, tuple[Place, ...]]:
    communities: dict[str, tuple[Place, ...]] = {}
    for code, name, pt in Community.objects.annotate(pt=PointOnSurface("geom")).values_list("code", "name", "pt"):
        key = _name_key(name)
        communities[key] = (*communities.get(key, ()), Place(code, name, pt.x, pt.y, code))
    return communities


def _load_roads(addresses, estates: dict[str, Place], keep: tuple[str, ...]) -> dict[str, Road]:
    """Roads from estate addresses ('丰台区五里店街道丰西路45号院' -> 丰西路, 45), points in one query."""
    numbers: dict[str, dict[str, list[str]]] = {}
    members: list[tuple[str, int]] = []
    for pk, code, address in addresses:
        match = _ADDRESS_NUMBER.match(normalise(address, keep=keep))
        if match:
            stem, number = match.groups()
            numbers.setdefault(stem, {}).setdefault(number, []).append(code)
            members.append((stem, pk))
    if not members:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_ROAD_POINTS_SQL, [[stem for stem, _ in members], [pk for _, pk in members]])
        points = {stem: (x, y) for stem, x, y in cursor.fetchall()}
    roads = {}
    for stem, by_number in numbers.items():
        codes = sorted({c for group in by_number.values() for c in group})
        communities = tuple(sorted({estates[c].community_code for c in codes}))
        roads[stem] = Road(stem, {n: tuple(sorted(c)) for n, c in by_number.items()}, *points[stem], communities)
    return roads


def load_gazetteer() -> Gazetteer:
    """Read the gazetteer from the database (four queries: estates, buildings, communities, roads)."""
    estates, keys, addresses = _load_estates()
    _load_buildings(estates)
    communities = _load_communities()
    keep = tuple(keys) + tuple(communities)
    roads = _load_roads(addresses, estates, keep)
    known = KnownNames(estates=tuple(keys), communities=tuple(communities), roads=tuple(roads))
    return Gazetteer(
        estates=estates,
        estate_keys={key: tuple(sorted(value)) for key, value in keys.items()},
        roads=roads,
        communities=communities,
        known=known,
    )


def fingerprint() -> tuple:
    """Changes whenever any row of the gazetteer's tables is inserted, updated or deleted."""
    sql = " UNION ALL ".join(
        f"SELECT {i}, count(*), coalesce(sum(hashtext(ctid::text || ':' || xmin::text)), 0) FROM {m._meta.db_table}"
        for i, m in enumerate(_TABLES)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(sorted(cursor.fetchall()))


_lock = threading.Lock()
_cache: dict[str, object] = {"fingerprint": None, "gazetteer": None}


def get_gazetteer() -> Gazetteer:
    """The cached gazetteer, reloaded when the tables changed since it was read.

    The fingerprint is read before the load, so a commit landing in between costs one spare reload
    on the next call, never a stale answer."""
    current = (connection.alias, connection.settings_dict["NAME"], fingerprint())
    with _lock:
        if _cache["fingerprint"] != current:
            _cache["gazetteer"] = load_gazetteer()
            _cache["fingerprint"] = current
        return _cache["gazetteer"]
