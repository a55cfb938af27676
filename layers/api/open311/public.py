"""A complaint as a public GeoReport v2 request: everything a resident may see, no personal data.

Open311 reads need no login, so nothing here may identify the complainant:
- no name, phone, email, device id or photo (photos show faces, plates and flats); media_url is the
  submitter's own published link (GeoReport v2 returns it) and is shown as given;
- the description with long digit runs (phone, ID and account numbers), e-mail addresses and the
  complainant's name starred out, since residents write them into the text;
- the place as our gazetteer names it (community, estate), never the address text the complainant
  gave (often their own flat), and lat/long rounded to PUBLIC_DECIMALS (about 100 m), so a case
  shows the block, not the door. Staff see the precise point through /api/complaints/.
"""

import re

from .formats import w3c_datetime
from .mapping import STATUS_MAP, service_notice

PUBLIC_DECIMALS = 3
# Mobile numbers, also written in groups (138 1234 5678), and any run of 7+ digits (landlines,
# ID card numbers ending in X, bank accounts). Dates and house numbers are shorter and stay.
_NUMBER = re.compile(r"(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)|\d{7,}[Xx]?")
# E-mail addresses written into the text: the part before @ is starred.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+(?=@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")


def _star_number(match: re.Match) -> str:
    return re.sub(r"[\dXx]", "*", match.group(0))


def public_text(text: str, name: str = "") -> str:
    text = _NUMBER.sub(_star_number, text or "")
    text = _EMAIL.sub(lambda match: "*" * len(match.group(0)), text)
    name = (name or "").strip()
    if len(name) >= 2:
        text = text.replace(name, name[0] + "*" * (len(name) - 1))
    return text


def public_address(complaint) -> str:
    parts = [layer.name for layer in (complaint.community, complaint.housing_project) if layer is not None]
    return " ".join(parts)


def _agency(complaint) -> str | None:
    department = complaint.assigned_department or complaint.category.department
    return department.name if department else None


def _status_notes(complaint) -> str:
    notes = STATUS_MAP[complaint.status][1]
    primary = complaint.duplicate_of_id
    if primary is not None:
        notes += f"；重复诉求，随 {primary} 号诉求办理 (duplicate of request {primary})"
    return notes


def public_request(complaint) -> dict:
    """The spec's request element, in the spec's order."""
    location = complaint.location
    return {
        "service_request_id": complaint.pk,
        "status": STATUS_MAP[complaint.status][0],
        "status_notes": _status_notes(complaint),
        "service_name": complaint.category.name,
        "service_code": complaint.category.code,
        "description": public_text(complaint.description, complaint.complainant_name),
        "agency_responsible": _agency(complaint),
        "service_notice": service_notice(complaint.category),
        "requested_datetime": w3c_datetime(complaint.received_at),
        "updated_datetime": w3c_datetime(complaint.updated_at),
        "expected_datetime": w3c_datetime(complaint.due_at),
        "address": public_address(complaint),
        "address_id": complaint.housing_project.code if complaint.housing_project else None,
        "zipcode": None,
        "lat": round(location.y, PUBLIC_DECIMALS) if location else None,
        "long": round(location.x, PUBLIC_DECIMALS) if location else None,
        # The submitter's own published picture (Open311 media_url), as the spec returns it; photos
        # uploaded to us stay private.
        "media_url": complaint.media_url or None,
    }
