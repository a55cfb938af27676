"""One data row of a 12345 sheet -> the arguments of complaint_create and what to check, or the reason
it cannot be a case at all.

A 12345 ticket is refused only when it is structurally broken: no 工单编号, an unreadable 来电时间,
an empty 诉求内容 (and what the intake service cannot store at all, such as a ticket number longer
than any real one). Everything else lands and says what is doubtful (review items, stored on the
case): an unknown 问题分类 and unusable coordinates (decided by the intake service, the same for
every channel), a 派单时间 before the 来电时间 or unreadable, a 办理时限 that cannot be read.
The service's own validator (validated_intake, the one complaint_create runs) checks the row, so
the dry run shows exactly what the write will do.
"""

import inspect
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError

from layers.importers.hotline.headers import LABELS
from layers.importers.hotline.values import CellProblem, parse_crs, parse_datetime, parse_deadline, parse_satisfaction
from layers.importers.hotline.values import text as cell_text
from layers.models import Complaint
from layers.services import reference
from layers.services.complaint_input import validated_intake
from layers.services.complaints import complaint_create
from layers.services.deadlines import due_at
from layers.services.review_flags import COORDINATES, DEADLINE, TIMES, Kind

# complaint_create's own defaults, so the validator sees every argument the service would.
_SERVICE_DEFAULTS = {
    name: p.default
    for name, p in inspect.signature(complaint_create).parameters.items()
    if p.default is not inspect.Parameter.empty
}
# Service field -> the sheet column a person has to fix.
_COLUMN_OF = {
    "ticket_no": LABELS["ticket_no"],
    "description": LABELS["description"],
    "address": LABELS["address"],
    "category_code": LABELS["category"],
    "complainant_name": LABELS["complainant_name"],
    "complainant_phone": LABELS["complainant_phone"],
    "received_at": LABELS["received_at"],
}


@dataclass
class SheetRow:
    number: int  # the row number Excel shows (header and title rows counted)
    ticket_no: str
    service: dict = field(default_factory=dict)  # keyword arguments of complaint_create
    dispatched_at: datetime | None = None
    due_at: datetime | None = None  # the centre's deadline; None: the category's applies
    due_text: str = ""  # how the sheet wrote it, for the preview
    satisfaction: str | None = None
    handling_unit: str = ""
    problems: list[str] = field(default_factory=list)  # structural: the row is rejected
    review: list[tuple[Kind, str]] = field(default_factory=list)  # sheet checks, stored on the case
    intake: dict = field(default_factory=dict)  # what validated_intake made of the row
    notes: list[str] = field(default_factory=list)  # shown, not stored
    fingerprint: tuple = ()  # the row's cells, to tell an exact repeat from a conflicting one
    cells: dict = field(default_factory=dict)  # header -> cell text, to show how versions differ
    action: str = ""  # what the import does with it (plan.Action)
    detail: str = ""  # why it is skipped (Chinese)
    preview_category: str = ""
    preview_place: str = ""
    preview_review: list[str] = field(default_factory=list)  # the address item intake will add (dry run)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def reason(self) -> str:
        return "; ".join(self.problems)

    @property
    def review_reasons(self) -> list[str]:
        """Every review item the case will carry: the service's (category, coordinates), the
        sheet's, and (once previewed) the address matcher's."""
        items = [item["reason"] for item in self.intake.get("review_items", [])]
        return items + [reason for _kind, reason in self.review] + self.preview_review


class RowReader:
    """Reads data rows with the column map of the header."""

    def __init__(self, columns: dict[str, int], default_crs: str | None, header: list | None = None):
        self.columns = columns
        self.header = [cell_text(c) or f"第{i + 1}列" for i, c in enumerate(header or [])]
        self.default_crs = default_crs
        self.calendar = reference.current()

    def _header(self, index: int) -> str:
        return self.header[index] if index < len(self.header) else f"第{index + 1}列"

    def cell(self, cells: list, name: str):
        index = self.columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def text(self, cells: list, name: str) -> str:
        return cell_text(self.cell(cells, name))

    def read(self, number: int, cells: list) -> SheetRow:
        row = SheetRow(number=number, ticket_no=self.text(cells, "ticket_no"))
        row.fingerprint = tuple(cell_text(c) for c in cells)
        row.cells = {self._header(i): value for i, value in enumerate(row.fingerprint) if value}
        if not row.ticket_no:
            row.problems.append("工单编号为空 (ticket number is empty)")
        if not self.text(cells, "description"):
            row.problems.append("诉求内容为空 (description is empty)")
        try:
            row.service["received_at"] = parse_datetime(self.cell(cells, "received_at"), "来电时间")
        except CellProblem as exc:
            row.problems.append(str(exc))
        self._service_fields(row, cells)
        self._service_check(row)
        if "received_at" in row.service:
            self._times(row, cells)
        return row

    def _dispatched(self, row: SheetRow, cells: list) -> None:
        raw = self.cell(cells, "dispatched_at")
        if not cell_text(raw):
            row.review.append((TIMES, "派单时间为空：按来电时间起算办理时限"))
            return
        try:
            row.dispatched_at = parse_datetime(raw, "派单时间")
        except CellProblem as exc:
            row.review.append((TIMES, f"{exc}：按来电时间起算办理时限"))
            return
        received = row.service["received_at"]
        if row.dispatched_at < received:
            row.review.append(
                (TIMES, f"派单时间 {row.dispatched_at:%Y-%m-%d %H:%M} 早于来电时间 {received:%Y-%m-%d %H:%M}")
            )

    def _times(self, row: SheetRow, cells: list) -> None:
        """派单时间 and the centre's 办理时限 (a date, or a duration counted from the dispatch, else
        from the call); a problem with either is a review item, never a rejection."""
        self._dispatched(row, cells)
        raw = self.cell(cells, "due_at")
        row.due_text = cell_text(raw)
        if not row.due_text:
            row.review.append((DEADLINE, "未给出办理时限：按分类默认时限"))
            return
        try:
            deadline = parse_deadline(raw)
        except CellProblem as exc:
            row.review.append((DEADLINE, f"{exc}：按分类默认时限"))
            return
        start = row.dispatched_at or row.service["received_at"]
        if isinstance(deadline, tuple):
            amount, base = deadline
            deadline = due_at(start, amount, base, self.calendar.holidays, self.calendar.workdays)
        elif deadline <= start:
            row.review.append((TIMES, f"办理时限 {deadline:%Y-%m-%d %H:%M} 不晚于派单时间 {start:%Y-%m-%d %H:%M}"))
        row.due_at = deadline

    def _location(self, row: SheetRow, cells: list) -> None:
        lon, lat = self.text(cells, "lon"), self.text(cells, "lat")
        if not lon and not lat:
            return
        # 12345 coordinates come from the operator's map pick; their datum must be stated (a wrong
        # guess moves the point ~500 m). Without one we can read, they are not used: the address is
        # matched instead, as the intake service does with coordinates it cannot use.
        try:
            crs = parse_crs(self.cell(cells, "crs"), self.default_crs)
        except CellProblem as exc:
            row.review.append((COORDINATES, f"坐标无法使用，已忽略并按地址定位：{exc}"))
            return
        row.service |= {"lon": lon, "lat": lat, "crs": crs, "location_source": Complaint.LocationSource.MAP_PICK}

    def _service_fields(self, row: SheetRow, cells: list) -> None:
        try:
            row.satisfaction = parse_satisfaction(self.cell(cells, "satisfaction"))
        except CellProblem as exc:
            row.notes.append(f"{exc}；未使用 (not used)")
        row.handling_unit = self.text(cells, "handling_unit")
        self._location(row, cells)
        row.service |= {
            "channel": Complaint.Channel.HOTLINE_12345,
            "ticket_no": row.ticket_no or None,
            "category_code": self.text(cells, "category"),
            "description": self.text(cells, "description"),
            "address": self.text(cells, "address"),
            "complainant_name": self.text(cells, "complainant_name"),
            "complainant_phone": self.text(cells, "complainant_phone"),
        }

    def _service_check(self, row: SheetRow) -> None:
        # What the service refuses is what no case can be made of (empty 诉求内容, NUL characters,
        # a ticket number longer than any real one): the row's structural problems.
        try:
            row.intake = validated_intake(_SERVICE_DEFAULTS | {"actor": None} | row.service)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name not in ("received_at", "description") or row.service.get(name):  # reported already
                    row.problems.append(f"{_COLUMN_OF.get(name, name)}: {' '.join(messages)}")
