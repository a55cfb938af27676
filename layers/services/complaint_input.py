"""Checks of complaint input, shared by every intake path through layers/services/complaints.py.

Each check raises ValidationError keyed by the caller's field name, so an API, a form or the 12345
import can point at the exact field (or sheet column) to fix.

What a resident or the 12345 centre got wrong is not a reason to refuse the case: a refused 12345
ticket is a case nobody handles, and it counts against 响应率. So an unknown category and unusable
coordinates are not errors here: the case lands (under 其他; located by its address instead) and
says what is to be checked (review_items, layers/services/review_flags.py). Errors are kept for
what no case can be made of (no description, a channel we do not have, a malformed key) and for
what a client program sent wrongly (an e-mail or media_url that is not one).
"""

import math
import uuid
from datetime import datetime

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone

from layers.crs import parse_crs, to_wgs84
from layers.models import Category, Complaint
from layers.moments import local_moment
from layers.services import reference
from layers.services.category_match import FALLBACK_CODE, match_category
from layers.services.review_flags import CATEGORY, COORDINATES, review_text

# The most an Excel cell holds: whatever text a 12345 sheet can carry is kept whole (the columns are
# unbounded text); beyond it the input is not a sheet's, and a request that large is refused.
CELL_LIMIT = 32_767
# Limits of the other fields come from the model, so the error is raised here, by field, before the
# database refuses.
_LIMITED = ("ticket_no", "complainant_email", "device_id", "media_url")
MAX_TEXT = {name: Complaint._meta.get_field(name).max_length for name in _LIMITED} | {
    "description": CELL_LIMIT,
    "address": CELL_LIMIT,
    "complainant_name": CELL_LIMIT,
    "complainant_phone": CELL_LIMIT,
    "note": 4000,
    "reason": 4000,
    "action": 4000,
    "remark": 4000,
    "ledger_owner": Complaint._meta.get_field("ledger_owner").max_length,
}
# Where a case can be: Beijing municipality (115.42-117.51 E, 39.44-41.06 N) with a margin. A point
# elsewhere is a mistake of the sender (swapped or zero coordinates, a wrong datum), not a place to
# send the case back from: it is ignored and the address is matched instead. A setting per deployment.
DEFAULT_COORDINATE_BOUNDS = (115.3, 39.3, 117.7, 41.2)


_HTTP_URL = URLValidator(schemes=["http", "https"])


def clean_text(value, field: str, required: bool = False) -> str:
    # Text is stored as given (HTML included) and only ever rendered escaped; NUL is refused
    # because PostgreSQL cannot store it in text.
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: f"must be text, got {type(value).__name__}"})
    value = value.strip()
    if "\x00" in value:
        raise ValidationError({field: "must not contain NUL characters"})
    if required and not value:
        raise ValidationError({field: "is required"})
    if len(value) > MAX_TEXT[field]:
        raise ValidationError({field: f"at most {MAX_TEXT[field]} characters, got {len(value)}"})
    return value


def _number(value, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValidationError({field: f"must be a number, got {value!r}"})
    try:
        number = float(value)
    except ValueError:
        raise ValidationError({field: f"must be a number, got {value!r}"}) from None
    if not math.isfinite(number):
        raise ValidationError({field: f"must be a finite number, got {value!r}"})
    return number


def parse_point(lon, lat, crs_name) -> Point | None:
    """A WGS84 point from coordinates in any supported CRS; None when both are absent."""
    if lon is None and lat is None:
        return None
    if lon is None or lat is None:
        raise ValidationError({"lat" if lat is None else "lon": "lon and lat must be given together"})
    x, y = _number(lon, "lon"), _number(lat, "lat")
    try:
        source = parse_crs(crs_name)
    except ValueError as exc:
        raise ValidationError({"crs": str(exc)}) from None
    wlon, wlat = to_wgs84(x, y, source)
    if not (math.isfinite(wlon) and math.isfinite(wlat) and -180 <= wlon <= 180 and -90 <= wlat <= 90):
        raise ValidationError({"lon": f"({lon}, {lat}) in {crs_name} is not a point on Earth"})
    return Point(wlon, wlat, srid=4326)


def _checked_text(value, field: str, validate, expected: str) -> str:
    """Optional text that, when given, must pass a Django validator."""
    text = clean_text(value, field)
    if text:
        try:
            validate(text)
        except ValidationError:
            raise ValidationError({field: f"must be {expected}, got {text!r}"}) from None
    return text


def check_choice(value, field: str, choices) -> str:
    if value not in choices.values:
        raise ValidationError({field: f"unknown value {value!r}; expected one of {', '.join(choices.values)}"})
    return value


def _optional(value, field: str, convert):
    if value is None or value == "":
        return None
    try:
        return convert(value)
    except (TypeError, ValueError, AttributeError):
        raise ValidationError({field: f"invalid value {value!r}"}) from None


def parse_accuracy(value) -> float | None:
    accuracy = _optional(value, "accuracy", float)
    if accuracy is not None and not (math.isfinite(accuracy) and accuracy >= 0):
        raise ValidationError({"accuracy": f"must be a non-negative number of metres, got {value!r}"})
    return accuracy


def _received_at(value) -> datetime:
    if value is None:
        return timezone.now()
    if not isinstance(value, datetime):
        raise ValidationError({"received_at": f"must be a datetime, got {value!r}"})
    # 12345 sheets carry Beijing wall-clock times without a zone.
    try:
        return local_moment(value)
    except ValueError as exc:
        raise ValidationError({"received_at": str(exc)}) from None


def _category(raw, items: list[dict]) -> tuple[Category, str]:
    """(category, source_category): a known name or code, else 其他 with the raw name kept and a
    review item. From the per-process reference cache: a 12345 sheet or the demo year resolves
    thousands of rows against the same tables, and each intake needs one."""
    known = reference.current()
    text = raw.strip() if isinstance(raw, str) else ""
    if "\x00" in text:  # kept as source_category: PostgreSQL cannot store it (a 500 before)
        raise ValidationError({"category_code": "must not contain NUL characters"})
    found = match_category(text, known)
    # The raw name is kept unless it is our own code: it is the city's classification of the case.
    source = text if text and (found.category is None or text != found.category.code) else ""
    if found.category is not None:
        return found.category, source
    fallback = known.categories.get(FALLBACK_CODE)
    if fallback is None:
        raise ValidationError(
            {"category_code": f"unknown category {raw!r}, and no category {FALLBACK_CODE!r} (其他) to hold it"}
        )
    if text:
        reason = f"问题分类“{text}”不在分类或映射表中，暂归“{fallback.name}”；请在12345分类映射中补充后重新分类"
    else:
        reason = f"未填写问题分类，暂归“{fallback.name}”"
    items.append({"code": CATEGORY.code, "reason": reason})
    return fallback, source


def _bounds() -> tuple[float, float, float, float]:
    return tuple(getattr(settings, "INTAKE_COORDINATE_BOUNDS", DEFAULT_COORDINATE_BOUNDS))


def _location(raw: dict, items: list[dict]) -> Point | None:
    """The point, or None with a review item when the coordinates cannot be used: the address is
    matched instead (complaints.locate_by_address), as for a case sent without coordinates."""
    try:
        point = parse_point(raw["lon"], raw["lat"], raw["crs"])
    except ValidationError as exc:
        problem = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
    else:
        west, south, east, north = _bounds()
        if point is None or (west <= point.x <= east and south <= point.y <= north):
            return point
        problem = f"({point.x:.6f}, {point.y:.6f}) 不在北京市范围内 (outside Beijing)"
    items.append({"code": COORDINATES.code, "reason": f"坐标无法使用，已忽略并按地址定位：{problem}"})
    return None


def validated_intake(raw: dict) -> dict:
    """All fields checked before anything is written; every error is reported, not just the first.

    An unknown category and unusable coordinates are not errors (see the module docstring): the
    fields then carry category 其他 with source_category, no location, and their review items."""
    items: list[dict] = []
    checks = {
        "channel": lambda: check_choice(raw["channel"], "channel", Complaint.Channel),
        "description": lambda: clean_text(raw["description"], "description", required=True),
        "category": lambda: _category(raw["category_code"], items),
        "location": lambda: _location(raw, items),
        "location_source": lambda: check_choice(raw["location_source"], "location_source", Complaint.LocationSource),
        "location_accuracy_m": lambda: parse_accuracy(raw["accuracy"]),
        "address": lambda: clean_text(raw["address"], "address"),
        "complainant_name": lambda: clean_text(raw["complainant_name"], "complainant_name"),
        "complainant_phone": lambda: clean_text(raw["complainant_phone"], "complainant_phone"),
        "complainant_email": lambda: _checked_text(
            raw["complainant_email"], "complainant_email", validate_email, "an e-mail address"
        ),
        "device_id": lambda: clean_text(raw["device_id"], "device_id"),
        # A link the submitter published (Open311 media_url) is shown back as given: http(s) only,
        # so no javascript: or data: URL reaches a client that renders it as a link.
        "media_url": lambda: _checked_text(raw["media_url"], "media_url", _HTTP_URL, "an http or https URL"),
        "ticket_no": lambda: clean_text(raw["ticket_no"], "ticket_no") or None,
        "client_uuid": lambda: _optional(raw["client_uuid"], "client_uuid", lambda v: uuid.UUID(str(v))),
        "received_at": lambda: _received_at(raw["received_at"]),
    }
    fields, errors = {}, {}
    for name, check in checks.items():
        try:
            fields[name] = check()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    fields["category"], fields["source_category"] = fields["category"]
    if fields["location"] is None:
        fields["location_source"] = ""
    fields |= {"review_items": items, "needs_review": bool(items), "review_reason": review_text(items)}
    return fields
