"""Offline geocoding of Chinese address text against our own gazetteer.

Public entry: geocode_address(text) -> GeocodeResult. The work is in layers/geocoding/: normalise
(full-width, Chinese numerals, 栋/座/幢, administrative prefixes), parse (路+号, 院, 小区名 and
aliases, 号楼, 单元, 室), gazetteer (estates, buildings, communities, roads, cached per process)
and match (levels and confidence rules, documented in layers/geocoding/match.py).
"""

from layers.geocoding.gazetteer import get_gazetteer
from layers.geocoding.match import match_parts
from layers.geocoding.parse import parse_address
from layers.geocoding.result import GeocodeResult, nothing

__all__ = ["GeocodeResult", "geocode_address"]


def geocode_address(text: str) -> GeocodeResult:
    """Match an address to a building, estate, road or community of the gazetteer.

    Returns level, confidence (0..1), a WGS84 point inside the matched feature, its codes and a
    Chinese reason. Text is only read, never interpreted as markup; any length is accepted (the
    complaint's own limits apply elsewhere). Raises TypeError if text is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"geocode_address: address text must be a string, got {type(text).__name__}")
    if not text.strip():
        return nothing("地址为空")
    gazetteer = get_gazetteer()
    return match_parts(parse_address(text, gazetteer.known), gazetteer)
