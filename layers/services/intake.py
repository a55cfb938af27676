"""The two statements of one intake (complaint_create): look up, then write.

1. lookup(): one SELECT answers whether the case is stored already (its client_uuid, else its
   ticket number), which feature of each layer contains its point (layers_locate, ids included),
   the routing facts of that place (layers_place, read by routing_place) and how often its estate
   had the same category lately (the 回头件 rule's count).
2. write(): one INSERT whose CTEs also append the first event and the related-case links. One
   statement is atomic by itself, so the intake needs no transaction (BEGIN and COMMIT are round
   trips too); ON CONFLICT DO NOTHING turns a rival's insert of the same client_uuid or ticket
   into "nothing inserted", and the caller then reads the rival's case.
Reference data (categories, rules, holidays) comes from the per-process cache (reference.py).
Measured on the demo data: ~21 round trips per intake before, two now (bench/RESULTS.md, intake second round).
"""

import functools
from dataclasses import dataclass, field

from django.db import connection
from django.db.models.sql import InsertQuery
from django.utils import timezone

from layers.locate import LAYER_KEYS, layers_from_row
from layers.models import Complaint
from layers.prepared import prepared_cursor
from layers.services.assignment import assign_found
from layers.services.related import link_insert_sql
from layers.services.routing_place import Place, set_place

_PLACE_LAYERS = LAYER_KEYS[1:]  # the sub-district's json comes from layers_locate itself


@functools.cache
def _lookup_sql(windows: int) -> str:
    """The lookup for `windows` repeat-rule windows (%(w0)s … ascending; usually one).

    One scan of the estate's cases over the widest window, a FILTERed count per window. Written
    with one parameter per window rather than unnest(array) on purpose: the array's unknown length
    made every generic plan look dearer than a custom one, so PostgreSQL planned the prepared
    statement again on every call (0.45 ms); this form keeps its generic plan (0.85 → 0.39 ms a
    lookup, measured on the demo data)."""
    counts = ", ".join(
        f"count(*) FILTER (WHERE r.received_at >= %(received)s - make_interval(days => %(w{n})s))"
        for n in range(windows)
    )
    repeats = (
        f"""(SELECT ARRAY[{counts}] FROM layers_complaint r
         WHERE r.category_id = %(category)s
           AND r.housing_project_id = (l.housing_project ->> 'id')::bigint
           AND r.received_at BETWEEN %(received)s - make_interval(days => %(w{windows - 1})s) AND %(received)s)"""
        if windows
        else "ARRAY[]::bigint[]"
    )
    return f"""
SELECT (SELECT id FROM (SELECT id, 0 AS preference FROM layers_complaint WHERE client_uuid = %(uuid)s
                        UNION ALL
                        SELECT id, 1 FROM layers_complaint WHERE ticket_no = %(ticket)s) AS stored
        ORDER BY preference LIMIT 1),
       {repeats},
       l.*, p.*
FROM layers_locate(%(lon)s, %(lat)s) AS l
CROSS JOIN LATERAL layers_place({", ".join(f"(l.{key} ->> 'id')::bigint" for key in _PLACE_LAYERS)}) AS p
"""


@dataclass(frozen=True)
class Lookup:
    """What the lookup found: the stored case's id (then nothing else is filled), the routing facts
    of the place (None outside the sub-district or without a location), and for each repeat-rule
    window (days) how many cases of the category the estate had in it (sishi's 回头件 count)."""

    existing_id: int | None = None
    place: Place | None = None
    repeat_counts: dict[int, int] = field(default_factory=dict)


def lookup(complaint: Complaint, client_uuid, ticket_no, windows=()) -> Lookup:
    """One query for a new complaint (category, received_at and location set): is it stored already,
    where is it, and its estate's repeat counts over `windows` (days). Sets the layer ids,
    out_of_area and the layer relations on the complaint when it is new; not saved."""
    location = complaint.location
    windows = sorted(set(windows))
    params = {
        "uuid": client_uuid,
        "ticket": ticket_no,
        "lon": location.x if location is not None else None,
        "lat": location.y if location is not None else None,
        "category": complaint.category_id,
        "received": complaint.received_at,
    } | {f"w{n}": days for n, days in enumerate(windows)}
    with prepared_cursor() as cursor:
        cursor.execute(_lookup_sql(len(windows)), params)
        row = cursor.fetchone()
    if row[0] is not None:
        return Lookup(existing_id=row[0])
    layers = row[2 : 2 + len(LAYER_KEYS)]
    found = layers_from_row(layers) if location is not None else dict.fromkeys(LAYER_KEYS)
    assign_found(complaint, found)
    if found["subdistrict"] is None:
        return Lookup()
    facts = dict(zip(_PLACE_LAYERS, row[2 + len(LAYER_KEYS) :], strict=True))
    place = set_place(complaint, {"subdistrict": found["subdistrict"], **facts})
    return Lookup(place=place, repeat_counts=dict(zip(windows, row[1], strict=True)))


# Stage and ledger fields a new case never carries: while empty they stay out of the INSERT (their
# columns are NULL by default). That keeps the statement under psycopg's 50 parameters, above which
# psycopg parses the SQL text again on every call instead of caching its parsed form.
_LATER_FIELDS = {
    "dispatched_at", "responded_at", "in_progress_at", "resolved_at", "callback_at", "closed_at",
    "returned_at", "ledger_at", "escalated_at", "ledger_target_date", "ledger_cleared_at", "duplicate_of",
}  # fmt: skip


def _insert_sql(complaint: Complaint) -> tuple[str, list]:
    """Django's own INSERT for the instance: the statement as its compiler writes it, the values from
    the fields' pre_save and get_db_prep_save as save() takes them (auto_now stamps included), so
    the row is exactly what complaint.save() would write."""
    meta = Complaint._meta
    fields = tuple(
        f
        for f in meta.local_concrete_fields
        if f is not meta.auto_field
        and not f.generated
        and not (f.name in _LATER_FIELDS and getattr(complaint, f.attname) is None)
    )
    location = complaint.location
    sql = _compiled_insert(fields, location.srid if location is not None else None, complaint)
    return sql, [f.get_db_prep_save(f.pre_save(complaint, True), connection) for f in fields]


_compiled = {}


def _compiled_insert(fields, srid, complaint) -> str:
    # The text depends on the fields and, through the geometry's placeholder (ST_Transform for
    # another SRID), on the location's SRID; compiling it costs as much as the rest of the write.
    key = (connection.alias, tuple(f.attname for f in fields), srid)
    if key not in _compiled:
        query = InsertQuery(Complaint)
        query.insert_values(list(fields), [complaint])
        [(sql, _params)] = query.get_compiler(connection=connection).as_sql()
        _compiled[key] = sql
    return _compiled[key]


def write(complaint: Complaint, actor, note: str) -> bool:
    """Insert the complaint with its first event (接诉, by actor, with note, naming the routed
    assignee and department) and its related-case links, in one statement; True when inserted,
    False when a case with the same client_uuid or ticket number exists (nothing written). Like
    bulk_create it sends no pre_save/post_save signal: nothing listens to Complaint's, and
    complaint_create tells its callers whether it inserted."""
    insert, params = _insert_sql(complaint)
    statement = f"""
WITH created AS ({insert} ON CONFLICT DO NOTHING
                 RETURNING id, category_id, received_at, location, assignee_id, assigned_department_id),
event AS (
    INSERT INTO layers_complaintevent (complaint_id, actor_id, at, from_status, to_status, note, assignee_id,
                                       department_id)
    SELECT id, %s, %s, '', %s, %s, assignee_id, assigned_department_id FROM created
),
links AS ({link_insert_sql("created")})
SELECT id FROM created
"""
    params += [getattr(actor, "pk", None), timezone.now(), complaint.status, note]
    with prepared_cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    if row is None:
        return False
    complaint.pk = row[0]
    complaint._state.adding, complaint._state.db = False, connection.alias
    return True
