"""Store the demo complaints (layers/demo/complaints.py): validated like every case, written in bulk.

Trade-off, measured on the shared 2-core machine (2026-11-26): complaint_create takes one case per
transaction with address matching, a point lookup, routing, the 四事四办 rules (a repeat count),
related-case links and an event: 6 ms a case before routing existed, 47 ms now (21 cases/s with the
demo year already stored, load average ~7), so 24,000 cases would take 2.5 to 19 minutes. It can
also only make new 接诉 cases, while the demo needs a year of history (stage timestamps in the past,
callbacks with satisfaction). So the demo is written in bulk, keeping
what the service guarantees:
- the same validation: every case goes through validated_intake, the checks complaint_create runs;
  a 12345 case's 问题分类 is the city's name, resolved through the mapping table there (an unknown
  name lands under 其他 with a review item, layers/demo/sheet.py);
- the same spatial assignment: reassign_all, one set-based UPDATE with the border rule of locate;
- the same routing: route() from layers/services/routing.py, in memory (memoised per place and
  category), written back in one UPDATE; the one case the office dispatched by name to a cadre
  (today's work at the printed accounts' estate, layers/demo/home.py) says so in its reason;
- the same related-case links: link_related, one INSERT for all new cases;
- time limits from the same due_at over the Holiday table; the stage history as append-only events,
  intake and dispatch naming who the case went to, and the 回访 calls as CallbackRecord rows with
  the trail the call-back service writes (layers/demo/complaint_trail.py);
- the same 回头件 rule: the active repeat rules (same category at the same estate, N cases within
  the window) counted in one window-function UPDATE (layers/demo/repeats.py).
Not done in bulk: the address geocoder (the generator knows the point it drew and records its level;
only the few cases whose address matches nothing go through the intake's matcher, locate_by_address),
the other 四事四办 rules (each case gets its category's default type, and its reason says so) and 吹哨
summonses (live work items, not history).

The year is the demo's (layers/demo/clock.py, set by load_demo); time limits use the holiday
calendar load_demo stored, and the generator keeps the cases due in the next hours open.

Idempotent: every generated case has a deterministic client_uuid (uuid5 of seed, the demo year's end
and index), so a second run finds them all and adds nothing. Demo cases of another demo year (a
database loaded before the year followed the load day) are left alone: nothing is added to them.
"""

import inspect
import time
import uuid
from dataclasses import dataclass, field

from django.db import connection, transaction

from layers.demo import clock, complaint_trail
from layers.demo.complaint_inputs import city_names, deadline_rule, home, places
from layers.demo.complaint_trail import NOTES
from layers.demo.complaints import DEFAULT_SEED, Case, generate
from layers.demo.repeats import mark_repeats
from layers.i18n import source_text
from layers.models import (
    CallbackRecord,
    Complaint,
    ComplaintEvent,
    SishiType,
)
from layers.services import reference
from layers.services.assignment import reassign_all
from layers.services.complaint_input import validated_intake
from layers.services.complaints import complaint_create, locate_by_address
from layers.services.related import link_related
from layers.services.routing import route

NAMESPACE = uuid.UUID("5b0c6f2e-8f3a-4d51-9d6e-2f0a9c1e7a45")
_SERVICE_DEFAULTS = {
    name: p.default
    for name, p in inspect.signature(complaint_create).parameters.items()
    if p.default is not inspect.Parameter.empty
}


@dataclass
class DemoLoad:
    span: clock.Span
    generated: int = 0
    created: int = 0
    existing: int = 0
    events: int = 0
    callbacks: int = 0
    reviews: int = 0  # cases left in the review queue (layers/demo/sheet.py)
    links: int = 0
    repeats: int = 0
    other_year: bool = False  # demo cases of another demo year are stored: nothing was added
    seconds: dict = field(default_factory=dict)  # phase -> wall time, for the report

    def lap(self, phase: str, started: float) -> float:
        now = time.perf_counter()
        self.seconds[phase] = round(now - started, 1)
        return now


def client_uuid(seed: int, end, index: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"wulidian-demo-complaint/{seed}/{end}/{index}")


def _complaint(case: Case, key: uuid.UUID) -> Complaint:
    raw = {
        "channel": case.channel,
        "description": case.description,
        # A 12345 case names the city's category, resolved through the mapping table as a sheet's is.
        "category_code": case.sheet_category or case.category,
        "lon": None if case.unlocated else case.lon,
        "lat": None if case.unlocated else case.lat,
        "location_source": case.location_source,
        "accuracy": case.accuracy,
        "address": case.address,
        "complainant_name": case.complainant_name,
        "complainant_phone": case.complainant_phone,
        "ticket_no": f"DEMO{case.received_at:%Y%m%d}{case.index:05d}" if case.channel == "hotline_12345" else None,
        "client_uuid": key,
        "received_at": case.received_at,
    }
    fields = validated_intake(_SERVICE_DEFAULTS | {"actor": None} | raw)
    category = fields["category"]
    complaint = Complaint(**fields, status=case.stages[-1][0], satisfaction=case.satisfaction)
    complaint.sishi_type = category.default_sishi_type
    complaint.due_at = case.due_at
    for status, at in case.stages[1:]:
        if getattr(complaint, f"{status}_at") is None:
            setattr(complaint, f"{status}_at", at)
    complaint.ledger_owner, complaint.ledger_target_date = case.ledger_owner, case.ledger_target_date
    complaint.ledger_cleared_at = case.ledger_cleared_at
    if case.unlocated:
        locate_by_address(complaint)  # the intake's matcher: nothing found, the case waits for review
    elif case.location_source == "address_match":
        complaint.match_level = "building" if "号楼" in case.address else ("estate" if case.place else "community")
        complaint.match_confidence = 0.9
    return complaint


_ROUTING_SQL = """
UPDATE layers_complaint c
SET assigned_department_id = r.department, assignee_id = r.assignee, routing_reason = r.routing_reason,
    sishi_type = r.sishi_type, sishi_reason = r.sishi_reason, is_repeat = r.is_repeat
FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::text[], %s::text[], %s::text[], %s::boolean[])
     AS r(id, department, assignee, routing_reason, sishi_type, sishi_reason, is_repeat)
WHERE c.id = r.id
"""


def _route_key(c: Complaint) -> tuple:
    # Everything route() reads: the same category at the same place routes the same way.
    place = (c.community_id, c.grid_cell_id, c.housing_project_id, c.building_id, c.military_zone_id)
    return (c.category_id, c.out_of_area, c.location is None, c.subdistrict_id, *place)


def _route_and_classify(ids: list[int]) -> None:
    """Routing of the new cases by route() itself (memoised per place and category: ~24,000 cases
    share a few thousand keys), and 四事四办 by the category default, saved in one UPDATE.

    The 四事四办 rules (sishi.suggest) are not run per case here: their repeat rule counts earlier
    cases with one query per case, minutes for a year of demo data. The reason says so."""
    related = ["category__department", "community__department", "housing_project", "military_zone", "grid_cell"]
    routes: dict[tuple, object] = {}
    changed = []
    for complaint in Complaint.objects.filter(id__in=ids).select_related(*related, "building"):
        key = _route_key(complaint)
        if key not in routes:
            routes[key] = route(complaint)
        found = routes[key]
        complaint.assigned_department_id, complaint.assignee_id = found.department_id, found.assignee_id
        complaint.routing_reason = found.reason
        default = SishiType(complaint.category.default_sishi_type)
        label = source_text(default.label)
        complaint.sishi_reason = f"按分类「{complaint.category.name}」默认：{label}（演示数据，未逐条套用规则）"
        changed.append(complaint)
    # One UPDATE from arrays: bulk_update's CASE WHEN per row is quadratic in the batch size.
    rows = [
        (c.id, c.assigned_department_id, c.assignee_id, c.routing_reason, c.sishi_type, c.sishi_reason, False)
        for c in changed
    ]
    columns = list(zip(*rows, strict=True)) if rows else [[]] * 7
    with connection.cursor() as cursor:
        cursor.execute(_ROUTING_SQL, [list(column) for column in columns])


_NAMED_CADRE_SQL = """
UPDATE layers_complaint c
SET assignee_id = b.cadre_id,
    routing_reason = c.routing_reason || ' 派单时指定楼栋包联干部承办（四包：社区干部包楼栋；演示数据）。'
FROM layers_building b
WHERE b.id = c.building_id AND b.cadre_id IS NOT NULL AND c.id = ANY(%s)
"""


def _named_handlers(new: list[tuple[uuid.UUID, Case]], ids: dict) -> None:
    """The office's dispatch by name (layers/demo/home.py): after routing, before the trail names them."""
    named = [ids[key] for key, case in new if case.handler == "cadre"]
    if named:
        with connection.cursor() as cursor:
            cursor.execute(_NAMED_CADRE_SQL, [named])


def _trail(new: list[tuple[uuid.UUID, Case]], ids: dict, result: DemoLoad) -> None:
    """Events and call-back records of the new cases, once routed: intake and dispatch name the handler."""
    holders = {
        pk: {"assignee_id": assignee, "department_id": department}
        for pk, assignee, department in Complaint.objects.filter(id__in=list(ids.values())).values_list(
            "id", "assignee_id", "assigned_department_id"
        )
    }
    clerks = complaint_trail.office_clerks() or [None]
    events, records = [], []
    for key, case in new:
        pk, caller = ids[key], clerks[case.index % len(clerks)]
        events += complaint_trail.events(case, pk, holders[pk], caller)
        records += complaint_trail.records(case, pk, caller)
    ComplaintEvent.objects.bulk_create(events, batch_size=5000)
    CallbackRecord.objects.bulk_create(records, batch_size=5000)
    result.events, result.callbacks = len(events), len(records)


def load_demo_complaints(seed: int = DEFAULT_SEED, volume: float = 1.0) -> DemoLoad:
    """Generate the demo year and store the cases not stored yet, in one transaction.

    `volume` scales the number of cases (1.0: ~2,000 a month; tests use a fraction). ValueError
    when load_demo has not run (no demo year, no layers)."""
    started = time.perf_counter()
    span = clock.current()
    estates, subdistrict = places()
    known = reference.current()
    deadline = deadline_rule(known)
    cases = generate(estates, subdistrict, span, seed, volume, deadline, city_names(known))
    cases += home(estates, span, seed, deadline)
    result = DemoLoad(span=span, generated=len(cases))
    started = result.lap("generate", started)
    keys = {client_uuid(seed, span.end, c.index): c for c in cases}
    stored = set(Complaint.objects.filter(client_uuid__in=list(keys)).values_list("client_uuid", flat=True))
    result.existing = len(stored)
    if not stored and ComplaintEvent.objects.filter(note=NOTES["received"]).exists():
        result.other_year = True
        return result
    new = [(key, case) for key, case in keys.items() if key not in stored]
    if not new:
        return result
    complaints = [_complaint(case, key) for key, case in new]
    result.reviews = sum(c.needs_review for c in complaints)
    started = result.lap("validate", started)
    with transaction.atomic():
        created = Complaint.objects.bulk_create(complaints, batch_size=2000)
        ids = {c.client_uuid: c.id for c in created}
        started = result.lap("insert", started)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE layers_complaint")
        reassign_all()
        started = result.lap("reassign_all", started)
        _route_and_classify(list(ids.values()))
        _named_handlers(new, ids)
        started = result.lap("route", started)
        _trail(new, ids, result)
        started = result.lap("trail", started)
        result.repeats = mark_repeats(list(ids.values()))
        result.links = link_related(list(ids.values()))
        result.lap("repeats_links", started)
    result.created = len(created)
    return result
