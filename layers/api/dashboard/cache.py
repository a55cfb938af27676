"""A short per-process cache of the dashboard's answers, keyed by what they depend on.

Key = (figure, validated filter, reader's scope, data version, time bucket):
- data version: the newest complaint, complaint event, community, grid cell and estate ids, read in
  one statement from the primary keys' indexes (< 1 ms). A new complaint or any status change (every
  transition writes a ComplaintEvent) gives a new key, so a leader never waits for a TTL to see them.
  max(updated_at) would also catch the few writes that log no event (spatial re-assignment, the
  hotline's dispatch stamp), but without an index on updated_at it reads the whole table (0.2-0.4 s
  on 600,000 complaints), more than the answers it would save.
- time bucket (BUCKET_SECONDS): the figures depend on the clock too ("overdue" is due_at < now; 三率
  are judged as of now), and on the writes above that log no event. An answer is therefore at most
  one bucket old on those counts only; the buckets are aligned on the epoch, so every worker
  process derives the same key, and the ETag made from it, for the same data.
The trade-off: up to a minute of staleness on clock-driven and event-less changes (and on a case
whose transaction took its id before, but committed after, a newer case's), for answers that
otherwise cost a district's window of complaints (0.5-1 s of database and CPU each) on every load.

Each process keeps MAX_ENTRIES answers (least recently used dropped first). Concurrent requests for
the same key in one process compute it once: the others wait for the first (single flight), so the
summary, choropleth and hotspots of one page load share one pass over the window (window.py).
"""

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.db import connection
from django.http import HttpResponseNotModified
from rest_framework.response import Response

from layers.permissions import sees_whole_subdistrict

BUCKET_SECONDS = 60
MAX_ENTRIES = 64
_VERSION_SQL = """
SELECT (SELECT max(id) FROM layers_complaint), (SELECT max(id) FROM layers_complaintevent),
       (SELECT max(id) FROM layers_community), (SELECT max(id) FROM layers_gridcell),
       (SELECT max(id) FROM layers_housingproject)
"""


def data_version() -> str:
    """The newest ids of the tables the figures read: changes with every new case or transition."""
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        return ":".join(str(v) for v in cursor.fetchone())


def tables_version(tables) -> str:
    """Row count, newest id and newest row version (xmin) of each table, in one statement: any
    committed insert, update or delete changes it (25 ms on 26,624 grid cells)."""
    # xmin is the id of the transaction that wrote the row version: a new one on every write.
    one = "SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(max(xmin::text::bigint), 0) FROM {}"
    sql = "SELECT " + ", ".join(f"({one.format(connection.ops.quote_name(t))})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return "/".join(cursor.fetchone())


def scope_key(user) -> str:
    """One shared entry for the roles that see the whole sub-district; one per reader otherwise."""
    return "all" if sees_whole_subdistrict(user) else f"user:{user.pk}"


def answer_key(figure: str, q: dict, user, version: str | None = None, now: float | None = None) -> str:
    """A hex digest naming one answer: the figure, the filter q, the scope, the data and the bucket."""
    bucket = int((time.time() if now is None else now) // BUCKET_SECONDS)
    parts = [figure, sorted((k, str(v)) for k, v in q.items()), scope_key(user), version or data_version(), bucket]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:32]


class Memo:
    """Least-recently-used answers by key, each computed once per process even under concurrency."""

    def __init__(self, size: int = MAX_ENTRIES):
        self.size = size
        self._values: OrderedDict[str, object] = OrderedDict()
        self._flights: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: str, compute: Callable[[], object]):
        """The value under key, computing it with compute() if absent (once, whoever asks at once)."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            flight = self._flights.setdefault(key, threading.Lock())
        with flight:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            try:
                value = compute()
                with self._lock:
                    self._values[key] = value
                    while len(self._values) > self.size:
                        self._values.popitem(last=False)
            finally:
                with self._lock:
                    self._flights.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


answers = Memo()


def conditional(request, key: str, compute: Callable[[], object]):
    """A Response of compute()'s data through `answers` under key, with the key as its ETag; 304 when
    the browser already holds it (If-None-Match)."""
    etag = f'"{key}"'
    # gzip_page weakens the ETag it sends (W/"..."); the browser sends that back.
    offered = {tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")}
    response = HttpResponseNotModified() if etag in offered else Response(answers.get(key, compute))
    response["ETag"] = etag
    # private: the answer depends on who asks; no-cache: always revalidate (the data moves every minute).
    response["Cache-Control"] = "private, no-cache"
    return response
