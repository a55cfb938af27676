"""One page of the desk's search: its plan, its 50 rows (names, personal data, time left), its count.

Two plans, chosen per search from the planner's own estimate of how many cases match:
- few matches (up to GATHER_ROWS): gather them all from the indexes (WITH … MATERIALIZED, so every
  condition is answered by its index — the pair index for words, the scope's columns, a status, a
  department — and combined as bitmaps), sort them and count them in one query. Its cost follows
  the number of matches, so a search that matches nothing is instant;
- many matches: read the cases in the page's order and test each until the page is full; a broad
  search fills it within a few hundred rows. Words are tested here with strpos (a few µs a row),
  not by computing the row's character pairs (~30 µs).
Left to itself the planner takes the second plan too often: it multiplies selectivities as if
independent (a department filter inside a department's own scope: 1/144 expected, nothing found)
and prices a word test as a few operators, so a rare word or a correlated filter read the whole
table (1.3–3 s over 600,000 cases). The estimate that chooses is the planner's for the search
without its words, times the share of cases holding its words (word_share, from the pair index's
statistics): the planner would multiply the shares of a word's pairs (卢沟, 沟桥, 桥路
each in 5 %: 0.01 %), but they come together. When the gathered matches exceed the limit after all
(the estimate was low), the page falls back to the second plan. A deep page of a broad search is
gathered too when reading in order would test more rows than there are matches (gather_limit).
bench/desk_search.py measures every filter this way (bench/RESULTS.md).
"""

from dataclasses import dataclass, replace
from datetime import datetime

from django.db import connection
from django.utils import timezone

from layers.models import Complaint
from layers.models.complaint import RUNNING_STATUSES
from layers.selectors.cases import case_text, personal_data
from layers.selectors.desk import desk_cases
from layers.selectors.desk_search import MAX_PAGES, PAGE_SIZE, DeskSearch

COUNT_CAP = PAGE_SIZE * MAX_PAGES
# Gathering 20,000 matches from the indexes costs ~70 ms on the bench machine (bench/RESULTS.md).
GATHER_ROWS = 20_000
# A deep page may gather more (gather_limit), never more than this.
MAX_GATHERED = 60_000
# The sorts of layers.selectors.desk.SORTS, as the ORDER BY of the gathered matches.
SORT_SQL = {
    "received_desc": "received_at DESC, id DESC",
    "received_asc": "received_at, id",
    "due_asc": "due_at ASC NULLS LAST, id",
}


@dataclass(frozen=True)
class DeskRow:
    complaint: Complaint
    personal: dict  # personal_data(): the complainant's name and phone as the user may see them
    description: str  # the free text as the user may read it (case_text: masked unless they handle it)
    address: str
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
    # table, and the joins (names, and what personal_data() and case_text() ask) touch 50 rows only.
    found = Complaint.objects.filter(pk__in=ids).select_related(
        "category", "assigned_department", "assignee__staff", "community", "grid_cell"
    )
    found = found.defer("location", "community__geom", "grid_cell__geom")
    by_id = {c.pk: c for c in found}
    rows = []
    for pk in ids:
        c = by_id[pk]
        running = c.status in RUNNING_STATUSES and c.due_at is not None
        left = (c.due_at - now).total_seconds() if running else None
        text = case_text(user, c)
        rows.append(DeskRow(c, personal_data(user, c), text(c.description), text(c.address), c.is_overdue(now), left))
    return rows


def estimated_rows(queryset) -> int:
    """The planner's estimate of how many rows the queryset matches (its statistics; nothing is read)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    return int(plan[0]["Plan"]["Plan Rows"])


def _pair_shares(index: str) -> tuple[dict[str, float], float]:
    """The share of cases holding each common character pair (the index's statistics), and the share
    PostgreSQL assumes for a pair not among them (half the least common listed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats WHERE tablename = %s",
            [index],
        )
        row = cursor.fetchone()
    if row is None or not row[0]:
        return {}, 1.0  # not analysed yet: assume nothing
    elements, shares = row
    return dict(zip(elements, shares, strict=False)), shares[-3] / 2


def _pairs(term: str) -> list[str]:
    # As layers_search_text normalises (migration 0021): only for estimating.
    text = "".join(term.split()).lower()
    text = text.translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B)})
    return [text[i : i + 2] for i in range(len(text) - 1)] or [text]


def word_share(search: DeskSearch) -> float:
    """The share of cases expected to hold the search's words (1.0 without words). Within a field, that
    of its rarest word, itself that of the word's rarest pair (words asked together tend to come
    together); between 诉求内容 and 地址, the product (what is said and where say different things)."""
    share = 1.0
    for terms, index in ((search.text, "complaint_description_grams"), (search.address, "complaint_address_grams")):
        if terms:
            known, unknown = _pair_shares(index)
            share *= min(min(known.get(pair, unknown) for pair in _pairs(term)) for term in terms)
    return share


def _table_rows() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT greatest(reltuples, 1) FROM pg_class WHERE oid = 'layers_complaint'::regclass")
        return float(cursor.fetchone()[0])


def expected_matches(user, search: DeskSearch, now: datetime) -> float:
    without_words = replace(search, text=(), address=())
    return estimated_rows(desk_cases(user, without_words, now)) * word_share(search)


def _gathered(cases, search: DeskSearch, start: int, limit: int) -> tuple[list[int], int] | None:
    """(the page's ids, the number of matches) from all matches gathered, sorted and counted in one
    query; None when there are more than `limit` of them after all."""
    sql, params = cases.order_by().values("id", "received_at", "due_at").query.sql_with_params()
    query = (
        f"WITH hits AS MATERIALIZED ({sql} LIMIT %s) SELECT id, count(*) OVER () FROM hits"
        f" ORDER BY {SORT_SQL[search.sort]} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, limit + 1, PAGE_SIZE, start])
        rows = cursor.fetchall()
        if not rows and start == 0:
            return [], 0
        if not rows:  # a page past the last: how many there are
            cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT %s) hits", [*params, limit + 1])
            count = cursor.fetchone()[0]
        else:
            count = rows[0][1]
    return None if count > limit else ([pk for pk, _ in rows], count)


def _ordered(user, search: DeskSearch, now: datetime, start: int) -> tuple[list[int], int]:
    """The page read in order, words tested by strpos; the count (no order, up to COUNT_CAP) from
    the indexes, words through the pair index: counting to 2,000 is then 2,000 rows fetched, not the
    tens of thousands read and tested before them."""
    ids = list(
        desk_cases(user, search, now, indexed_words=False).values_list("id", flat=True)[start : start + PAGE_SIZE]
    )
    if len(ids) < PAGE_SIZE and (ids or search.page == 1):
        return ids, start + len(ids)  # the last page tells the count without counting
    return ids, desk_cases(user, search, now).order_by()[: COUNT_CAP + 1].count()


def gather_limit(expected: float, start: int, total: float) -> int | None:
    """How many matches to gather at most, or None to read in order instead. Gathered: few expected
    matches (GATHER_ROWS), or a page so deep that reading in order would test more rows than there
    are matches to gather (twice as many: a row read in order costs about twice a gathered one)."""
    in_order = (start + PAGE_SIZE) * total / max(expected, 1.0)
    if expected <= GATHER_ROWS or expected <= 2 * in_order:
        return min(MAX_GATHERED, max(GATHER_ROWS, int(expected * 1.5)))
    return None


def desk_page(user, search: DeskSearch, now: datetime | None = None) -> DeskPage:
    """One page of the search: its rows with personal data as user may see it, and the capped count."""
    now = now or timezone.now()
    start = (search.page - 1) * PAGE_SIZE
    limit = gather_limit(expected_matches(user, search, now), start, _table_rows())
    found = _gathered(desk_cases(user, search, now), search, start, limit) if limit else None
    if found is None:
        found = _ordered(user, search, now, start)
    ids, count = found
    return DeskPage(_rows(user, ids, now), search.page, min(count, COUNT_CAP), count > COUNT_CAP)
