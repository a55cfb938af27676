"""Is every case's event trail coherent? One set-based statement for `manage.py check_trails`.

The trail is append-only (triggers of migrations 0002 and 0014), so it cannot be edited; but a bug
in a write path, a hand-made INSERT or a restore of a partial dump can still leave a trail that no
longer tells the case's story. Read in order (time, then id — the model's ordering), a coherent
trail:
- exists: every case has at least its intake event;
- starts from nothing: the first event's from_status is empty;
- is a chain: each later event starts where the one before ended (from_status = previous to_status);
- ends where the case is: the last event's to_status is the case's status;
- agrees with the stage timestamps: an event that moves the case into a stage (dispatched,
  responded, …) finds that stage's timestamp set, and not later than the event (the timestamp is
  the first time the case reached the stage; a 12345 sheet may also set 派单时间 without an event).
"""

from dataclasses import dataclass

from django.db import connection

from layers.models import Complaint

# Stages with a "<status>_at" column on the case (接诉 has received_at, which may be the caller's
# time, before the intake event: not compared).
STAGES = [s.value for s in Complaint.Status if s != Complaint.Status.RECEIVED]

KINDS = {
    "no_trail": "没有任何流转记录 (no events)",
    "first_not_empty": "首条记录的原状态不为空 (the first event has a from_status)",
    "broken_chain": "原状态与上一条记录的新状态不一致 (from_status differs from the previous to_status)",
    "status_mismatch": "最后一条记录的新状态与案件状态不一致 (the last to_status is not the case's status)",
    "stage_time": "阶段时间缺失或晚于进入该阶段的记录 (stage timestamp missing or after the event)",
}

_STAMP = "CASE t.to_status " + " ".join(f"WHEN '{s}' THEN c.{s}_at" for s in STAGES) + " END"

SQL = f"""
WITH t AS (
    SELECT e.id, e.complaint_id, e.at, e.from_status, e.to_status,
           row_number() OVER w AS n,
           lag(e.to_status) OVER w AS previous_to,
           lead(e.id) OVER w IS NULL AS is_last
    FROM layers_complaintevent e
    WINDOW w AS (PARTITION BY e.complaint_id ORDER BY e.at, e.id)
)
SELECT 'no_trail', c.id, c.ticket_no, NULL::bigint, c.status
FROM layers_complaint c
WHERE NOT EXISTS (SELECT 1 FROM layers_complaintevent e WHERE e.complaint_id = c.id)
UNION ALL
SELECT 'first_not_empty', c.id, c.ticket_no, t.id, t.from_status
FROM t JOIN layers_complaint c ON c.id = t.complaint_id
WHERE t.n = 1 AND t.from_status <> ''
UNION ALL
SELECT 'broken_chain', c.id, c.ticket_no, t.id, t.previous_to || ' → ' || coalesce(nullif(t.from_status, ''), '∅')
FROM t JOIN layers_complaint c ON c.id = t.complaint_id
WHERE t.n > 1 AND t.from_status IS DISTINCT FROM t.previous_to
UNION ALL
SELECT 'status_mismatch', c.id, c.ticket_no, t.id, t.to_status || ' ≠ ' || c.status
FROM t JOIN layers_complaint c ON c.id = t.complaint_id
WHERE t.is_last AND t.to_status <> c.status
UNION ALL
SELECT 'stage_time', c.id, c.ticket_no, t.id, t.to_status
FROM t JOIN layers_complaint c ON c.id = t.complaint_id
WHERE t.from_status <> t.to_status AND t.to_status IN ({", ".join(f"'{s}'" for s in STAGES)})
  AND ({_STAMP} IS NULL OR {_STAMP} > t.at)
ORDER BY 1, 2, 4
"""


@dataclass(frozen=True)
class TrailProblem:
    kind: str
    complaint_id: int
    ticket_no: str | None
    event_id: int | None
    detail: str

    @property
    def label(self) -> str:
        return KINDS[self.kind]


def trail_problems() -> list[TrailProblem]:
    """Every incoherence of every case's trail, in one statement (ordered by kind, case, event)."""
    with connection.cursor() as cursor:
        cursor.execute(SQL)
        return [TrailProblem(*row) for row in cursor.fetchall()]
