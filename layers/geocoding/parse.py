"""Parsing normalised address text into its parts, below the sub-district.

Order in DOMAIN.md: (社区) › 路/街 + N号 › N号院 or 小区名 › N号楼 › N单元 › N室. Names are found
against what the gazetteer knows (longest first, so 北大地西区 beats 北大地); numbers by patterns.
Each part found is masked out of the text, so one stretch of text is never read twice (the 45 of
丰西路45号院 is not also a building).
"""

import re
from dataclasses import dataclass

from layers.geocoding.normalise import normalise

MASK = "|"
# Words residents put before an address ("住在", "位于", "反映"): a name found by pattern is cut after them.
_NOISE = re.compile(r".*(?:住在|位于|反映|在|于|住|到|是|的)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ROAD_SUFFIX = r"(?:路|街|胡同|道|巷|条|里)"
_UNKNOWN_ROAD = re.compile(rf"([\u4e00-\u9fff]{{1,12}}?{_ROAD_SUFFIX})(\d+)号(?!楼)")
_UNKNOWN_COMMUNITY = re.compile(r"([\u4e00-\u9fff]{2,12}?社区)")
_NUMBER_AFTER_ROAD = re.compile(r"(\d+)号(?!楼)")
_COURTYARD = re.compile(r"(?<!\d)(\d+)号院")
_BUILDING = re.compile(r"(?<![0-9A-Za-z])([0-9A-Za-z]{1,4})号楼")
_BARE_BUILDING = re.compile(r"([0-9A-Za-z]{1,4})号(?!院|楼)")
_UNIT = re.compile(r"(?<!\d)(\d{1,2})(?:单元|门)")
_ROOM = re.compile(r"(?<!\d)(\d{1,5})(?:室|户|号房)|(?<=单元)(\d{1,5})(?![\d号楼单])|(?<=门)(\d{1,5})(?![\d号楼单])")
_COMPACT = re.compile(r"(?<![\d-])([0-9A-Za-z]{1,3})-(\d{1,2})-(\d{2,5})(?![\d-])")


@dataclass(frozen=True)
class KnownNames:
    """Normalised names the gazetteer knows; empty for parsing without a database."""

    estates: tuple[str, ...] = ()
    communities: tuple[str, ...] = ()
    roads: tuple[str, ...] = ()

    def all(self) -> tuple[str, ...]:
        return self.estates + self.communities + self.roads


@dataclass(frozen=True)
class AddressParts:
    """What the parser read. Names are normalised; known_* say whether the gazetteer knows them."""

    text: str
    community: str | None = None
    estate: str | None = None
    # Further estate names in the same text (丰西路45号院对面的北大地西区), longest first.
    other_estates: tuple[str, ...] = ()
    road: str | None = None
    road_known: bool = False
    number: str | None = None
    courtyard: str | None = None
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    # Unread stretches of text (community and structural parts removed) for fuzzy name matching.
    leftovers: tuple[str, ...] = ()


def _boundary_ok(text: str, start: int, end: int, name: str) -> bool:
    """A name must not cut a number (5号院 inside 45号院), and a bare numbered alias (45号院) must
    not follow another name (岳各庄45号院 is not 丰西路45号院)."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if name[0].isdigit() and (before.isdigit() or (_CJK.match(before) and not _NOISE.fullmatch(before))):
        return False
    return not (name[-1].isdigit() and after.isdigit())


def _find_longest(text: str, names: tuple[str, ...]) -> tuple[str, int] | None:
    """The longest known name in text (leftmost among equals), with its start."""
    best = None
    for name in names:
        start = text.find(name)
        while start >= 0:
            if _boundary_ok(text, start, start + len(name), name):
                if best is None or (len(name), -start) > (len(best[0]), -best[1]):
                    best = (name, start)
                break
            start = text.find(name, start + 1)
    return best


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + MASK * (end - start) + text[end:]


def _trim_noise(name: str) -> str:
    return _NOISE.sub("", name) or name


def _take_name(text: str, names: tuple[str, ...], pattern: re.Pattern) -> tuple[str | None, bool, str, int]:
    """(name, known?, masked text, end of the name) for a known name, else one found by pattern."""
    found = _find_longest(text, names)
    if found:
        name, start = found
        return name, True, _mask(text, start, start + len(name)), start + len(name)
    match = pattern.search(text)
    if match:
        return _trim_noise(match.group(1)), False, _mask(text, match.start(1), match.end(1)), match.end(1)
    return None, False, text, -1


def _take(pattern: re.Pattern, text: str) -> tuple[str | None, str]:
    match = pattern.search(text)
    if not match:
        return None, text
    value = next(group for group in match.groups() if group is not None)
    return value, _mask(text, match.start(), match.end())


def _take_estates(text: str, names: tuple[str, ...]) -> tuple[list[str], int, str]:
    """Every known estate name in the text, longest first; the end of the longest; the masked text."""
    found, first_end = [], -1
    while len(found) < 5 and (hit := _find_longest(text, names)):
        name, start = hit
        first_end = start + len(name) if not found else first_end
        found.append(name)
        text = _mask(text, start, start + len(name))
    return found, first_end, text


def _take_road(text: str, known: KnownNames) -> tuple[dict, str]:
    road, road_known, text, end = _take_name(text, known.roads, _UNKNOWN_ROAD)
    if road is None:
        return {}, text
    number = None
    match = _NUMBER_AFTER_ROAD.match(text, end)
    if match:
        number, text = match.group(1), _mask(text, match.start(), match.end())
    return {"road": road, "road_known": road_known, "number": number}, text


def _take_structure(text: str, estate_end: int) -> tuple[dict, str]:
    """Building, unit and room: explicit (12号楼1单元502室), compact (12-1-502), or a bare N号 right
    after the estate name (北大地西区12号1单元)."""
    parts = {}
    parts["building"], text = _take(_BUILDING, text)
    if parts["building"] is None and estate_end >= 0:
        match = _BARE_BUILDING.match(text, estate_end)
        if match:
            parts["building"], text = match.group(1), _mask(text, match.start(), match.end())
    # The room first: a bare room number is recognised by the 单元 in front of it.
    parts["room"], text = _take(_ROOM, text)
    parts["unit"], text = _take(_UNIT, text)
    compact = _COMPACT.search(text)
    if compact and parts["building"] is None:
        parts["building"], parts["unit"], parts["room"] = compact.groups()
        text = _mask(text, compact.start(), compact.end())
    parts["building"] = parts["building"].upper() if parts["building"] else None
    return parts, text


def _leftovers(text: str) -> tuple[str, ...]:
    return tuple(piece for piece in re.split(rf"[{re.escape(MASK)}\W_]+", text) if piece)


def parse_normalised(text: str, known: KnownNames = KnownNames()) -> AddressParts:
    """Parts of already-normalised text (see parse_address)."""
    community, _, work, _ = _take_name(text, known.communities, _UNKNOWN_COMMUNITY)
    fuzzy_base = work
    estates, estate_end, work = _take_estates(work, known.estates)
    road, work = _take_road(work, known)
    courtyard, work = _take(_COURTYARD, work)
    structure, work = _take_structure(work, estate_end)
    # Fuzzy matching sees the text without the community and the structural parts, but with the road,
    # so that a slightly wrong estate name (北大地西 for 北大地西区) is still read as one word.
    _, fuzzy_base = _take_structure(fuzzy_base, estate_end)
    return AddressParts(
        text=text,
        community=community,
        estate=estates[0] if estates else None,
        other_estates=tuple(estates[1:]),
        courtyard=courtyard,
        leftovers=_leftovers(fuzzy_base),
        **road,
        **structure,
    )


def parse_address(text: str, known: KnownNames = KnownNames()) -> AddressParts:
    """Normalise and parse an address, e.g. 北大地西区12号楼1单元502 -> estate 北大地西区, building 12,
    unit 1, room 502. `known` holds the gazetteer's normalised names; without it only patterns are used."""
    keep = tuple(name for name in known.all() if name.startswith(("北京", "五里店")))
    return parse_normalised(normalise(text, keep=keep), known)
