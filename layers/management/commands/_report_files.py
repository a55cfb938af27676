"""What the report commands share (weekly_report, monthly_report): check the period, build the
report in the chosen language, write its A4 HTML and .xlsx into --out. Not a command itself (the
leading underscore)."""

from abc import abstractmethod
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation


class ReportCommand(BaseCommand):
    period = ""  # the option naming the period: "week", "month"
    period_help = ""
    file_prefix = ""  # pgettext_lazy("file name", …): 周报, 考评, in the report's language

    def add_arguments(self, parser):
        parser.add_argument(f"--{self.period}", required=True, help=self.period_help)
        parser.add_argument("--out", required=True, help="directory to write into (created if missing)")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help=f"language of the report (default {settings.LANGUAGE_CODE})",
        )

    @abstractmethod
    def check_period(self, period: str) -> None:
        """Raise ValueError for a period that cannot be reported."""

    @abstractmethod
    def build(self, period: str) -> tuple[dict, str, bytes, str]:
        """(report, its HTML, its xlsx, the period label used in the file names)."""

    @abstractmethod
    def summary(self, report: dict) -> str:
        """One line for the console."""

    def handle(self, *args, out, language, **options):
        period = options[self.period]
        try:
            self.check_period(period)
        except ValueError as error:
            raise CommandError(str(error)) from error
        out_dir = Path(out)
        if out_dir.exists() and not out_dir.is_dir():
            raise CommandError(f"--out {out} exists and is not a directory")
        with translation.override(language):
            report, html, xlsx, label = self.build(period)
            stem = f"{self.file_prefix}-{label}"
        out_dir.mkdir(parents=True, exist_ok=True)
        html_path = out_dir / f"{stem}.html"
        xlsx_path = out_dir / f"{stem}.xlsx"
        html_path.write_text(html, encoding="utf-8")
        xlsx_path.write_bytes(xlsx)
        self.stdout.write(f"{self.summary(report)} -> {html_path}, {xlsx_path}")
