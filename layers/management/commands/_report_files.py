"""What the report commands share (weekly_report, monthly_report): check the period, build the
report, write its A4 HTML and .xlsx into --out. Not a command itself (the leading underscore)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class ReportCommand(BaseCommand):
    period = ""  # the option naming the period: "week", "month"
    period_help = ""
    file_prefix = ""  # 周报, 考评

    def add_arguments(self, parser):
        parser.add_argument(f"--{self.period}", required=True, help=self.period_help)
        parser.add_argument("--out", required=True, help="directory to write into (created if missing)")

    def check_period(self, period: str) -> None:
        """Raise ValueError for a period that cannot be reported."""
        raise NotImplementedError

    def build(self, period: str) -> tuple[dict, str, bytes, str]:
        """(report, its HTML, its xlsx, the period label used in the file names)."""
        raise NotImplementedError

    def summary(self, report: dict) -> str:
        raise NotImplementedError

    def handle(self, *args, out, **options):
        period = options[self.period]
        try:
            self.check_period(period)
        except ValueError as error:
            raise CommandError(str(error)) from error
        out_dir = Path(out)
        if out_dir.exists() and not out_dir.is_dir():
            raise CommandError(f"--out {out} exists and is not a directory")
        report, html, xlsx, label = self.build(period)
        out_dir.mkdir(parents=True, exist_ok=True)
        html_path = out_dir / f"{self.file_prefix}-{label}.html"
        xlsx_path = out_dir / f"{self.file_prefix}-{label}.xlsx"
        html_path.write_text(html, encoding="utf-8")
        xlsx_path.write_bytes(xlsx)
        self.stdout.write(f"{self.summary(report)} -> {html_path}, {xlsx_path}")
