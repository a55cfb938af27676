"""One data row of a 12345 sheet -> the arguments of complaint_create, or the reasons it is rejected.

The sheet-specific checks (dates and their order, category by code/name/catalogue name, 坐标系,
满意度) run here; then the service's own validator (validated_intake, the one complaint_create
runs) checks the rest, so the dry run rejects exactly what the write would refuse (text lengths,
coordinates that are not numbers or not on Earth, NUL characters ...).
"""

import inspect
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError

from layers.importers.hotline.headers import LABELS
from layers.importers.hotline.values import (
    CategoryIndex,
    CellProblem,
    parse_crs,
    parse_datetime,
    parse_satisfaction,
    text,
)
from layers.models import Complaint
from layers.services.complaint_input import validated_intake
from layers.services.complaints import complaint_create

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
    "lon": LABELS["lon"],
    "lat": LABELS["lat"],
    "crs": LABELS["crs"],
    "received_at": LABELS["received_at"],
}


@dataclass
class SheetRow:
    number: int  # the row number Excel shows (header and title rows counted)
    ticket_no: str
    service: dict = field(default_factory=dict)  # keyword arguments of complaint_create
    dispatched_at: datetime | None = None
    due_at: datetime | None = None
    satisfaction: str | None = None
    handling_unit: str = ""
    problems: list[str] = field(default_factory=list)
    fingerprint: tuple = ()  # the row's cells, to tell an exact repeat from a conflicting one
    failed: set = field(default_factory=set)  # service fields already reported by a sheet check

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def reason(self) -> str:
        return "; ".join(self.problems)


class RowReader:
    """Reads data rows with the column map of the header; categories are loaded once."""

    def __init__(self, columns: dict[str, int], default_crs: str | None):
        self.columns = columns
        self.default_crs = default_crs
        self.categories = CategoryIndex()

    def cell(self, cells: list, name: str):
        index = self.columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def read(self, number: int, cells: list) -> SheetRow:
        row = SheetRow(number=number, ticket_no=text(self.cell(cells, "ticket_no")))
        row.fingerprint = tuple(text(c) for c in cells)
        if not row.ticket_no:
            row.problems.append("工单编号为空 (ticket number is empty)")
        self._times(row, cells)
        self._service_fields(row, cells)
        self._service_check(row)
        return row

    def _try(self, row: SheetRow, parse, key: str = ""):
        try:
            return parse()
        except CellProblem as exc:
            row.problems.append(str(exc))
            row.failed.add(key)
            return None

    def _times(self, row: SheetRow, cells: list) -> None:
        received = self._try(row, lambda: parse_datetime(self.cell(cells, "received_at"), "来电时间"), "received_at")
        row.dispatched_at = self._try(row, lambda: parse_datetime(self.cell(cells, "dispatched_at"), "派单时间"))
        row.due_at = self._try(row, lambda: parse_datetime(self.cell(cells, "due_at"), "办理时限"))
        row.service["received_at"] = received
        if received and row.dispatched_at and row.dispatched_at < received:
            row.problems.append(f"派单时间早于来电时间 (dispatched {row.dispatched_at:%Y-%m-%d %H:%M} before received)")
        if row.dispatched_at and row.due_at and row.due_at <= row.dispatched_at:
            row.problems.append(f"办理时限不晚于派单时间 (deadline {row.due_at:%Y-%m-%d %H:%M} not after dispatch)")

    def _location(self, row: SheetRow, cells: list) -> None:
        lon, lat = text(self.cell(cells, "lon")), text(self.cell(cells, "lat"))
        if not lon and not lat:
            return
        row.service |= {"lon": lon, "lat": lat, "location_source": Complaint.LocationSource.MAP_PICK}
        # 12345 coordinates come from the operator's map pick; their datum must be stated.
        row.service["crs"] = self._try(row, lambda: parse_crs(self.cell(cells, "crs"), self.default_crs), "crs")

    def _service_fields(self, row: SheetRow, cells: list) -> None:
        row.service["category_code"] = self._try(
            row, lambda: self.categories.code(self.cell(cells, "category")), "category_code"
        )
        row.satisfaction = self._try(row, lambda: parse_satisfaction(self.cell(cells, "satisfaction")))
        row.handling_unit = text(self.cell(cells, "handling_unit"))
        self._location(row, cells)
        row.service |= {
            "channel": Complaint.Channel.HOTLINE_12345,
            "ticket_no": row.ticket_no or None,
            "description": text(self.cell(cells, "description")),
            "address": text(self.cell(cells, "address")),
            "complainant_name": text(self.cell(cells, "complainant_name")),
            "complainant_phone": text(self.cell(cells, "complainant_phone")),
        }

    def _service_check(self, row: SheetRow) -> None:
        # A field whose sheet check failed is passed as the service's default, so it is not
        # reported twice; every other field is checked even when the row is already rejected,
        # so one pass over the rejects file shows everything to fix.
        service = {k: v for k, v in row.service.items() if k not in row.failed}
        try:
            validated_intake(_SERVICE_DEFAULTS | {"actor": None, "category_code": None} | service)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name not in row.failed:
                    row.problems.append(f"{_COLUMN_OF.get(name, name)}: {' '.join(messages)}")
