"""Normalising Chinese address text so that the forms residents type compare equal.

Gazetteer names go through the same function as the text, so both sides meet in one spelling:
half-width digits and letters, Arabic numbers in front of address units, 号楼 for buildings, N号院
for courtyards, and no administrative prefix above the sub-district.
"""

import re
import unicodedata

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_POWERS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = "零〇一二两三四五六七八九十百千"

# Chinese numerals are converted only in front of an address unit (or after 单元/号楼 for a bare room
# number): everywhere else they belong to a name (五里店, 第一社区) and must stay as they are.
_UNIT_AHEAD = r"(?=号|栋|座|幢|单元|室|层|楼|户|院|门|排|条|#|-)"
_NUMERAL_IN_ADDRESS = re.compile(rf"[{_NUMERAL}]+{_UNIT_AHEAD}|(?<=单元|号楼)[{_NUMERAL}]+")

# Administrative levels above ours carry no information for matching. The long forms cannot be part
# of a local name, so they go anywhere; the short ones only at the start, and not when a known name
# begins there (五里店东街 is a street, not 五里店 + 东街).
_ADMIN_ANYWHERE = ("北京市", "丰台区", "五里店街道")
_ADMIN_LEADING = ("北京", "五里店")

_SPACES = re.compile(r"\s+")
# 12栋, 12号栋, 12座, 12幢, 12#, 12#楼 all mean building 12 (but 45#院 is courtyard 45); 楼 alone
# only before a unit (12楼1单元), since 12楼 on its own is as often the 12th floor.
_BUILDING_FORMS = [
    (re.compile(r"([0-9A-Za-z]+)号?(?:栋|座|幢)"), r"\1号楼"),
    (re.compile(r"(\d+)#院"), r"\1号院"),
    (re.compile(r"(\d+)#楼?"), r"\1号楼"),
    (re.compile(r"(\d+)楼(?=\d+(?:单元|门))"), r"\1号楼"),
]
_COURTYARD_FORM = (re.compile(r"(\d+)院"), r"\1号院")


def chinese_to_int(numeral: str) -> int:
    """十二 -> 12, 二十三 -> 23, 一百零五 -> 105; a run without 十/百/千 reads digit by digit (五〇二 -> 502)."""
    if not numeral or any(ch not in _DIGITS and ch not in _POWERS for ch in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    if not any(ch in _POWERS for ch in numeral):
        return int("".join(str(_DIGITS[ch]) for ch in numeral))
    total, digit = 0, None
    for ch in numeral:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            # 十二: a power with no digit before it counts once.
            total += (1 if digit is None else digit) * _POWERS[ch]
            digit = None
    return total + (digit or 0)


def _convert_numerals(text: str) -> str:
    return _NUMERAL_IN_ADDRESS.sub(lambda m: str(chinese_to_int(m.group())), text)


def _strip_admin(text: str, keep: tuple[str, ...]) -> str:
    for prefix in _ADMIN_ANYWHERE:
        text = text.replace(prefix, "")
    stripped = True
    while stripped:
        stripped = False
        for prefix in _ADMIN_LEADING:
            if text.startswith(prefix) and not any(text.startswith(name) for name in keep):
                text, stripped = text[len(prefix) :], True
    return text


def normalise(text: str, keep: tuple[str, ...] = (), strip_admin: bool = True) -> str:
    """Canonical form of an address (or, with strip_admin=False, of a gazetteer name).

    keep: known names (already normalised) that may start with a short administrative prefix, so
    that 五里店东街 keeps its 五里店.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _SPACES.sub("", text)
    text = _convert_numerals(text)
    for pattern, replacement in _BUILDING_FORMS:
        text = pattern.sub(replacement, text)
    text = _COURTYARD_FORM[0].sub(_COURTYARD_FORM[1], text)
    # 号号楼 / 号号院 can appear when residents already wrote 号 before a unit we expanded.
    text = text.replace("号号", "号")
    return _strip_admin(text, keep) if strip_admin else text


def building_key(number: str) -> str:
    """The comparable form of a building number: '12', '十二', '12号楼', '１２栋' -> '12'; 'a座' -> 'A'."""
    raw = unicodedata.normalize("NFKC", number).strip()
    for suffix in ("号楼", "栋", "座", "幢", "#", "号", "楼"):
        raw = raw.removesuffix(suffix)
    # Put the unit back so that the numeral rules of normalise() apply to a bare 十二.
    key = normalise(raw + "号楼").removesuffix("号楼").upper()
    return key.lstrip("0") or key
