"""Reads of the office case desk (/desk/): the case search, one page of it, and who may use the desk.

The desk is the 接诉即办 office's screen (department staff, community cadres, leaders, admins). Its
search answers over the cases the user may read, with the filters of DeskSearch (desk_search.py
parses them from the query string). Free text and address use the character-pair index of migration
0021 (why pairs, not pg_trgm, is said there); the phone number is matched exactly on its digits, and
only among the cases whose phone the user sees whole (phone_scope). One page of it, with its
count, is desk_page.py.

Which cases a user may read, which are "running" and which are overdue is asked here, in the three
functions below and nowhere else in the desk (at the merge with the layering work they become
Complaint.objects.visible_to(user) and the QuerySet's running()/overdue(now)).
"""

from datetime import datetime
from functools import reduce
from operator import and_

from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import DataContains
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import Exact, GreaterThan
from django.utils import timezone

from layers.models import (
    Category,
    Community,
    Complaint,
    ComplaintEvent,
    Department,
    GridCell,
    Role,
    SavedFilter,
    StaffProfile,
)
from layers.models.complaint import RUNNING_STATUSES
from layers.permissions import HANDLER_ROLES, WHOLE_SUBDISTRICT_ROLES, role_of
from layers.selectors.desk_search import NOBODY, DeskSearch

# The desk serves the office and the units that handle cases at sub-district level; grid workers
# work from their phone page (/m/), planners and agencies only read (the map, exports).
DESK_ROLES = frozenset({Role.LEADER, Role.DEPARTMENT, Role.CADRE, Role.ADMIN})
SORTS = {
    "received_desc": ("-received_at", "-id"),
    "received_asc": ("received_at", "id"),
    # Time left: the nearest deadline first; cases without one last.
    "due_asc": (F("due_at").asc(nulls_last=True), "id"),
}


def may_use_desk(user) -> bool:
    return role_of(user) in DESK_ROLES


def _responsible(user, role) -> Q | None:
    """scope_complaints' rule (layers/api/cases/scoping.py), with the user's cells and communities
    looked up first: each branch is then a condition on one indexed column of the case, so the
    planner can combine them (BitmapOr) instead of testing a join row by row."""
    staff = getattr(user, "staff", None)
    if role == Role.GRID_WORKER:
        cells = list(GridCell.objects.filter(grid_worker=user).values_list("pk", flat=True))
        return Q(grid_cell_id__in=cells) | Q(assignee=user)
    if role == Role.CADRE:
        return Q(community_id=staff.community_id) | Q(assignee=user)
    if role == Role.DEPARTMENT:
        department = staff.department_id
        communities = list(Community.objects.filter(department_id=department).values_list("pk", flat=True))
        return Q(community_id__in=communities) | Q(assigned_department_id=department) | Q(assignee=user)
    return None


def visible_cases(user, include_own: bool = True) -> QuerySet:
    """The cases user may read (include_own) or act on: the 四包 scope every case read passes.

    The same rule as scope_complaints (tests/layers/selectors/test_desk.py holds them equal for every
    role), written so that a scoped user's search stays an index search: the cases the user took in
    (their first event's actor) are looked up first too, instead of an EXISTS tested on every row,
    which no index can serve (600,000 cases: a cadre's first page 340 ms -> a few ms).
    """
    role = role_of(user)
    if role in WHOLE_SUBDISTRICT_ROLES:
        return Complaint.objects.all()
    condition = _responsible(user, role)
    if condition is None:
        return Complaint.objects.none()
    if include_own:
        took_in = ComplaintEvent.objects.filter(actor=user, from_status="").values_list("complaint_id", flat=True)
        condition |= Q(pk__in=list(took_in))
    return Complaint.objects.filter(condition)


def running_q() -> Q:
    """Cases whose time limit runs (the desk's "open" and the base of overdue)."""
    return Q(status__in=RUNNING_STATUSES)


def overdue_q(now: datetime) -> Q:
    return running_q() & Q(due_at__lt=now)


def _array(function: str, expression) -> Func:
    return Func(expression, function=function, output_field=ArrayField(TextField()))


def _text(expression) -> Func:
    return Func(expression, function="layers_search_text", output_field=TextField())


def text_match(column: str, terms: tuple[str, ...], indexed: bool = True) -> Q:
    """Every term occurs in the column (normalised), asked in one of two equivalent ways:
    - indexed: through the pair index (layers_search_grams @> the term's pairs), for a plan that
      gathers the matches from the index; exact for terms of one or two characters, and a longer
      term's pairs might lie apart, so its rows are checked with strpos as well;
    - not indexed: strpos alone, for a plan that reads cases in order and tests each (a few µs a row,
      where computing a row's pairs costs ~30 µs)."""
    condition = Q()
    for term in terms:
        contains = Q(GreaterThan(StrIndex(_text(F(column)), _text(Value(term))), 0))
        if indexed:
            pairs = _array("layers_search_grams", F(column))
            wanted = _array("layers_search_query_grams", Value(term))
            condition &= Q(DataContains(pairs, wanted)) & (contains if len(term) > 2 else Q())
        else:
            condition &= contains
    return condition


def text_terms_q(search: DeskSearch, indexed: bool = True) -> Q:
    return text_match("description", search.text, indexed) & text_match("address", search.address, indexed)


def phone_match(phone: str) -> Q:
    digits = Func(F("complainant_phone"), function="layers_phone_digits", output_field=TextField())
    wanted = Func(Value(phone), function="layers_phone_digits", output_field=TextField())
    return Q(Exact(digits, wanted))


def _pk_of(model, **key) -> int:
    # Codes and user names become ids first: a condition on the case's own indexed column (with its
    # statistics) rather than a join the planner has to guess through. An unknown one finds nothing.
    found = model.objects.filter(**key).values_list("pk", flat=True).first()
    return found if found is not None else 0


def _who(search: DeskSearch) -> Q:
    condition = Q()
    if search.assignee == NOBODY:
        condition &= Q(assignee__isnull=True)
    elif search.assignee:
        condition &= Q(assignee_id=_pk_of(get_user_model(), username=search.assignee))
    if search.department == NOBODY:
        condition &= Q(assigned_department__isnull=True)
    elif search.department:
        condition &= Q(assigned_department_id=_pk_of(Department, code=search.department))
    if search.category:
        condition &= Q(category_id=_pk_of(Category, code=search.category))
    return condition


def _what(search: DeskSearch, now: datetime, indexed: bool) -> Q:
    # Each part only when its filter is set (the `and` short-circuits the others away).
    parts = [
        search.ticket and Q(ticket_no=search.ticket),
        search.phone and phone_match(search.phone),
        (search.text or search.address) and text_terms_q(search, indexed),
        search.statuses and Q(status__in=search.statuses),
        search.overdue and overdue_q(now),
        search.sishi_type and Q(sishi_type=search.sishi_type),
        search.received_from and Q(received_at__gte=search.received_from),
        search.received_until and Q(received_at__lt=search.received_until),
    ]
    return reduce(and_, [part for part in parts if part], Q())


def phone_scope(user) -> QuerySet:
    """The cases a phone search looks in: those whose phone `user` sees whole (personal_data), i.e.
    the cases they are responsible for, not those they only took in. So the search never confirms a
    number on a case that shows it masked, and masked digits cannot be guessed by searching."""
    return visible_cases(user, include_own=False)


def desk_cases(user, search: DeskSearch, now: datetime | None = None, indexed_words: bool = True) -> QuerySet:
    """The cases of the search that user may read, in the search's order (not yet paged); words
    asked as text_match says (indexed_words), for the plan desk_page chose."""
    now = now or timezone.now()
    base = phone_scope(user) if search.phone else visible_cases(user)
    return base.filter(_what(search, now, indexed_words) & _who(search)).order_by(*SORTS[search.sort])


def saved_filters(owner) -> QuerySet:
    """The user's saved filters (常用筛选), by name; nobody else's."""
    return SavedFilter.objects.filter(owner=owner).order_by("name")


def handlers() -> list[dict]:
    """Who a case can be given to: active staff of a handling role, by unit then name (plain values:
    the list goes to the page as JSON, and no community's boundary is read for it)."""
    rows = StaffProfile.objects.filter(role__in=HANDLER_ROLES, user__is_active=True).values_list(
        "user__username", "display_name", "role", "department__name", "community__name"
    )
    labels = dict(Role.choices)
    found = [
        {"username": username, "name": name or username, "role": str(labels[role]), "unit": dept or community or ""}
        for username, name, role, dept, community in rows
    ]
    return sorted(found, key=lambda row: (row["unit"], row["name"]))
