"""One page of the desk's search: its plan, its 50 rows (names, personal data, time left), its count.

Two plans, chosen per search, because the best one depends on how many cases match:
- Most searches are plain conditions on indexed columns of the case: PostgreSQL's planner chooses
  well from its statistics (read in received order and stop at 50, or gather the matches and sort).
- A word search (诉求内容, 地址) is different: testing the words on a row means computing its
  character pairs, ~30 µs a row, and the planner, left to itself, would rather read cases newest
  first and test each until 50 match — 1 s and more for a word in 1 % of the cases. So a word
  search gathers its matches from the pair index first (WITH … MATERIALIZED: the bitmap of the
  index, never a row-by-row test), then sorts them, and counts them in the same query. Only a word
  so common that gathering would cost more than the row-by-row test (more than BROAD_ROWS matches by
  the planner's estimate, i.e. over 3 % of 600,000) goes the other way: there the first 50 matches
  come within a few hundred rows.
bench/desk_search.py measures both (bench/RESULTS.md).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils import timezone

from layers.models import Complaint
from layers.selectors.cases import OPEN_STATUSES, personal_data
from layers.selectors.desk import desk_cases, text_terms_q
from layers.selectors.desk_search import MAX_PAGES, PAGE_SIZE, DeskSearch

COUNT_CAP = PAGE_SIZE * MAX_PAGES
BROAD_ROWS = 20_000
# The sorts of layers.selectors.desk.SORTS, as the ORDER BY of the gathered matches.
SORT_SQL = {
    "received_desc": "received_at DESC, id DESC",
    "received_asc": "received_at, id",
    "due_asc": "due_at ASC NULLS LAST, id",
}


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


def estimated_rows(queryset) -> int:
    """The planner's estimate of how many rows the queryset matches (its statistics; nothing is read)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    return int(plan[0]["Plan"]["Plan Rows"])


def _gathered(cases, search: DeskSearch, start: int) -> tuple[list[int], int]:
    """(the page's ids, the number of matches): every match first, then sorted and counted."""
    sql, params = cases.order_by().values("id", "received_at", "due_at").query.sql_with_params()
    query = (
        f"WITH hits AS MATERIALIZED ({sql}) SELECT id, count(*) OVER () FROM hits"
        f" ORDER BY {SORT_SQL[search.sort]} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, PAGE_SIZE, start])
        rows = cursor.fetchall()
        if rows:
            return [pk for pk, _ in rows], rows[0][1]
        cursor.execute(f"SELECT count(*) FROM ({sql}) hits", params)
        return [], cursor.fetchone()[0]


def _ordered(cases, search: DeskSearch, start: int) -> tuple[list[int], int]:
    ids = list(cases.values_list("id", flat=True)[start : start + PAGE_SIZE])
    if len(ids) < PAGE_SIZE and (ids or search.page == 1):
        return ids, start + len(ids)  # the last page tells the count without counting
    return ids, cases.order_by()[: COUNT_CAP + 1].count()


def word_search_gathers(search: DeskSearch) -> bool:
    """Whether this search's matches are gathered from the pair index (module docstring)."""
    if not (search.text or search.address):
        return False
    return estimated_rows(Complaint.objects.filter(text_terms_q(search))) <= BROAD_ROWS


def desk_page(user, search: DeskSearch, now: datetime | None = None) -> DeskPage:
    """One page of the search: its rows with personal data as user may see it, and the capped count."""
    now = now or timezone.now()
    cases = desk_cases(user, search, now)
    start = (search.page - 1) * PAGE_SIZE
    ids, count = (_gathered if word_search_gathers(search) else _ordered)(cases, search, start)
    return DeskPage(_rows(user, ids, now), search.page, min(count, COUNT_CAP), count > COUNT_CAP)
