"""What the import will do with each row: land it (new), skip it (already imported, an exact repeat,
superseded by a later dispatch of the same ticket) or reject it (structurally broken), and, for the
dry run, which category and place a new row will get.

A ticket twice in one sheet with different content is one case: the 12345 centre sent it again
(re-dispatched, corrected), so the version with the latest 派单时间 (the later row on a tie) lands
and is put in the review queue with every cell in which the other versions differ. Nothing is
dropped silently: the other rows are listed as superseded, and their differing content is on the case.
"""

import hashlib
import json
from collections import defaultdict
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from layers.geocoding.gazetteer import get_gazetteer
from layers.importers.hotline.rows import SheetRow
from layers.locate import locate_layers
from layers.services import reference
from layers.services.category_match import match_category
from layers.services.complaints import REVIEW_BELOW_CONFIDENCE
from layers.services.geocoding import geocode_address
from layers.services.review_flags import REPEAT


class Action(StrEnum):
    NEW = "new"
    EXISTING = "existing"
    REJECTED = "rejected"
    REPEAT = "repeat"
    SUPERSEDED = "superseded"


ACTION_LABELS = {
    Action.NEW: _("新工单"),
    Action.EXISTING: _("已导入过，跳过"),
    Action.REJECTED: _("拒绝"),
    Action.REPEAT: _("重复行，跳过"),
    Action.SUPERSEDED: _("已被更晚的派单取代"),
}


def _version_key(row: SheetRow):
    return (row.dispatched_at or row.service["received_at"], row.number)


def _differences(row: SheetRow, winner: SheetRow) -> str:
    cells = [f"{header}“{value}”" for header, value in row.cells.items() if winner.cells.get(header) != value]
    return f"第{row.number}行：" + ("，".join(cells) or "内容相同")


def _one_ticket(rows: list[SheetRow]) -> None:
    """Exact repeats keep their first row; of differing versions the latest dispatch lands."""
    seen: dict[tuple, SheetRow] = {}
    versions = []
    for row in rows:
        first = seen.setdefault(row.fingerprint, row)
        if first is row:
            versions.append(row)
        else:
            row.action, row.detail = Action.REPEAT, f"与第{first.number}行完全相同"
    if len(versions) < 2:
        return
    winner = max(versions, key=_version_key)
    others = [row for row in versions if row is not winner]
    for row in others:
        row.action, row.detail = Action.SUPERSEDED, f"由第{winner.number}行登记（派单时间更晚或行更靠后）"
    numbers = "、".join(str(row.number) for row in versions)
    winner.review.append(
        (
            REPEAT,
            f"工单在派单表中有{len(versions)}个不同版本（第{numbers}行），按派单时间最晚的第{winner.number}行登记；"
            f"其他版本不同之处：{'；'.join(_differences(row, winner) for row in others)}",
        )
    )


def plan_rows(rows: list[SheetRow], stored: set[str]) -> None:
    """Set each row's action (and detail): rejected, already stored, repeat, superseded or new."""
    by_ticket = defaultdict(list)
    for row in rows:
        if not row.ok:
            row.action = Action.REJECTED
        elif row.ticket_no in stored:
            row.action = Action.EXISTING
        else:
            row.action = Action.NEW
            by_ticket[row.ticket_no].append(row)
    for group in by_ticket.values():
        if len(group) > 1:
            _one_ticket(group)


def _place(row: SheetRow, gazetteer) -> tuple[str, str]:
    """(where the case will be, the address review item it will get or "") as intake decides them:
    by the coordinates when usable, else by matching the address (complaints.locate_by_address)."""
    point = row.intake.get("location")
    if point is not None:
        found = locate_layers(point.x, point.y)
        if found["subdistrict"] is None:
            return "坐标在街道辖区外（非本辖区）", ""
        estate = found["housing_project"] or found["community"]
        return (f"坐标：{estate['name']}" if estate else "坐标：街道辖区内"), ""
    address = row.service.get("address") or ""
    if not address:
        return "无坐标也无地址", "无坐标也无地址，无法定位"
    result = geocode_address(address)
    estate = gazetteer.estates.get(result.housing_project_code or "")
    where = f"地址匹配（{result.confidence:.2f}）：{estate.name}" if estate else f"地址：{result.reason}"
    if result.level == "none":
        return where, f"地址未匹配：{result.reason}"
    if result.confidence < REVIEW_BELOW_CONFIDENCE:
        return where, f"地址匹配置信度低（{result.confidence:.2f}）：{result.reason}"
    return where, ""


def preview(rows: list[SheetRow]) -> None:
    """For new rows: the category (and how it was found), the place the intake will give them, and
    the address review item intake will add."""
    known, gazetteer = reference.current(), get_gazetteer()
    for row in rows:
        if row.action != Action.NEW:
            continue
        category = row.intake["category"]
        how = match_category(row.service["category_code"], known).how or "未匹配，暂归其他"
        row.preview_category = f"{category.name}（{how}）"
        row.preview_place, flag = _place(row, gazetteer)
        row.preview_review = [flag] if flag else []


def plan_digest(rows: list[SheetRow]) -> str:
    """A fingerprint of what the import will do, row by row: a commit after a preview must do the same."""
    plan = [[row.number, row.ticket_no, row.action, row.detail, row.reason, row.review_reasons] for row in rows]
    return hashlib.sha256(json.dumps(plan, ensure_ascii=False).encode()).hexdigest()
