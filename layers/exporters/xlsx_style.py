"""How every .xlsx the service writes looks (weekly report, monthly 考评, planners' files).

Numbers stay numbers and are shown through number formats, so a reader can sort, sum and chart
them: rates as fractions in a percent format, p-values in scientific notation (a Benjamini–Hochberg
p of 3e-12 is not 0), counts as integers. The header row is bold and frozen, and each column is as
wide as its longest text (CJK characters count double), within limits.
"""

from datetime import date, datetime

from django.utils import timezone
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

INTEGER, DECIMAL1, DECIMAL2, DECIMAL3, DECIMAL4 = "0", "0.0", "0.00", "0.000", "0.0000"
PERCENT = "0.0%"
SIGNED_INTEGER, SIGNED_PERCENT, SIGNED_SCORE = "+0;-0;0", "+0.0%;-0.0%;0.0%", "+0.0;-0.0;0.0"
P_VALUE = "0.00E+00"
DATE, DATETIME = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
MIN_WIDTH, MAX_WIDTH = 6, 60
# Digits shown by a format, for the column width: a date or a date-time is as wide as its text.
_FORMAT_WIDTHS = {DATE: 10, DATETIME: 16, P_VALUE: 9}


def fraction(percent):
    """A rate kept as 0-100 in the reports, as Excel's percent formats want it (0-1); None stays None."""
    return None if percent is None else percent / 100.0


def local(value):
    """Excel has no time zones: an aware date-time as local (Beijing) wall-clock time."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def text_width(value, number_format: str | None = None) -> int:
    """Roughly how many character widths a cell's value takes (a CJK character takes two)."""
    if value is None:
        return 0
    if number_format in _FORMAT_WIDTHS:
        return _FORMAT_WIDTHS[number_format]
    if isinstance(value, datetime | date):
        return 16 if isinstance(value, datetime) else 10
    if isinstance(value, float):
        return len(f"{value:.4g}") + 2
    text = str(value)
    return max((sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) for line in text.splitlines() or [""]), default=0)


def finish_sheet(ws: Worksheet, formats=(), freeze: str = "A2") -> None:
    """Style a sheet whose first row is its header: bold, shaded, wrapped header; each column's
    number format (formats[i] for column i + 1; None leaves it General); widths from the content;
    the header row (and the columns left of `freeze`) frozen."""
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, column in enumerate(ws.iter_cols(min_row=1), start=1):
        number_format = formats[index - 1] if index <= len(formats) else None
        for cell in column[1:]:
            if number_format and cell.value is not None:
                cell.number_format = number_format
        widths = [text_width(column[0].value)] + [text_width(c.value, number_format) for c in column[1:]]
        ws.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, max(MIN_WIDTH, max(widths) + 2))
    ws.freeze_panes = freeze
