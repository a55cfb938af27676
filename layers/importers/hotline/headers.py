"""Column headers of 12345 dispatch sheets: our field for each header a sheet may carry.

Sheets come from different versions of the 12345 platform and from hand-made Excel exports, so the
same column is spelled several ways ("工单编号", "工单号", "工单编号（必填）", "来电 时间"). A header is
normalised (NFKC turns full-width letters, digits and brackets into half-width; whitespace, "*"
markers and bracketed notes are dropped; Latin letters lower-cased) and then looked up in VARIANTS.
"""

import re
import unicodedata

# field -> the header we print, then the known variants (already in normalised form).
REQUIRED = ["ticket_no", "received_at", "description", "address", "category", "dispatched_at", "due_at"]
OPTIONAL = ["complainant_name", "complainant_phone", "lon", "lat", "crs", "handling_unit", "satisfaction"]
VARIANTS: dict[str, list[str]] = {
    "ticket_no": ["工单编号", "工单号", "工单编码", "受理编号", "受理单号", "工单号码"],
    "received_at": ["来电时间", "受理时间", "来电日期", "诉求时间", "反映时间", "登记时间", "来电受理时间"],
    "description": ["诉求内容", "反映内容", "问题描述", "来电内容", "诉求描述", "工单内容", "诉求详情"],
    "address": ["诉求地址", "事发地址", "问题地址", "事发地点", "诉求地点", "地址"],
    "category": ["问题分类", "诉求分类", "问题类型", "诉求类别", "工单分类", "分类", "问题类别"],
    "dispatched_at": ["派单时间", "派发时间", "下派时间", "转派时间", "派单日期"],
    "due_at": ["办理时限", "办结时限", "处理时限", "办理期限", "截止时间", "时限"],
    "complainant_name": ["诉求人", "来电人", "来电人姓名", "诉求人姓名", "姓名", "反映人"],
    "complainant_phone": ["联系电话", "来电号码", "联系方式", "电话", "手机号", "手机号码", "诉求人电话"],
    "lon": ["经度", "lon", "lng", "longitude", "x坐标"],
    "lat": ["纬度", "lat", "latitude", "y坐标"],
    "crs": ["坐标系", "坐标类型", "坐标系统", "crs"],
    "handling_unit": ["承办单位", "主办单位", "承办部门", "责任单位", "办理单位"],
    "satisfaction": ["回访满意度", "满意度", "回访结果", "满意度评价"],
}
LABELS = {field: variants[0] for field, variants in VARIANTS.items()}
_BY_HEADER = {variant: field for field, variants in VARIANTS.items() for variant in variants}
# "(必填)", "【选填】", "(yyyy-mm-dd)": notes a template adds to a header, not part of its name.
_NOTES = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_NOISE = re.compile(r"[\s*:：]+")
# How many rows above the header a sheet may carry (export title, date range, blank lines).
HEADER_SEARCH_ROWS = 10


class HeaderProblem(Exception):
    """The header row cannot be understood; the message names the headers missing and found."""


def normalise(header) -> str:
    """Comparable form of a header cell: NFKC, no notes or spaces, Latin lower-cased."""
    text = unicodedata.normalize("NFKC", str(header or ""))
    return _NOISE.sub("", _NOTES.sub("", text)).lower()


def field_of(header) -> str | None:
    return _BY_HEADER.get(normalise(header))


def map_headers(cells: list) -> dict[str, int]:
    """Our field -> column index for one header row. Raises HeaderProblem for a field given twice."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = field_of(cell)
        if field is None:
            continue
        if field in columns:
            raise HeaderProblem(
                f"两列都对应 {LABELS[field]} (two columns map to {LABELS[field]}): "
                f"{cells[columns[field]]!r} 与 (and) {cell!r}; 请删除其中一列 (remove one)"
            )
        columns[field] = index
    return columns


def find_header(rows: list[list]) -> tuple[int, dict[str, int]]:
    """(index of the header row among `rows`, its column map); the first row naming 工单编号 wins.

    Raises HeaderProblem naming every required header that is missing and listing the headers found.
    """
    best: tuple[int, dict[str, int]] | None = None
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = map_headers(cells)
        if "ticket_no" in columns or (best is None and columns):
            best = (index, columns)
        if "ticket_no" in columns:
            break
    if best is None:
        found = [str(c) for c in (rows[0] if rows else []) if str(c or "").strip()]
        raise HeaderProblem(
            f"未找到表头 (no header row found in the first {HEADER_SEARCH_ROWS} rows); 找到 (found): {found}"
        )
    index, columns = best
    missing = [LABELS[field] for field in REQUIRED if field not in columns]
    if missing:
        found = [str(c) for c in rows[index] if str(c or "").strip()]
        raise HeaderProblem(
            f"缺少必需列 (missing required columns): {', '.join(missing)}; 表头第 {index + 1} 行的列 "
            f"(headers found in row {index + 1}): {', '.join(found)}"
        )
    return index, columns
