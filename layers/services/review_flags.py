"""The review queue's items: what a person has to check on a case, one item per kind.

A case is never refused for a doubtful input; it lands and says what is doubtful. Each kind is
resolved by its own action (relocating settles where the case is, reclassifying its category), so
the items are kept apart (Complaint.review_items) and the two fields the queue and the pages read
follow them: needs_review (any item left) and review_reason (their reasons joined).
These functions change the instance only; the caller saves it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: object  # lazy text, Chinese msgid


CATEGORY = Kind("category", _("问题分类"))
COORDINATES = Kind("coordinates", _("坐标"))
ADDRESS = Kind("address", _("地址"))
TIMES = Kind("times", _("时间"))
DEADLINE = Kind("deadline", _("办理时限"))
REPEAT = Kind("repeat", _("重复工单"))
KINDS = {kind.code: kind for kind in (CATEGORY, COORDINATES, ADDRESS, TIMES, DEADLINE, REPEAT)}
# What settles where a case is (layers/services/review.py: a person confirms or corrects the place).
LOCATION_KINDS = (COORDINATES, ADDRESS)
SEPARATOR = "；"


def review_text(items: list[dict]) -> str:
    return SEPARATOR.join(item["reason"] for item in items)


def _sync(complaint) -> None:
    complaint.needs_review = bool(complaint.review_items)
    complaint.review_reason = review_text(complaint.review_items)


def flag(complaint, kind: Kind, reason: str) -> None:
    """Put the case in the review queue for `kind` (replacing an earlier item of that kind)."""
    items = [item for item in complaint.review_items or [] if item["code"] != kind.code]
    complaint.review_items = [*items, {"code": kind.code, "reason": reason}]
    _sync(complaint)


def unflag(complaint, *kinds: Kind) -> list[str]:
    """Resolve these kinds; returns the reasons resolved. The case leaves the queue when none is left."""
    codes = {kind.code for kind in kinds}
    items = complaint.review_items or []
    resolved = [item["reason"] for item in items if item["code"] in codes]
    complaint.review_items = [item for item in items if item["code"] not in codes]
    _sync(complaint)
    return resolved


def has(complaint, kind: Kind) -> bool:
    return any(item["code"] == kind.code for item in complaint.review_items or [])
