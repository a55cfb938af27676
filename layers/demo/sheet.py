"""What a 12345 dispatch sheet leaves on the demo's hotline cases, by the intake rules of issue 15.

- 问题分类: a real sheet names the city's category, not ours. Each demo 12345 case carries a name
  that fits its text (complaint_text.SHEET_NAMES) and that the mapping table (CategoryMapping,
  seeded by migration 0017) maps to its category, or our category's own name (which the intake
  matches too); the intake resolves it through the table and keeps it as the case's
  source_category, as for a sheet.
- The review queue's work: a handful of the last days' open 12345 cases came with a city name the
  table does not know yet (UNKNOWN_NAMES): the intake files them under 其他 with a review item, and
  the office adds the name to the table and re-classifies them in one action. A few came with an
  address that matches nothing in the gazetteer (VAGUE_ADDRESSES) and, a sheet having no
  coordinates, no place: they wait in 接诉 until someone confirms where they are (routing says
  "待核定位置后派单"), so their later stages did not happen.
Pure and seeded per case index on a stream of its own, so the year's cases are the same with or
without these words (the generator's stream is not touched).
"""

from datetime import datetime, timedelta

import numpy as np

from layers.demo.complaint_text import SHEET_NAMES, template_of

STREAM = 12345  # this module's random stream, apart from the generator's and the call-backs'
RECENT = timedelta(days=7)
CATEGORY_REVIEWS = 8  # at most, among the last RECENT's open 12345 cases
# An unplaced case waits in 接诉 until someone confirms its place: the office does it within a day
# or two, so only the last two days' cases still wait.
ADDRESS_RECENT = timedelta(days=2)
ADDRESS_REVIEWS = 4
OPEN = {"received", "dispatched", "responded", "in_progress"}
# City names not in the seeded table, each for a category whose time limit is the fallback 其他's
# (7 natural days, migration 0003): filed under 其他, the case keeps the deadline it was worked to.
UNKNOWN_NAMES = {
    "property": "小区管理",
    "noise": "噪音污染",
    "cityscape": "背街小巷环境",
    "environment": "生态环境",
    "market": "市场秩序",
    "social_order": "社会治安",
}
# What callers say when they cannot name a place the gazetteer knows (checked: no match at any level).
VAGUE_ADDRESSES = [
    "丰台区五里店街道公交站台附近",
    "地铁站出口旁边的便道",
    "菜市场后身的空地",
    "老楼后面那条小胡同",
    "家门口的街心公园",
]


def _recent_open(case, as_of: datetime, recent: timedelta) -> bool:
    return not case.outside and as_of - case.received_at <= recent and case.stages[-1][0] in OPEN


def _fitting(case, city_names: dict[str, list[str]]) -> list[str]:
    """The names for the case's text that still mean its category, else any name of the category."""
    names = city_names.get(case.category) or [case.category]
    fitting = [n for n in SHEET_NAMES.get(template_of(case.category, case.description), ()) if n in names]
    return fitting or names


def _lowest(cases: list, draws: np.ndarray, count: int) -> list:
    return sorted(cases, key=lambda c: (draws[c.index], c.index))[:count]


def sheet_words(cases: list, city_names: dict[str, list[str]], as_of: datetime, seed: int) -> None:
    """Set sheet_category on every 12345 case and pick the review cases (module docstring).

    city_names: our category code -> the names the stored table maps to it and the category's own name."""
    if not cases:
        return
    draws = np.random.default_rng([seed, STREAM]).random((max(c.index for c in cases) + 1, 4))
    hotline = [c for c in cases if c.channel == "hotline_12345"]
    for case in hotline:
        names = _fitting(case, city_names)
        case.sheet_category = names[int(draws[case.index, 0] * len(names))]
    recent = [c for c in hotline if c.category in UNKNOWN_NAMES and _recent_open(c, as_of, RECENT)]
    unknown = _lowest(recent, draws[:, 1], CATEGORY_REVIEWS)
    for case in unknown:
        case.sheet_category = UNKNOWN_NAMES[case.category]
    taken = {c.index for c in unknown}
    # The operator wrote down what the caller said; the description may still name the estate.
    waiting = [c for c in hotline if c.index not in taken and _recent_open(c, as_of, ADDRESS_RECENT)]
    for case in _lowest(waiting, draws[:, 2], ADDRESS_REVIEWS):
        case.address = VAGUE_ADDRESSES[int(draws[case.index, 3] * len(VAGUE_ADDRESSES))]
        case.unlocated = True
        case.stages = case.stages[:1]  # waits in 接诉 for its place
