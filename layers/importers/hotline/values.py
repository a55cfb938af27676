"""Cell values of a 12345 sheet: dates, deadlines (办理时限), coordinate systems, satisfaction.

Each parser returns the value or raises CellProblem with a reason in Chinese and English: for
来电时间 it is what goes into the rejects file; for the other cells it is what the case's review
item says (the ticket lands all the same). Categories are not read here: the intake service
resolves the sheet's 问题分类 like every channel's (layers/services/category_match.py).
"""

import re
import unicodedata
from datetime import date, datetime, timedelta

from django.utils import timezone

from layers.geocoding.normalise import chinese_to_int
from layers.i18n import source_text
from layers.models import Complaint, TimeBase


class CellProblem(Exception):
    """One cell is wrong; the message says which column and what was expected."""


def text(value) -> str:
    """Cell as text: None -> "", 13800001234.0 (Excel number) -> "13800001234"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# Excel's day 0 for the 1900 date system (its 1900 leap-year bug makes 1899-12-30 the working origin).
_EXCEL_EPOCH = datetime(1899, 12, 30)
_EXCEL_SERIALS = (20_000, 80_000)  # 1954 .. 2119: anything else is not a date
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y%m%d%H%M%S", "%Y%m%d")
_CHINESE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:(\d{1,2})[时:](\d{1,2})分?(?:(\d{1,2})秒?)?)?$")


def _from_text(raw: str) -> datetime | None:
    value = unicodedata.normalize("NFKC", raw).replace("/", "-").replace("T", " ").strip()
    value = re.sub(r"\.\d+$", "", value)  # fractional seconds some exports add
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    match = _CHINESE_DATE.match(value)
    if match:
        parts = [int(p) if p else 0 for p in match.groups()]
        try:
            return datetime(*parts)
        except ValueError:
            return None
    return None


def parse_datetime(value, label: str) -> datetime:
    """An aware datetime from an Excel date, an Excel serial number or common text forms.

    Times without a zone are Beijing wall-clock time (settings.TIME_ZONE), as 12345 sheets write them.
    """
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, datetime.min.time())
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not _EXCEL_SERIALS[0] <= value <= _EXCEL_SERIALS[1]:
            raise CellProblem(f"{label} 不是日期 (not a date): {value!r}")
        # Serials are fractions of a day: 10:00 is 0.41666…, so round to the second, not truncate.
        parsed = _EXCEL_EPOCH + timedelta(seconds=round(float(value) * 86400))
    else:
        raw = text(value)
        if not raw:
            raise CellProblem(f"{label} 为空 (empty; a date and time is required)")
        parsed = _from_text(raw)
        if parsed is None:
            raise CellProblem(f"{label} 日期格式错误 (bad date): {raw!r}; 应为 (expected) 2025-09-30 10:00[:00]")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed.replace(microsecond=0)


def _key(value: str) -> str:
    return unicodedata.normalize("NFKC", value).replace(" ", "").lower()


CRS_NAMES = {"wgs84": "wgs84", "wgs-84": "wgs84", "gps": "wgs84", "gcj02": "gcj02", "gcj-02": "gcj02"}
CRS_NAMES |= {"火星坐标": "gcj02", "高德": "gcj02", "bd09": "bd09", "bd-09": "bd09", "百度": "bd09"}


def parse_crs(value, default: str | None) -> str:
    raw = _key(text(value))
    if not raw:
        if default is None:
            raise CellProblem(
                "有经纬度但坐标系为空 (coordinates without 坐标系): 填写 wgs84 / gcj02 / bd09, 或用 --crs 指定 "
                "(a wrong guess moves the point ~500 m)"
            )
        return default
    if raw not in CRS_NAMES:
        raise CellProblem(f"坐标系 {text(value)!r} 无法识别 (unknown; expected wgs84, gcj02 or bd09)")
    return CRS_NAMES[raw]


# The sheet's words are Chinese whatever language the importer reads in: the labels' source text.
SATISFACTION = {source_text(label): value for value, label in Complaint.Satisfaction.choices}


def parse_satisfaction(value) -> str | None:
    raw = text(value)
    if not raw:
        return None
    if raw not in SATISFACTION:
        raise CellProblem(f"回访满意度 {raw!r} 无法识别 (unknown; expected {'/'.join(SATISFACTION)} or empty)")
    return SATISFACTION[raw]


# 办理时限 as a duration: "7个工作日", "24小时", "3个自然日", "7日", "２小时内", "限十五个工作日".
_DURATION = re.compile(
    r"^(?:限|须在|需在|请在)?(?P<amount>\d+|[零〇一二两三四五六七八九十百]+)个?"
    r"(?P<unit>工作日|工作小时|自然日|自然天|小时|天|日|h|d)(?:内|以内|办结|之内)?$"
)
_UNITS = {
    "工作日": TimeBase.WORKING_DAYS,
    "工作小时": TimeBase.WORKING_HOURS,
    "自然日": TimeBase.NATURAL_DAYS,
    "自然天": TimeBase.NATURAL_DAYS,
    "天": TimeBase.NATURAL_DAYS,
    "日": TimeBase.NATURAL_DAYS,
    "d": TimeBase.NATURAL_DAYS,
    "小时": TimeBase.NATURAL_HOURS,
    "h": TimeBase.NATURAL_HOURS,
}


def parse_duration(value) -> tuple[int, str] | None:
    """(amount, time base) for a 办理时限 written as a duration; None when it is not one.

    Each unit keeps its own time base: 工作日 counts working days over the holiday calendar, 天/日/
    自然日 elapsed days, 小时 elapsed hours (layers/services/deadlines.py)."""
    if not isinstance(value, str):
        return None
    match = _DURATION.match(_key(value))
    if match is None:
        return None
    amount = match["amount"]
    return (int(amount) if amount.isdigit() else chinese_to_int(amount)), _UNITS[match["unit"]]


def parse_deadline(value) -> datetime | tuple[int, str]:
    """The 12345 centre's deadline: a date and time (as 来电时间 is read), or (amount, time base)
    for a duration counted from the dispatch. Raises CellProblem naming what was expected."""
    duration = parse_duration(value)
    if duration is not None:
        return duration
    if isinstance(value, str) and not _from_text(value.strip()) and value.strip():
        raise CellProblem(
            f"办理时限 无法识别 (unreadable deadline): {value.strip()!r}; 应为日期时间或时长 "
            "(expected a date and time, or a duration such as 7个工作日, 24小时, 3个自然日)"
        )
    return parse_datetime(value, "办理时限")
