"""The 12345 sheet import: read, check and plan every row, then (with commit) write the new ones at once.

- Every ticket that can be a case lands; only structurally broken rows (no 工单编号, an unreadable
  来电时间, an empty 诉求内容) are rejected, with 行号 and 原因, into the rejects file. What is doubtful
  in a landed row (unknown category, unusable coordinates, unmatched address, odd times, unreadable
  办理时限, differing repeats) is put in the review queue on the case (rows.py, plan.py).
- Idempotent on 工单编号: tickets already stored are skipped and left unchanged.
- A file that cannot be read, or whose header lacks a required column, is refused as a whole.
- The new rows are written in one transaction, each through complaint_create (the one intake
  path), so validation, geocoding, assignment, routing and the event log are those of every other
  channel. If anything fails during the write, nothing is written.
- The same core serves the command (import_12345) and the office's upload page (/desk/import/):
  run(commit=True, expected_plan=…) refuses to write when the plan differs from the one previewed.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from layers.importers.hotline.headers import HeaderProblem, find_header
from layers.importers.hotline.plan import Action, plan_digest, plan_rows, preview
from layers.importers.hotline.rows import RowReader, SheetRow
from layers.importers.hotline.sheet import SheetProblem, read_sheet
from layers.models import Complaint
from layers.services.complaints import complaint_create
from layers.services.hotline import hotline_record_dispatch

REJECT_COLUMNS = ["行号", "工单编号", "原因"]


class HotlineFileProblem(Exception):
    """The whole file is refused (unreadable, empty, header incomplete); nothing is written."""


class PlanChanged(HotlineFileProblem):
    """The file or the database changed since the dry run the person saw; nothing is written."""


@dataclass
class HotlineReport:
    path: str
    encoding: str = ""
    header_row: int = 0
    rows: list[SheetRow] = field(default_factory=list)
    blank_rows: int = 0
    created: int = 0
    committed: bool = False
    digest: str = ""

    def having(self, action: Action) -> list[SheetRow]:
        return [row for row in self.rows if row.action == action]

    @property
    def new(self) -> list[SheetRow]:
        return self.having(Action.NEW)

    @property
    def existing(self) -> list[SheetRow]:
        return self.having(Action.EXISTING)

    @property
    def rejected(self) -> list[SheetRow]:
        return self.having(Action.REJECTED)

    @property
    def skipped(self) -> list[SheetRow]:
        return self.having(Action.REPEAT) + self.having(Action.SUPERSEDED)

    @property
    def flagged(self) -> list[SheetRow]:
        return [row for row in self.new if row.review_reasons]

    def lines(self, show: int = 20) -> list[str]:
        out = [
            f"文件 (file): {self.path}; 编码 (encoding): {self.encoding}; 表头在第 {self.header_row} 行 (header row)",
            f"数据行 (data rows): {len(self.rows)}; 新工单 (new): {len(self.new)}, 其中待人工核定 (of which to "
            f"review): {len(self.flagged)}; 已导入过，跳过 (already imported, unchanged): {len(self.existing)}; "
            f"重复或被取代 (repeated or superseded in the file): {len(self.skipped)}; "
            f"拒绝 (rejected): {len(self.rejected)}; 空行 (blank rows skipped): {self.blank_rows}",
        ]
        out += self._details(show)
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

    def _details(self, show: int) -> list[str]:
        """Up to `show` lines of each kind: rejected, skipped, to review, notes."""
        kinds = [
            ("拒绝 (rejected)", [(r, r.reason) for r in self.rejected]),
            ("跳过 (skipped)", [(r, r.detail) for r in self.skipped]),
            ("待核定 (to review)", [(r, "；".join(r.review_reasons)) for r in self.flagged]),
            ("提示 (note)", [(r, "；".join(r.notes)) for r in self.rows if r.notes]),
        ]
        out = []
        for label, rows in kinds:
            out += [f"  {label} 第 {r.number} 行 {r.ticket_no or '(无编号)'}: {why}" for r, why in rows[:show]]
            if len(rows) > show:
                out.append(f"  … {label} 另有 {len(rows) - show} 行 (more; the rejects file lists every rejected row)")
        return out


class HotlineImport:
    def __init__(self, path, default_crs: str | None = None, actor=None):
        self.path = Path(path)
        self.default_crs = default_crs
        self.actor = actor
        self.report = HotlineReport(path=str(path))

    def run(self, commit: bool = False, expected_plan: str | None = None, with_preview: bool = False) -> HotlineReport:
        """Check and plan the whole file; with commit=True write the new rows in one transaction.

        expected_plan: the digest of a dry run a person approved; the write is refused (PlanChanged)
        unless this run plans exactly the same. with_preview: also say which category and place each
        new row gets (one point lookup or address match per row)."""
        rows = self._read()
        tickets = [row.ticket_no for row in rows if row.ok]
        stored = set(Complaint.objects.filter(ticket_no__in=tickets).values_list("ticket_no", flat=True))
        plan_rows(rows, stored)
        self.report.digest = plan_digest(rows)
        if with_preview:
            preview(rows)
        if expected_plan is not None and expected_plan != self.report.digest:
            raise PlanChanged(
                f"{self.path}: 导入计划与预览时不同 (the plan differs from the preview: the file or the stored "
                "cases changed meanwhile); 请重新预览 (preview again). 未写入任何数据 (nothing written)."
            )
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
        reader = RowReader(columns, self.default_crs, header=sheet.rows[index])
        for offset, cells in enumerate(sheet.rows[index + 1 :], start=index + 2):
            if not any(str(c).strip() for c in cells if c is not None):
                self.report.blank_rows += 1
                continue
            self.report.rows.append(reader.read(offset, cells))
        if not self.report.rows:
            raise HotlineFileProblem(f"{self.path}: 表头下没有数据行 (no data rows below the header)")
        return self.report.rows

    def _write(self, rows: list[SheetRow]) -> None:
        with transaction.atomic():
            for row in rows:
                complaint, _created = complaint_create(actor=self.actor, **row.service)
                hotline_record_dispatch(
                    complaint=complaint,
                    actor=self.actor,
                    dispatched_at=row.dispatched_at,
                    due_at=row.due_at,
                    review=row.review,
                )
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
