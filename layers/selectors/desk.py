"""Reads of the office case desk (/desk/): the case search, one page of it, and who may use the desk.

The desk is the 接诉即办 office's screen (department staff, community cadres, leaders, admins). Its
search answers over the cases the user may read, with the filters of DeskSearch (desk_search.py
parses them from the query string). Free text and address use the character-pair index of migration
0014 (why pairs, not pg_trgm, is said there); the phone number is matched exactly on its digits, and
only among the cases whose phone the user sees whole (phone_scope). Pages are a bounded offset:
50 rows, at most MAX_PAGES deep, and the count stops at COUNT_CAP ("10,000+"), so no search pays
for counting half a million rows.

Which cases a user may read, which are "running" and which are overdue is asked here, in the three
functions below and nowhere else in the desk (at the merge with the layering work they become
Complaint.objects.visible_to(user) and the QuerySet's running()/overdue(now)).
"""

from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import and_

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import DataContains
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import Exact, GreaterThan
from django.utils import timezone

from layers.api.cases.scoping import HANDLER_ROLES, scope_complaints
from layers.models import Complaint, Role, SavedFilter, StaffProfile
from layers.scoping import role_of
from layers.selectors.cases import OPEN_STATUSES, personal_data
from layers.selectors.desk_search import MAX_PAGES, NOBODY, PAGE_SIZE, DeskSearch

# The desk serves the office and the units that handle cases at sub-district level; grid workers
# work from their phone page (/m/), planners and agencies only read (the map, exports).
DESK_ROLES = frozenset({Role.LEADER, Role.DEPARTMENT, Role.CADRE, Role.ADMIN})
COUNT_CAP = PAGE_SIZE * MAX_PAGES
SORTS = {
    "received_desc": ("-received_at", "-id"),
    "received_asc": ("received_at", "id"),
    # Time left: the nearest deadline first; cases without one last.
    "due_asc": (F("due_at").asc(nulls_last=True), "id"),
}


def may_use_desk(user) -> bool:
    return role_of(user) in DESK_ROLES


def visible_cases(user, include_own: bool = True) -> QuerySet:
    """The cases user may read (include_own) or act on: the 四包 scope every case read passes."""
    return scope_complaints(user, Complaint.objects.all(), include_own=include_own)


def running_q() -> Q:
    """Cases whose time limit runs (the desk's "open" and the base of overdue)."""
    return Q(status__in=OPEN_STATUSES)


def overdue_q(now: datetime) -> Q:
    return running_q() & Q(due_at__lt=now)


def _array(function: str, expression) -> Func:
    return Func(expression, function=function, output_field=ArrayField(TextField()))


def _text(expression) -> Func:
    return Func(expression, function="layers_search_text", output_field=TextField())


def text_match(column: str, terms: tuple[str, ...]) -> Q:
    """Every term occurs in the column (normalised): narrowed by the pair index, then checked exactly."""
    condition = Q()
    for term in terms:
        pairs = DataContains(_array("layers_search_grams", F(column)), _array("layers_search_query_grams", Value(term)))
        exact = GreaterThan(StrIndex(_text(F(column)), _text(Value(term))), 0)
        condition &= Q(pairs) & Q(exact)
    return condition


def phone_match(phone: str) -> Q:
    digits = Func(F("complainant_phone"), function="layers_phone_digits", output_field=TextField())
    wanted = Func(Value(phone), function="layers_phone_digits", output_field=TextField())
    # The empty-phone test lets the partial index complaint_phone_digits serve the search.
    return Q(Exact(digits, wanted)) & ~Q(complainant_phone="")


def _who(search: DeskSearch) -> Q:
    condition = Q()
    if search.assignee == NOBODY:
        condition &= Q(assignee__isnull=True)
    elif search.assignee:
        condition &= Q(assignee__username=search.assignee)
    if search.department == NOBODY:
        condition &= Q(assigned_department__isnull=True)
    elif search.department:
        condition &= Q(assigned_department__code=search.department)
    return condition


def _what(search: DeskSearch, now: datetime) -> Q:
    # Each part only when its filter is set (the `and` short-circuits the others away).
    parts = [
        search.ticket and Q(ticket_no=search.ticket),
        search.phone and phone_match(search.phone),
        search.text and text_match("description", search.text),
        # address <> '' lets the partial index complaint_address_grams serve it.
        search.address and ~Q(address="") & text_match("address", search.address),
        search.statuses and Q(status__in=search.statuses),
        search.overdue and overdue_q(now),
        search.sishi_type and Q(sishi_type=search.sishi_type),
        search.category and Q(category__code=search.category),
        search.received_from and Q(received_at__gte=search.received_from),
        search.received_until and Q(received_at__lt=search.received_until),
    ]
    return reduce(and_, [part for part in parts if part], Q())


def phone_scope(user) -> QuerySet:
    """The cases a phone search looks in: those whose phone `user` sees whole (personal_data), i.e.
    the cases they are responsible for, not those they only took in. So the search never confirms a
    number on a case that shows it masked, and masked digits cannot be guessed by searching."""
    return visible_cases(user, include_own=False)


def desk_cases(user, search: DeskSearch, now: datetime | None = None) -> QuerySet:
    """The cases of the search that user may read, in the search's order (not yet paged)."""
    now = now or timezone.now()
    base = phone_scope(user) if search.phone else visible_cases(user)
    return base.filter(_what(search, now) & _who(search)).order_by(*SORTS[search.sort])


@dataclass(frozen=True)
class DeskRow:
    complaint: Complaint
    personal: dict
    overdue: bool
    # Seconds to the deadline (negative when overdue); None when the time limit does not run.
    seconds_left: float | None


@dataclass(frozen=True)
class DeskPage:
    rows: list[DeskRow]
    page: int
    count: int  # up to COUNT_CAP
    more: bool  # more than COUNT_CAP matched

    @property
    def pages(self) -> int:
        return min(MAX_PAGES, max(1, -(-self.count // PAGE_SIZE)))


def _rows(user, ids: list[int], now: datetime) -> list[DeskRow]:
    # The page's rows are read by id in a second query: the search's plan stays a plain scan of one
    # table, and the joins (names, and what personal_data() asks) touch 50 rows only.
    found = Complaint.objects.filter(pk__in=ids).select_related(
        "category", "assigned_department", "assignee__staff", "community", "grid_cell"
    )
    found = found.defer("location", "community__geom", "grid_cell__geom")
    by_id = {c.pk: c for c in found}
    rows = []
    for pk in ids:
        c = by_id[pk]
        running = c.status in OPEN_STATUSES and c.due_at is not None
        left = (c.due_at - now).total_seconds() if running else None
        rows.append(DeskRow(c, personal_data(user, c), running and left < 0, left))
    return rows


def desk_page(user, search: DeskSearch, now: datetime | None = None) -> DeskPage:
    """One page of the search: its rows with personal data as user may see it, and the capped count."""
    now = now or timezone.now()
    cases = desk_cases(user, search, now)
    start = (search.page - 1) * PAGE_SIZE
    ids = list(cases.values_list("id", flat=True)[start : start + PAGE_SIZE])
    if len(ids) < PAGE_SIZE and (ids or search.page == 1):
        count = start + len(ids)  # the last page tells the count without counting
    else:
        count = cases.order_by()[: COUNT_CAP + 1].count()
    return DeskPage(_rows(user, ids, now), search.page, min(count, COUNT_CAP), count > COUNT_CAP)


def saved_filters(owner) -> QuerySet:
    """The user's saved filters (常用筛选), by name; nobody else's."""
    return SavedFilter.objects.filter(owner=owner).order_by("name")


def handlers() -> list[dict]:
    """Who a case can be given to: active staff of a handling role, by department then name."""
    profiles = StaffProfile.objects.filter(role__in=HANDLER_ROLES, user__is_active=True).select_related(
        "user", "department", "community"
    )
    rows = [
        {
            "username": p.user.get_username(),
            "name": p.display_name or p.user.get_username(),
            "role": p.get_role_display(),
            "unit": str(p.department or p.community or ""),
        }
        for p in profiles
    ]
    return sorted(rows, key=lambda row: (row["unit"], row["name"]))
