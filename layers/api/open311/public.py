"""A complaint as a public GeoReport v2 request: everything a resident may see, no personal data.

Open311 reads need no login, so nothing here may identify the complainant:
- no name, phone, email, device id or photo (photos show faces, plates and flats); media_url is the
  submitter's own published link (GeoReport v2 returns it) and is shown as given;
- the description with personal data masked as for every reader who may not see it (phone, ID,
  bank card and plate numbers, e-mail addresses, WeChat/QQ ids, the complainant's own name and
  phone: layers.privacy), since residents write them into the text;
- the place as our gazetteer names it (community, estate), never the address text the complainant
  gave (often their own flat), and lat/long rounded to PUBLIC_DECIMALS (about 100 m), so a case
  shows the block, not the door. Staff see the precise point through /api/complaints/.
"""

from layers.privacy.text import mask_text

from .formats import w3c_datetime
from .mapping import STATUS_MAP, service_notice

PUBLIC_DECIMALS = 3


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
        "description": mask_text(complaint.description, complaint.complainant_name, complaint.complainant_phone),
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
