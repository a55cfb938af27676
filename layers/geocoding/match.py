"""Matching parsed parts against the gazetteer, finest level first.

Confidence rules (the review queue works from these numbers):
- building: estate found and the building number exists in it: 0.95 (0.95 x similarity when the
  estate name was matched fuzzily);
- estate: exact name or alias 0.9; road + number from the estates' addresses 0.85; a community
  named after its road and a bare number (岳各庄西街社区22号院: the road is implied) 0.8; fuzzy name
  0.9 x difflib ratio (ratio >= 0.8); minus 0.1 when a building number was given that the estate
  does not have, or when the text names another community than the estate's;
- road: road known, number missing or unknown: 0.5;
- community: only a community name: 0.4;
- none: 0.0, with the reason.
Ambiguity (several features equally good) divides the confidence by their number and says so; the
feature with the smallest code is returned so the answer is deterministic.
"""

from dataclasses import dataclass

from django.contrib.gis.geos import Point

from layers.geocoding import fuzzy
from layers.geocoding.gazetteer import Gazetteer, Place
from layers.geocoding.normalise import building_key
from layers.geocoding.parse import AddressParts
from layers.geocoding.result import GeocodeResult, nothing

BUILDING, NAME, ROAD_NUMBER, COMMUNITY_ROAD_NUMBER, ROAD, COMMUNITY = 0.95, 0.9, 0.85, 0.8, 0.5, 0.4
PENALTY = 0.1


@dataclass
class _EstateMatch:
    codes: list[str]
    confidence: float
    how: str  # Chinese: how the estate was found ("" for names: worked out once the estate is chosen)
    scale: float = 1.0  # < 1 for a fuzzy name, applied to the building level too


def _point(place) -> Point:
    return Point(place.lon, place.lat, srid=4326)


def _by_name(parts: AddressParts, gaz: Gazetteer) -> _EstateMatch | None:
    """Exact names and aliases; several names in one text are all candidates (the building number
    or the community may tell them apart)."""
    if not parts.estate:
        return None
    keys = (parts.estate, *parts.other_estates)
    codes = list(dict.fromkeys(code for key in keys for code, _ in gaz.estate_keys[key]))
    return _EstateMatch(codes, NAME, "")


def _name_how(codes: list[str], parts: AddressParts, gaz: Gazetteer) -> str:
    """How the chosen estate was named, and which other estates the text also names."""
    keys = (parts.estate, *parts.other_estates)
    key, is_alias = next((k, alias) for k in keys for c, alias in gaz.estate_keys[k] if c == codes[0])
    others = [k for k in keys if not {c for c, _ in gaz.estate_keys[k]} & set(codes)]
    how = f"按别名“{key}”" if is_alias else "按名称"
    return how + (f"，文中还提到“{'、'.join(others)}”" if others else "")


def _by_road_number(parts: AddressParts, gaz: Gazetteer) -> _EstateMatch | None:
    number = parts.number or parts.courtyard
    if not (parts.road_known and number):
        return None
    codes = gaz.roads[parts.road].numbers.get(number)
    if not codes:
        return None
    return _EstateMatch(list(codes), ROAD_NUMBER, f"按门牌“{parts.road}{number}号”")


def _by_community_road(parts: AddressParts, gaz: Gazetteer) -> _EstateMatch | None:
    """12345 operators write the community and then only the courtyard: 岳各庄西街社区22号院4号楼.
    Where the community is named after its road (most are: 丰西路社区, 东安街社区), the number is
    a number on that road."""
    number = parts.courtyard or parts.number
    if parts.road or not number or parts.community not in gaz.communities:
        return None
    stem = parts.community.removesuffix("社区")
    codes = gaz.roads[stem].numbers.get(number) if stem in gaz.roads else None
    if not codes:
        return None
    return _EstateMatch(list(codes), COMMUNITY_ROAD_NUMBER, f"按社区名中的道路与门牌“{stem}{number}号”")


def _by_fuzzy(parts: AddressParts, gaz: Gazetteer) -> _EstateMatch | None:
    ratio, names = fuzzy.best_names(gaz.estate_keys, parts.leftovers)
    if not names:
        return None
    codes = sorted({code for name in names for code, _ in gaz.estate_keys[name]})
    return _EstateMatch(codes, NAME * ratio, f"按近似名称“{'、'.join(names)}”，相似度{ratio:.2f}", ratio)


def _in_named_community(code: str, parts: AddressParts, gaz: Gazetteer) -> bool:
    named = gaz.communities.get(parts.community or "", ())
    return gaz.estates[code].community_code in {place.code for place in named}


def _has_building(code: str, parts: AddressParts, gaz: Gazetteer) -> bool:
    return parts.building is not None and building_key(parts.building) in gaz.estates[code].buildings


def _narrow(found: _EstateMatch, parts: AddressParts, gaz: Gazetteer) -> list[str]:
    """Candidates that agree with the rest of the text (its community, then its building number);
    a check nobody passes narrows nothing."""
    codes = found.codes
    for agrees in (_in_named_community, _has_building):
        codes = [code for code in codes if agrees(code, parts, gaz)] or codes
    return codes


def _community_note(estate: Place, parts: AddressParts, gaz: Gazetteer) -> str:
    if parts.community not in gaz.communities or _in_named_community(estate.code, parts, gaz):
        return ""
    return f"；地址中的社区“{parts.community}”与该小区所属社区不一致"


def _estate_result(found: _EstateMatch, parts: AddressParts, gaz: Gazetteer) -> GeocodeResult:
    codes = sorted(_narrow(found, parts, gaz))
    estate = gaz.estates[codes[0]]
    how = found.how or _name_how(codes, parts, gaz)
    building = estate.buildings.get(building_key(parts.building)) if parts.building else None
    notes = _community_note(estate, parts, gaz)
    confidence = found.confidence - (PENALTY if notes else 0.0)
    if building:
        level, place, confidence = "building", building, BUILDING * found.scale - (PENALTY if notes else 0.0)
        text = f"匹配到楼栋：{estate.name}{building.name}号楼（小区{how}）"
    else:
        level, place = "estate", estate
        text = f"匹配到小区：{estate.name}（{how}）"
        if parts.building:
            confidence -= PENALTY
            notes += f"；该小区没有{parts.building}号楼"
    if len(codes) > 1:
        confidence /= len(codes)
        names = "、".join(gaz.estates[c].name for c in codes)
        notes += f"；有{len(codes)}个同等匹配（{names}），暂取编码最小者，请人工核实"
    return GeocodeResult(
        level,
        round(max(confidence, 0.0), 3),
        _point(place),
        estate.code,
        building.code if building else None,
        estate.community_code,
        text + notes,
    )


def _road_result(parts: AddressParts, gaz: Gazetteer) -> GeocodeResult:
    road = gaz.roads[parts.road]
    number = parts.number or parts.courtyard
    detail = f"门牌{number}号不在地名库中" if number else "未写门牌号"
    community = road.community_codes[0] if len(road.community_codes) == 1 else None
    reason = f"仅匹配到道路/地名：{road.name}（{detail}），定位到沿路小区的代表点"
    return GeocodeResult("road", ROAD, _point(road), None, None, community, reason)


def _community_result(parts: AddressParts, gaz: Gazetteer) -> GeocodeResult:
    places = gaz.communities[parts.community]
    reason = f"仅匹配到社区：{places[0].name}"
    confidence = COMMUNITY
    if len(places) > 1:
        confidence /= len(places)
        reason += f"；有{len(places)}个同名社区，暂取编码最小者，请人工核实"
    place = min(places, key=lambda p: p.code)
    return GeocodeResult("community", confidence, _point(place), None, None, place.code, reason)


def _unmatched(parts: AddressParts) -> GeocodeResult:
    read = [
        f"{label}“{value}”"
        for label, value in (("社区", parts.community), ("道路", parts.road), ("楼号", parts.building))
        if value
    ]
    if read:
        return nothing(f"只识别出{'、'.join(read)}，但地名库中没有对应的小区、道路或社区")
    return nothing("未找到已知的小区、道路或社区名称")


def match_parts(parts: AddressParts, gaz: Gazetteer) -> GeocodeResult:
    """The finest level the parts reach in the gazetteer (see the module docstring for confidence)."""
    for finder in (_by_name, _by_road_number, _by_community_road, _by_fuzzy):
        found = finder(parts, gaz)
        if found:
            return _estate_result(found, parts, gaz)
    if parts.road_known:
        return _road_result(parts, gaz)
    if parts.community in gaz.communities:
        return _community_result(parts, gaz)
    return _unmatched(parts)
