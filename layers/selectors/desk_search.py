"""The desk's search as a value: parsed from the query string, checked, and written back to one.

parse_search() reads the parameters of /desk/ (and of a saved filter's query);
every problem is reported under the parameter's name with what was expected, in Chinese (gettext
msgids), and nothing is searched while any is left. to_query() writes a search back as the canonical
query string: what a saved filter keeps and what the page's links carry.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from layers.models import Complaint, SishiType

# "Nobody": the assignee or department filter asking for cases that have none.
NOBODY = "none"
SORT_NAMES = ("received_desc", "received_asc", "due_asc")
PARAMETERS = (
    "ticket",
    "phone",
    "q",
    "address",
    "assignee",
    "department",
    "status",
    "overdue",
    "review",
    "sishi_type",
    "category",
    "from",
    "until",
    "sort",
    "page",
)
# Bounded offset paging: 50 rows a page, at most 40 pages deep (layers/selectors/desk_page.py): a
# desk works from the first pages of a narrow search; 2,000 rows deep is a search to narrow.
PAGE_SIZE = 50
MAX_PAGES = 40
# Longest search term: a term longer than a sentence is a paste, not a search.
MAX_TERM = 50
MAX_TERMS = 5


@dataclass(frozen=True)
class DeskSearch:
    ticket: str = ""
    phone: str = ""
    text: tuple[str, ...] = ()
    address: tuple[str, ...] = ()
    assignee: str = ""
    department: str = ""
    statuses: tuple[str, ...] = ()
    overdue: bool = False
    # The review queue (待人工核定): cases intake could not place, classify or time with certainty.
    review: bool = False
    sishi_type: str = ""
    category: str = ""
    received_from: datetime | None = None
    received_until: datetime | None = None  # exclusive: the day after the last day asked for
    sort: str = "received_desc"
    page: int = 1
    # The query string's own values for from/until, written back unchanged.
    days: tuple[str, str] = field(default=("", ""), compare=False)

    def with_page(self, page: int) -> "DeskSearch":
        return replace(self, page=page)

    def query(self, page: bool = True) -> str:
        """The canonical query string (to_query): what a saved filter keeps."""
        return to_query(self, page)


def _terms(name: str, raw: str, errors: dict) -> tuple[str, ...]:
    terms = tuple(dict.fromkeys(raw.split()))
    if len(terms) > MAX_TERMS or any(len(term) > MAX_TERM for term in terms):
        errors[name] = _("最多 %(n)d 个词，每个词不超过 %(length)d 个字") % {"n": MAX_TERMS, "length": MAX_TERM}
    return terms


def _phone(raw: str, errors: dict) -> str:
    digits = [ch for ch in raw if ch.isdigit()]
    # A whole number only (a local landline has 8 digits): searching by part of a number, or with
    # wildcards, would let anyone recover the digits a masked number hides.
    if raw and (not 8 <= len(digits) <= 15 or set(raw) - set("0123456789 -+()")):
        errors["phone"] = _("请输入完整的电话号码（8至15位数字），不支持部分号码或通配符查询")
    return raw.strip()


def _statuses(values: list[str], errors: dict) -> tuple[str, ...]:
    statuses = tuple(dict.fromkeys(v for raw in values for v in raw.split(",") if v))
    bad = [s for s in statuses if s not in Complaint.Status.values]
    if bad:
        errors["status"] = _("未知状态：%(bad)s") % {"bad": "、".join(bad)}
    return statuses


def _day(name: str, raw: str, errors: dict):
    if not raw:
        return None
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None:
        errors[name] = _("应为日期 YYYY-MM-DD，收到 %(raw)s") % {"raw": raw}
    return day


def _choice(name: str, raw: str, choices, errors: dict) -> str:
    if raw and raw not in choices:
        errors[name] = _("未知取值：%(raw)s") % {"raw": raw}
    return raw


def _page(raw: str, errors: dict) -> int:
    if not raw:
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGES:
        errors["page"] = _("页码应在 1 至 %(max)d 之间；请缩小查询范围") % {"max": MAX_PAGES}
        return 1
    return int(raw)


def _dates(get, errors: dict) -> dict:
    start, end = _day("from", get("from"), errors), _day("until", get("until"), errors)
    if start and end and end < start:
        errors["until"] = _("结束日期早于开始日期")
    aware = timezone.get_current_timezone()
    return {
        "received_from": datetime.combine(start, time.min, aware) if start else None,
        "received_until": datetime.combine(end + timedelta(days=1), time.min, aware) if end else None,
        "days": (get("from"), get("until")),
    }


def parse_search(params) -> DeskSearch:
    """A DeskSearch from a QueryDict (or a dict of strings); ValidationError naming each bad parameter."""
    errors = {}
    unknown = sorted(set(params) - set(PARAMETERS))
    for name in unknown:
        errors[name] = _("未知的查询参数")

    def get(name):
        return (params.get(name) or "").strip()

    statuses = params.getlist("status") if hasattr(params, "getlist") else [params.get("status") or ""]
    search = DeskSearch(
        ticket=get("ticket"),
        phone=_phone(get("phone"), errors),
        text=_terms("q", get("q"), errors),
        address=_terms("address", get("address"), errors),
        assignee=get("assignee"),
        department=get("department"),
        statuses=_statuses(statuses, errors),
        overdue=_choice("overdue", get("overdue"), ("1", "0"), errors) == "1",
        review=_choice("review", get("review"), ("1", "0"), errors) == "1",
        sishi_type=_choice("sishi_type", get("sishi_type"), SishiType.values, errors),
        category=get("category"),
        sort=_choice("sort", get("sort"), SORT_NAMES, errors) or "received_desc",
        page=_page(get("page"), errors),
        **_dates(get, errors),
    )
    if errors:
        raise ValidationError(errors)
    return search


def to_query(search: DeskSearch, page: bool = True) -> str:
    """The canonical query string of a search (without the page unless asked)."""
    pairs = [
        ("ticket", search.ticket),
        ("phone", search.phone),
        ("q", " ".join(search.text)),
        ("address", " ".join(search.address)),
        ("assignee", search.assignee),
        ("department", search.department),
        *(("status", s) for s in search.statuses),
        ("overdue", "1" if search.overdue else ""),
        ("review", "1" if search.review else ""),
        ("sishi_type", search.sishi_type),
        ("category", search.category),
        ("from", search.days[0]),
        ("until", search.days[1]),
        ("sort", "" if search.sort == "received_desc" else search.sort),
    ]
    if page and search.page > 1:
        pairs.append(("page", str(search.page)))
    return urlencode([(name, value) for name, value in pairs if value])
