"""Notifications derived, set-based, from what happened: the event trail, summonses and deadlines.

One INSERT … SELECT per kind, never a loop over cases:
- assigned (新派单): an event that handed a case to someone (ComplaintEvent.assignee/department set)
  once the case has left intake (to_status ≠ received: a dispatch, a re-route or reassignment of a
  dispatched case). Intake's own routing is not announced: a case is the handler's to work only
  once the office dispatches it (派单), and that dispatch is announced. → the named assignee and the
  staff of the named department.
- escalated (督办): an event into 督办. → the case's assignee and the staff of its department.
- summons (吹哨报到): a new summons. → the staff of the summoned department.
- due_soon / overdue: a running case (Complaint.objects.running: its clock runs) whose time limit is within
  NOTIFY_DUE_SOON_HOURS (default 2) / has passed. → its assignee and department staff. The deadline
  is part of the key, so a changed deadline is announced again.
- review (待核定): a case in the review queue. → users of NOTIFY_REVIEW_ROLES (the 接诉即办 office:
  default department staff and admins). The reason is part of the key.
Nobody is told about their own act (the event's actor, the summoner); only active users are told.

Exactly once: every notification has a key naming its source, unique per recipient, and each
INSERT skips keys already there (NOT EXISTS, and ON CONFLICT DO NOTHING for a rival worker).
Nothing missed: events and summonses are read by id from a cursor that trails by
NOTIFY_RESCAN_SECONDS (see NotifyCursor), so a row committed late by a long transaction is still
found. Sources older than NOTIFY_MAX_AGE_HOURS are not announced (a first start or a long outage
would otherwise flood every inbox with history).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction

from layers.models import Notification, NotifyCursor
from layers.models.complaint import RUNNING_STATUSES

Kind = Notification.Kind
# One worker derives at a time; a second waits (two would only do the same work twice).
_LOCK = 0x6E6F74696679  # "notify"


def _holder(assignee: str, department: str) -> str:
    """Recipients: the assignee and the department's staff, active users only."""
    return f"""
CROSS JOIN LATERAL (
    SELECT {assignee} AS user_id WHERE {assignee} IS NOT NULL
    UNION
    SELECT sp.user_id FROM layers_staffprofile sp WHERE sp.department_id = {department}
) r
JOIN auth_user u ON u.id = r.user_id AND u.is_active"""


_OFFICE = """
CROSS JOIN LATERAL (
    SELECT sp.user_id FROM layers_staffprofile sp WHERE sp.role = ANY(%(review_roles)s)
    UNION
    SELECT su.id FROM auth_user su WHERE su.is_superuser AND 'admin' = ANY(%(review_roles)s)
) r
JOIN auth_user u ON u.id = r.user_id AND u.is_active"""

_CASE_LABEL = "COALESCE(c.ticket_no, '#' || c.id)"


@dataclass(frozen=True)
class Spec:
    kind: str
    source: str  # FROM … JOINs
    recipients: str
    where: str
    key: str  # SQL expression, unique per source
    data: str  # jsonb_build_object(…)
    complaint: str = "c.id"
    summons: str = "NULL"


_EVENT_CASE = """layers_complaintevent e
JOIN layers_complaint c ON c.id = e.complaint_id
JOIN layers_category cat ON cat.id = c.category_id"""
_EVENTS = "e.id > %(events_low)s AND e.at >= %(since)s AND r.user_id IS DISTINCT FROM e.actor_id"
_CASE = "layers_complaint c JOIN layers_category cat ON cat.id = c.category_id"
_DEADLINE_DATA = f"jsonb_build_object('case', {_CASE_LABEL}, 'category', cat.name, 'due_at', c.due_at)"


def _deadline_key(kind: str) -> str:
    return f"'{kind}:' || c.id || ':' || floor(extract(epoch FROM c.due_at))::bigint"


SPECS = (
    Spec(
        Kind.ASSIGNED,
        f"""{_EVENT_CASE}
LEFT JOIN layers_department d ON d.id = e.department_id
LEFT JOIN auth_user au ON au.id = e.assignee_id
LEFT JOIN layers_staffprofile asp ON asp.user_id = e.assignee_id""",
        _holder("e.assignee_id", "e.department_id"),
        f"{_EVENTS} AND e.to_status <> 'received' AND (e.assignee_id IS NOT NULL OR e.department_id IS NOT NULL)",
        "'event:' || e.id",
        f"""jsonb_build_object('case', {_CASE_LABEL}, 'category', cat.name, 'due_at', c.due_at,
            'department', d.name, 'assignee', COALESCE(NULLIF(asp.display_name, ''), au.username))""",
    ),
    Spec(
        Kind.ESCALATED,
        _EVENT_CASE,
        _holder("c.assignee_id", "c.assigned_department_id"),
        f"{_EVENTS} AND e.to_status = 'escalated' AND e.from_status <> 'escalated'",
        "'event:' || e.id",
        f"jsonb_build_object('case', {_CASE_LABEL}, 'category', cat.name, 'due_at', c.due_at, 'note', e.note)",
    ),
    Spec(
        Kind.SUMMONS,
        """layers_summons s
LEFT JOIN layers_complaint c ON c.id = s.complaint_id
JOIN layers_department d ON d.id = s.department_id""",
        _holder("NULL::bigint", "s.department_id"),
        "s.id > %(summons_low)s AND s.summoned_at >= %(since)s AND r.user_id IS DISTINCT FROM s.summoned_by_id",
        "'summons:' || s.id",
        f"""jsonb_build_object('case', CASE WHEN c.id IS NOT NULL THEN {_CASE_LABEL} END,
            'subject', COALESCE({_CASE_LABEL}, s.topic_ref), 'department', d.name, 'reason', s.reason,
            'due_at', s.due_at)""",
        summons="s.id",
    ),
    Spec(
        Kind.DUE_SOON,
        _CASE,
        _holder("c.assignee_id", "c.assigned_department_id"),
        # Confirmed duplicates follow their primary case: the primary's handler is told once.
        "c.status = ANY(%(open)s) AND c.duplicate_of_id IS NULL "
        "AND c.due_at > %(now)s AND c.due_at <= %(now)s + %(due_soon)s",
        _deadline_key("due_soon"),
        _DEADLINE_DATA,
    ),
    Spec(
        Kind.OVERDUE,
        _CASE,
        _holder("c.assignee_id", "c.assigned_department_id"),
        "c.status = ANY(%(open)s) AND c.duplicate_of_id IS NULL AND c.due_at <= %(now)s AND c.due_at > %(since)s",
        _deadline_key("overdue"),
        _DEADLINE_DATA,
    ),
    Spec(
        Kind.REVIEW,
        _CASE,
        _OFFICE,
        # created_at, not received_at: a 12345 sheet imported today brings yesterday's calls.
        "c.needs_review AND c.status NOT IN ('closed', 'returned') AND c.created_at >= %(since)s",
        "'review:' || c.id || ':' || left(md5(c.review_reason), 8)",
        f"jsonb_build_object('case', {_CASE_LABEL}, 'category', cat.name, 'reason', c.review_reason)",
    ),
)


def insert_sql(spec: Spec) -> str:
    return f"""
INSERT INTO layers_notification (uuid, recipient_id, kind, complaint_id, summons_id, key, data, created_at)
SELECT gen_random_uuid(), r.user_id, '{spec.kind.value}', {spec.complaint}, {spec.summons}, {spec.key}, {spec.data},
       %(now)s
FROM {spec.source}
{spec.recipients}
WHERE {spec.where}
  AND NOT EXISTS (SELECT 1 FROM layers_notification n WHERE n.recipient_id = r.user_id AND n.key = {spec.key})
ON CONFLICT (recipient_id, key) DO NOTHING
RETURNING id
"""


_INSERTS = {spec.kind: insert_sql(spec) for spec in SPECS}
# Cursor source -> (table, time column): the append-only sources read by id.
_CURSORS = {"events": ("layers_complaintevent", "at"), "summons": ("layers_summons", "summoned_at")}


def _seconds(name: str, default: float) -> timedelta:
    return timedelta(seconds=float(getattr(settings, name, default)))


def _hours(name: str, default: float) -> timedelta:
    return timedelta(hours=float(getattr(settings, name, default)))


def _scalar(cursor, sql: str, params=()) -> int:
    cursor.execute(sql, params)
    return cursor.fetchone()[0]


def _advance(cur: NotifyCursor, cursor, now: datetime, since: datetime) -> None:
    """Move the cursor after a pass: `low` takes the checkpoint once it is NOTIFY_RESCAN_SECONDS old."""
    table, column = _CURSORS[cur.source]
    high = _scalar(cursor, f"SELECT COALESCE(max(id), 0) FROM {table}")
    if cur.checkpoint is None:
        # First pass: from the oldest row still young enough to announce (one full read, once).
        cur.low = _scalar(cursor, f"SELECT COALESCE(min(id) - 1, %s) FROM {table} WHERE {column} >= %s", [high, since])
    elif now - cur.checkpoint_at >= _seconds("NOTIFY_RESCAN_SECONDS", 600):
        cur.low = cur.checkpoint
    else:
        return
    cur.checkpoint, cur.checkpoint_at = high, now
    cur.save()


def derive(now: datetime) -> list[int]:
    """Write the notifications due at `now`; returns the new notifications' ids. One transaction."""
    since = now - _hours("NOTIFY_MAX_AGE_HOURS", 24)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        cursors = {source: NotifyCursor.objects.get_or_create(source=source)[0] for source in _CURSORS}
        params = {
            "now": now,
            "since": since,
            "events_low": cursors["events"].low,
            "summons_low": cursors["summons"].low,
            "open": [str(status) for status in RUNNING_STATUSES],
            "due_soon": _hours("NOTIFY_DUE_SOON_HOURS", 2),
            "review_roles": list(getattr(settings, "NOTIFY_REVIEW_ROLES", ["department", "admin"])),
        }
        created = []
        for sql in _INSERTS.values():
            cursor.execute(sql, params)
            created += [row[0] for row in cursor.fetchall()]
        for cur in cursors.values():
            _advance(cur, cursor, now, since)
    return created
