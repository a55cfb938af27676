"""Reads of the office case desk (/desk/): the case search and the lists its pages offer.

The desk is the 接诉即办 office's screen (who may open it: layers.permissions.may_use_desk). Its
search answers over the cases the user may read (Complaint.objects.visible_to, the one 四包 scope,
asked ids first so that it stays an index search), with the filters of DeskSearch (desk_search.py
parses them from the query string); "overdue" is the QuerySet's overdue_q and the review filter is
the review queue of layers.selectors.cases. Free text and address use the character-pair index of
migration 0021_desk (why pairs, not pg_trgm, is said there); the phone number is matched exactly on
its digits. One page of it, with its count, is desk_page.py.

Personal data a reader sees masked is never searchable by them (whole_scope): a phone is searched
only among the cases whose phone the user sees whole, and words are matched against the text as the
user reads it — whole on those cases, masked (layers_mask_personal, layers/privacy) on the others —
so a search cannot confirm a number, a name or an ID the page hides.
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

from layers.models import Category, Complaint, ComplaintEvent, Department, Role, SavedFilter, StaffProfile
from layers.models.complaint import overdue_q
from layers.permissions import HANDLER_ROLES, may_see_all_personal_data
from layers.privacy.sql import FUNCTION as MASK_FUNCTION
from layers.selectors.cases import review_queue
from layers.selectors.desk_search import NOBODY, DeskSearch

SORTS = {
    "received_desc": ("-received_at", "-id"),
    "received_asc": ("received_at", "id"),
    # Time left: the nearest deadline first; cases without one last.
    "due_asc": (F("due_at").asc(nulls_last=True), "id"),
}


def _array(function: str, expression) -> Func:
    return Func(expression, function=function, output_field=ArrayField(TextField()))


def _text(expression) -> Func:
    return Func(expression, function="layers_search_text", output_field=TextField())


def _masked(column: str) -> Func:
    # The column as a reader who may not see its personal data reads it (layers.privacy.sql).
    own = (F(column), F("complainant_name"), F("complainant_phone"))
    return Func(*own, function=MASK_FUNCTION, output_field=TextField())


def text_match(column: str, terms: tuple[str, ...], indexed: bool = True, masked: bool = False) -> Q:
    """Every term occurs in the column (normalised), asked in one of two equivalent ways:
    - indexed: through the pair index (layers_search_grams @> the term's pairs), for a plan that
      gathers the matches from the index; exact for terms of one or two characters, and a longer
      term's pairs might lie apart, so its rows are checked with strpos as well;
    - not indexed: strpos alone, for a plan that reads cases in order and tests each (a few µs a row,
      where computing a row's pairs costs ~30 µs).
    masked: in the column as masked for a reader who may not see its personal data (strpos on the
    masked text; only for the few cases a user took in but does not handle, by their ids)."""
    condition = Q()
    for term in terms:
        if masked:
            condition &= Q(GreaterThan(StrIndex(_text(_masked(column)), _text(Value(term))), 0))
            continue
        contains = Q(GreaterThan(StrIndex(_text(F(column)), _text(Value(term))), 0))
        if indexed:
            pairs = _array("layers_search_grams", F(column))
            wanted = _array("layers_search_query_grams", Value(term))
            condition &= Q(DataContains(pairs, wanted)) & (contains if len(term) > 2 else Q())
        else:
            condition &= contains
    return condition


def text_terms_q(search: DeskSearch, indexed: bool = True, masked: bool = False) -> Q:
    description = text_match("description", search.text, indexed, masked)
    return description & text_match("address", search.address, indexed, masked)


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


def _what(search: DeskSearch, now: datetime) -> Q:
    # Each part only when its filter is set (the `and` short-circuits the others away).
    parts = [
        search.ticket and Q(ticket_no=search.ticket),
        search.phone and phone_match(search.phone),
        search.statuses and Q(status__in=search.statuses),
        search.overdue and overdue_q(now),
        search.sishi_type and Q(sishi_type=search.sishi_type),
        search.received_from and Q(received_at__gte=search.received_from),
        search.received_until and Q(received_at__lt=search.received_until),
    ]
    return reduce(and_, [part for part in parts if part], Q())


def whole_scope(user) -> QuerySet:
    """The cases whose personal data `user` sees whole (may_see_personal_data): of the cases a desk
    user reads, those they handle (四包), i.e. all but those they only took in. A phone search
    looks only here, and words are matched whole only here."""
    return Complaint.objects.visible_to(user, include_own=False, ids_first=True)


def masked_only(user) -> list[int]:
    """The ids of the cases `user` reads with their personal data masked: those they took in but do
    not handle (none for the roles that see every case's personal data). Few: a user's own
    intakes outside their scope."""
    if may_see_all_personal_data(user):
        return []
    took_in = set(ComplaintEvent.objects.filter(actor=user, from_status="").values_list("complaint_id", flat=True))
    handled = set(whole_scope(user).filter(pk__in=took_in).values_list("pk", flat=True)) if took_in else set()
    return sorted(took_in - handled)


def _scope(user, search: DeskSearch, indexed: bool) -> QuerySet:
    """The cases the search looks in, its words matched as the user reads each case (whole_scope)."""
    if search.phone:
        scope = whole_scope(user).filter(text_terms_q(search, indexed))
    elif search.text or search.address:
        scope = whole_scope(user).filter(text_terms_q(search, indexed))
        masked = masked_only(user)
        if masked:
            scope |= Complaint.objects.filter(Q(pk__in=masked) & text_terms_q(search, masked=True))
    else:
        scope = Complaint.objects.visible_to(user, ids_first=True)
    return review_queue(scope) if search.review else scope


def desk_cases(user, search: DeskSearch, now: datetime | None = None, indexed_words: bool = True) -> QuerySet:
    """The cases of the search that user may read, in the search's order (not yet paged); words
    asked as text_match says (indexed_words), for the plan desk_page chose."""
    now = now or timezone.now()
    scope = _scope(user, search, indexed_words)
    return scope.filter(_what(search, now) & _who(search)).order_by(*SORTS[search.sort])


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
