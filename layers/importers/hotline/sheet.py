"""Read a 12345 dispatch sheet (.xlsx or .csv) into rows of cell values, or refuse the whole file.

The whole file is read before anything is checked or written, so a truncated or corrupt file is
refused as a whole instead of half-imported.

CSV encodings: a UTF-8 byte-order mark means UTF-8 (Excel's "CSV UTF-8"); otherwise a strict
UTF-8 decode decides, as layers/importers/reading.py does for .dbf files: GBK text of any length
is almost never valid UTF-8, so a file that fails is read as GB18030 (a superset of GBK and GB2312,
what Excel writes for "CSV" on a Chinese Windows).
"""

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

SUFFIXES = (".xlsx", ".csv")


class SheetProblem(Exception):
    """The file as a whole cannot be read; the message names the file and what was expected."""


@dataclass
class Sheet:
    rows: list[list]  # every row of the first worksheet, cells as read (str for CSV)
    encoding: str  # "xlsx", "UTF-8-BOM", "UTF-8" or "GB18030"


def read_sheet(path: str | Path) -> Sheet:
    path = Path(path)
    if not path.is_file():
        raise SheetProblem(f"{path}: 文件不存在 (file not found)")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        hint = " 请在 Excel 中另存为 .xlsx 或 .csv (save it as .xlsx or .csv)" if suffix == ".xls" else ""
        raise SheetProblem(f"{path}: 不支持的格式 {suffix or '(无后缀)'} (unsupported; expected .xlsx or .csv).{hint}")
    if path.stat().st_size == 0:
        raise SheetProblem(f"{path}: 文件为空 (the file is empty)")
    sheet = _read_xlsx(path) if suffix == ".xlsx" else _read_csv(path)
    if not any(_filled(row) for row in sheet.rows):
        raise SheetProblem(f"{path}: 文件中没有内容 (no cells with content)")
    return sheet


def _filled(row: list) -> bool:
    return any(cell is not None and str(cell).strip() for cell in row)


def _read_xlsx(path: Path) -> Sheet:
    # read_only streams the XML; the rows are materialised here so a truncated archive fails now,
    # before any row is validated, not half-way through the import.
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            worksheet = workbook.worksheets[0]
            rows = [list(row) for row in worksheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except (zipfile.BadZipFile, InvalidFileException) as exc:
        raise SheetProblem(f"{path}: 不是有效的 .xlsx 文件 (not a valid .xlsx workbook): {exc}") from exc
    except (KeyError, ParseError, EOFError, zlib.error, OSError, ValueError, IndexError) as exc:
        raise SheetProblem(f"{path}: .xlsx 文件已损坏或不完整 (the workbook is damaged or truncated): {exc}") from exc
    return Sheet(rows=rows, encoding="xlsx")


def decode_csv(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of CSV bytes: UTF-8 with BOM, UTF-8, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8-BOM"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "GB18030"


def _read_csv(path: Path) -> Sheet:
    data = path.read_bytes()
    try:
        text, encoding = decode_csv(data)
    except UnicodeDecodeError as exc:
        raise SheetProblem(
            f"{path}: 无法识别的文本编码 (neither UTF-8 nor GBK/GB18030), 字节位置 (at byte) {exc.start}"
        ) from exc
    if "\x00" in text:
        raise SheetProblem(f"{path}: 含有 NUL 字节，不是文本 CSV (contains NUL bytes: not a text CSV; UTF-16?)")
    first_line = text.split("\n", 1)[0]
    # Some exports are tab-separated but still called .csv.
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise SheetProblem(f"{path}: CSV 格式错误 (malformed CSV): {exc}") from exc
    return Sheet(rows=rows, encoding=encoding)
