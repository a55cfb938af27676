"""Which of our categories a channel's category name means: our code, our name, or a 12345 name of
the mapping table (CategoryMapping, edited in the admin).

12345 sheets write their 问题分类 as a leaf (房屋修缮) or as a path (城乡建设>房屋修缮>漏雨,
城乡建设-房屋修缮-漏雨, 城乡建设、房屋修缮), in full-width or half-width characters. The order:
1. the whole text, exactly (a mapping row may name a whole path on purpose);
2. the whole text normalised (NFKC, no spaces, lower case: ＞ is >, ｐａｒｋｉｎｇ is parking);
3. the path's segments from the last one up, each exactly then normalised: the leaf is the most
   precise name, and a leaf nobody mapped yet (漏雨 under 房屋修缮) still finds its parent's row.
   Catch-all leaves (其他, 综合) are passed over: 城乡建设>房屋修缮>其他 is 房屋修缮, not our 其他.
Nothing found → no category: the intake files the case under 其他 and puts it in the review queue
(layers/services/complaint_input.py); it never refuses the case.
"""

import re
import unicodedata
from dataclasses import dataclass

from layers.models import Category
from layers.models.category import mapping_key
from layers.services.reference import Reference

# The catch-all category every unknown name lands in (migration 0003).
FALLBACK_CODE = "other"
_SEPARATORS = re.compile(r"\s*(?:>|/|\\|-|—|–|、|\||›|»|→)\s*")
_CATCH_ALL = {"其他", "其它", "其他问题", "其它问题", "综合", "综合类", "其他类"}


@dataclass(frozen=True)
class CategoryMatch:
    category: Category | None  # None: nothing matched
    how: str  # Chinese: how it matched (for the review reason and the import preview)
    mapping: str | None = None  # the mapping row's name, when the table decided


def segments(text: str) -> list[str]:
    """The parts of a category path, leaf last: 城乡建设＞房屋修缮＞漏雨 -> [城乡建设, 房屋修缮, 漏雨]."""
    flat = unicodedata.normalize("NFKC", text)
    return [part for part in _SEPARATORS.split(flat) if part.strip()]


# The tables of the last reference snapshot: built once per snapshot, not per case (a snapshot lives
# until reference data changes; replacing the tuple is atomic, so threads need no lock).
_built: tuple[Reference | None, tuple] = (None, ())


def _tables(known: Reference) -> tuple[dict[str, tuple], dict[str, tuple]]:
    """(exact, normalised) name -> (category, how, mapping name or None); mapping rows first, then our
    names, then codes,
    so that a row in the table always wins over a coincidence with one of our own names."""
    global _built
    if _built[0] is known:
        return _built[1]
    exact: dict[str, tuple] = {}
    for name, category in known.mappings.items():
        exact.setdefault(name, (category, f"映射表“{name}”", name))
    for category in known.categories.values():
        exact.setdefault(category.name, (category, "分类名称", None))
        exact.setdefault(category.code, (category, "分类编码", None))
    normalised: dict[str, tuple] = {}
    for name, found in exact.items():
        normalised.setdefault(mapping_key(name), found)
    _built = (known, (exact, normalised))
    return exact, normalised


def _lookup(text: str, exact: dict, normalised: dict) -> tuple | None:
    return exact.get(text) or normalised.get(mapping_key(text))


def match_category(raw, known: Reference) -> CategoryMatch:
    """Our category for a channel's category text (see the module docstring); never raises."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return CategoryMatch(None, "")
    if text in known.categories:  # what the staff API and the phone send: our own code
        return CategoryMatch(known.categories[text], "分类编码")
    exact, normalised = _tables(known)
    found = _lookup(text, exact, normalised)
    if found is not None:
        return CategoryMatch(*found)
    parts = segments(text)
    if len(parts) > 1:
        for part in reversed(parts):
            if part.strip() in _CATCH_ALL:
                continue
            found = _lookup(part, exact, normalised)
            if found is not None:
                category, how, mapping = found
                return CategoryMatch(category, f"按路径中的“{part}”（{how}）", mapping)
    return CategoryMatch(None, "")
