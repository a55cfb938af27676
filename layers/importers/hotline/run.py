"""The 12345 sheet import: read, validate every row, then (with commit) write the good rows at once.

- Idempotent on 工单编号: tickets already stored are skipped and left unchanged.
- Bad rows (bad date, unknown category, bad coordinates, text too long, a ticket repeated in the
  file ...) are rejected with their reasons; the good rows still land.
- A file that cannot be read, or whose header lacks a required column, is refused as a whole.
- The good rows are written in one transaction, each through complaint_create (the one intake
  path), so validation, geocoding, assignment, routing and the event log are those of every other
  channel. If anything fails during the write, nothing is written.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from layers.importers.hotline.headers import HeaderProblem, find_header
from layers.importers.hotline.rows import RowReader, SheetRow
from layers.importers.hotline.sheet import SheetProblem, read_sheet
from layers.models import Complaint
from layers.services.complaints import complaint_create
from layers.services.hotline import hotline_record_dispatch

REJECT_COLUMNS = ["行号", "工单编号", "原因"]


class HotlineFileProblem(Exception):
    """The whole file is refused (unreadable, empty, header incomplete); nothing is written."""


@dataclass
class HotlineReport:
    path: str
    encoding: str = ""
    header_row: int = 0
    rows: list[SheetRow] = field(default_factory=list)
    blank_rows: int = 0
    existing: list[SheetRow] = field(default_factory=list)  # already imported: skipped, unchanged
    new: list[SheetRow] = field(default_factory=list)
    created: int = 0
    committed: bool = False

    @property
    def rejected(self) -> list[SheetRow]:
        return [row for row in self.rows if not row.ok]

    def lines(self, show: int = 20) -> list[str]:
        out = [
            f"文件 (file): {self.path}; 编码 (encoding): {self.encoding}; 表头在第 {self.header_row} 行 (header row)",
            f"数据行 (data rows): {len(self.rows)}; 新工单 (new): {len(self.new)}; "
            f"已导入过，跳过 (already imported, unchanged): {len(self.existing)}; "
            f"拒绝 (rejected): {len(self.rejected)}; 空行 (blank rows skipped): {self.blank_rows}",
        ]
        out += [
            f"  拒绝 (rejected) 第 {r.number} 行 {r.ticket_no or '(无编号)'}: {r.reason}" for r in self.rejected[:show]
        ]
        if len(self.rejected) > show:
            out.append(f"  … 另有 {len(self.rejected) - show} 行被拒绝，见拒绝文件 (more in the rejects file)")
        ignored = sum(1 for r in self.new if r.satisfaction or r.handling_unit)
        if ignored:
            out.append(
                f"  {ignored} 行的 回访满意度/承办单位 已校验但不写入 (checked, not stored): satisfaction is "
                "recorded at 回访 through the workflow, the handling unit is chosen by our routing"
            )
        if self.committed:
            out.append(f"已提交 (committed): 新增 {self.created} 条诉求 (complaints created).")
        else:
            out.append(f"试运行，未写入 (dry run: nothing written); --commit 将新增 {len(self.new)} 条 (would create).")
        return out


class HotlineImport:
    def __init__(self, path, default_crs: str | None = None, actor=None):
        self.path = Path(path)
        self.default_crs = default_crs
        self.actor = actor
        self.report = HotlineReport(path=str(path))

    def run(self, commit: bool = False) -> HotlineReport:
        """Validate the whole file; with commit=True write the new good rows in one transaction."""
        rows = self._read()
        self._reject_repeats(rows)
        good = [row for row in rows if row.ok]
        stored = set(
            Complaint.objects.filter(ticket_no__in=[row.ticket_no for row in good]).values_list("ticket_no", flat=True)
        )
        self.report.existing = [row for row in good if row.ticket_no in stored]
        self.report.new = [row for row in good if row.ticket_no not in stored]
        if commit:
            self._write(self.report.new)
        return self.report

    def _read(self) -> list[SheetRow]:
        try:
            sheet = read_sheet(self.path)
            index, columns = find_header(sheet.rows)
        except SheetProblem as exc:
            raise HotlineFileProblem(str(exc)) from exc
        except HeaderProblem as exc:
            raise HotlineFileProblem(f"{self.path}: {exc}") from exc
        self.report.encoding, self.report.header_row = sheet.encoding, index + 1
        reader = RowReader(columns, self.default_crs)
        for offset, cells in enumerate(sheet.rows[index + 1 :], start=index + 2):
            if not any(str(c).strip() for c in cells if c is not None):
                self.report.blank_rows += 1
                continue
            self.report.rows.append(reader.read(offset, cells))
        if not self.report.rows:
            raise HotlineFileProblem(f"{self.path}: 表头下没有数据行 (no data rows below the header)")
        return self.report.rows

    def _reject_repeats(self, rows: list[SheetRow]) -> None:
        """A ticket twice in one file: an exact repeat keeps its first row; conflicting rows all go,
        since nothing says which version is right."""
        by_ticket = defaultdict(list)
        for row in rows:
            if row.ticket_no:
                by_ticket[row.ticket_no].append(row)
        for ticket, group in by_ticket.items():
            if len(group) < 2:
                continue
            numbers = ", ".join(str(r.number) for r in group)
            identical = len({r.fingerprint for r in group}) == 1
            for row in group[1:] if identical else group:
                kind = "重复行 (exact repeat)" if identical else "内容不同 (rows differ)"
                row.problems.append(
                    f"工单编号 {ticket} 在文件中重复 (ticket repeated in the file: rows {numbers}; {kind})"
                )

    def _write(self, rows: list[SheetRow]) -> None:
        with transaction.atomic():
            for row in rows:
                complaint, _created = complaint_create(actor=self.actor, **row.service)
                hotline_record_dispatch(complaint=complaint, dispatched_at=row.dispatched_at, due_at=row.due_at)
        self.report.created = len(rows)
        self.report.committed = True


def write_rejects(report: HotlineReport, path: str | Path) -> Path:
    """The rejected rows as CSV in UTF-8 with a byte-order mark, so Excel opens the Chinese correctly."""
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REJECT_COLUMNS)
        for row in report.rejected:
            writer.writerow([row.number, row.ticket_no, row.reason])
    return path
