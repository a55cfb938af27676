"""Turn one feature's attributes into model field values, per layer.

Each converter takes the row (our field names, after mapping) and the parent lookups, and
returns (fields, owner_names). It raises RowProblem naming the field and what was expected.
"""

import math
import re
from datetime import date, datetime

from layers.importers import fields as spec
from layers.models import HousingProject
from layers.models.grid import GRID_CODE_REGEX

MULTI_SEPARATORS = re.compile(r"[;；、,，]")
TRUE_VALUES = {"1", "true", "t", "yes", "y", "是"}
FALSE_VALUES = {"", "0", "false", "f", "no", "n", "否"}


class RowProblem(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


def text(row: dict, field: str) -> str:
    value = row.get(field)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def required(row: dict, field: str) -> str:
    value = text(row, field)
    if not value:
        raise RowProblem(field, "必填字段为空 (required value is empty)")
    return value


def integer(row: dict, field: str) -> int | None:
    value = text(row, field)
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowProblem(field, f"应为整数，实际为 {value!r} (expected a whole number)") from None
    if not number.is_integer() or number < 0:
        raise RowProblem(field, f"应为非负整数，实际为 {value!r} (expected a non-negative whole number)")
    return int(number)


def boolean(row: dict, field: str) -> bool:
    value = text(row, field).lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise RowProblem(field, f"应为 0/1 或 是/否，实际为 {value!r} (expected 0/1)")


def choice(row: dict, field: str, values: dict[str, str]) -> str:
    value = text(row, field)
    if value.lower() in values:
        return values[value.lower()]
    if value in values:
        return values[value]
    accepted = ", ".join(sorted({k for k in values if k}))
    raise RowProblem(field, f"无法识别的取值 {value!r}，可用值 (expected one of): {accepted}")


# A time of day after the date is accepted and dropped: GDAL writes a date column into a Shapefile
# as text "2026/09/01 00:00:00", and spreadsheets export "2026/9/1 0:00".
DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")


def day(row: dict, field: str) -> date | None:
    """A dBase date (read as a timestamp) or text 2026-05-04, 2026/5/4, 2026年5月4日; empty -> None."""
    value = row.get(field)
    if isinstance(value, datetime):  # pandas Timestamp is a datetime; NaT is not a valid date
        return None if value != value else value.date()
    if isinstance(value, date):
        return value
    value = text(row, field)
    if not value or value.lower() == "nat":
        return None
    match = DATE_TEXT.fullmatch(value)
    try:
        return date(*(int(part) for part in match.groups())) if match else date.fromisoformat(value)
    except ValueError:
        raise RowProblem(field, f"应为日期如 2026-05-04，实际为 {value!r} (expected a date YYYY-MM-DD)") from None


def works_dates(row: dict) -> tuple[date | None, date | None]:
    start, end = day(row, "reno_start"), day(row, "reno_end")
    if start and end and end < start:
        raise RowProblem("reno_end", f"完工日期 {end} 早于开工日期 {start} (works end before their start)")
    return start, end


def multi(row: dict, field: str) -> list[str]:
    return [part.strip() for part in MULTI_SEPARATORS.split(text(row, field)) if part.strip()]


def parent(row: dict, field: str, lookup: dict[str, int], what: str) -> int:
    code = required(row, field)
    if code not in lookup:
        raise RowProblem(field, f"{what}编码 {code} 不存在，请先导入{what} (unknown {field} code; import it first)")
    return lookup[code]


def subdistrict(row, lookups):
    return {"code": required(row, "code"), "name": required(row, "name")}, None


def communities(row, lookups):
    code = required(row, "code")
    if not re.fullmatch(r"\d{12}", code):
        raise RowProblem(
            "code", f"社区编码应为 12 位数字 (expected 12 digits: district 6 + street 3 + community 3), got {code!r}"
        )
    return {
        "code": code,
        "name": required(row, "name"),
        "households": integer(row, "households") or 0,
        "residents": integer(row, "residents") or 0,
        "floating_population": integer(row, "floating") or 0,
        "name_is_placeholder": boolean(row, "placeholdr"),
        "subdistrict_id": lookups["subdistrict_id"],
    }, None


def housing_projects(row, lookups):
    housing_types = multi(row, "htypes")
    allowed = set(HousingProject.HousingType.values)
    unknown = [t for t in housing_types if t not in allowed]
    if unknown:
        raise RowProblem("htypes", f"未知房屋类型 {unknown} (expected some of {sorted(allowed)})")
    works_start, works_end = works_dates(row)
    return {
        "code": required(row, "code"),
        "name": required(row, "name"),
        "aliases": multi(row, "aliases"),
        "address": text(row, "address"),
        "community_id": parent(row, "community", lookups["communities"], "社区"),
        "ownership": choice(row, "ownership", spec.OWNERSHIP_VALUES),
        "housing_types": housing_types,
        "build_year": integer(row, "build_year"),
        "households": integer(row, "households") or 0,
        "property_company": text(row, "prop_co"),
        "is_old_estate": boolean(row, "old_estate"),
        "renovation": choice(row, "renovation", spec.RENOVATION_VALUES),
        "renovation_start": works_start,
        "renovation_end": works_end,
        "is_military_property": boolean(row, "military"),
        "name_is_placeholder": boolean(row, "placeholdr"),
    }, multi(row, "owners")


def buildings(row, lookups):
    return {
        "code": required(row, "code"),
        "estate_id": parent(row, "estate", lookups["estates"], "住宅项目"),
        "number": required(row, "number"),
        "households": integer(row, "households") or 0,
    }, multi(row, "owners")


def military_zones(row, lookups):
    return {
        "code": required(row, "code"),
        "name": required(row, "name"),
        "kind": choice(row, "kind", spec.MILITARY_KIND_VALUES),
        "name_is_placeholder": boolean(row, "placeholdr"),
    }, None


def grid_cells(row, lookups):
    code = required(row, "code")
    community_code = required(row, "community")
    community_id = parent(row, "community", lookups["communities"], "社区")
    if not re.fullmatch(GRID_CODE_REGEX, code):
        raise RowProblem("code", f"网格编码应为 15 位数字 (expected 15 digits, DB11/T 2157-2023), got {code!r}")
    if not code.startswith(community_code):
        raise RowProblem(
            "code",
            f"网格编码 {code} 的前 12 位应为所属社区编码 {community_code} (first 12 digits must be its community)",
        )
    return {"code": code, "community_id": community_id, "responsible_party": text(row, "resp_party")}, None


CONVERTERS = {
    "subdistrict": subdistrict,
    "communities": communities,
    "housing-projects": housing_projects,
    "buildings": buildings,
    "military-zones": military_zones,
    "grid-cells": grid_cells,
}
