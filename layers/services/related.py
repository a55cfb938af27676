"""Related cases (疑似重复) and confirmed duplicates.

Two cases of the same category within the category's radius and time window are linked as related
when the later one arrives; nothing is merged or deleted. Staff may confirm that one case
duplicates another (complaint_confirm_duplicate): the duplicate then follows its primary through
the workflow (follow_primary, called by complaint_transition), each step logged on the duplicate
with a note naming the primary.

Distances are true ground distances (geography, metres on the spheroid); a bounding-box test in
degrees first lets the GiST index on location pick the candidates.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from layers.models import Complaint, ComplaintEvent, ComplaintLink
from layers.permissions import OFFICE_ROLES, role_of


# The earlier case (received_at, then id) is the primary of a related pair, whichever arrived
# last in the database (a 12345 sheet may bring in older cases after newer ones).
# 110,000 m per degree is less than one degree of latitude anywhere and, divided by cos(lat), less
# than one degree of longitude: the box is never smaller than the circle.
def link_insert_sql(new: str) -> str:
    """The INSERT of related links for the cases in `new`: a table expression with their id,
    category_id, received_at and location (the stored cases, or a CTE of rows being inserted)."""
    return f"""
INSERT INTO layers_complaintlink (primary_id, other_id, kind, distance_m, days_apart, created_at)
SELECT CASE WHEN (o.received_at, o.id) < (n.received_at, n.id) THEN o.id ELSE n.id END,
       CASE WHEN (o.received_at, o.id) < (n.received_at, n.id) THEN n.id ELSE o.id END,
       'related',
       ST_Distance(o.location::geography, n.location::geography),
       abs(extract(epoch FROM n.received_at - o.received_at)) / 86400.0,
       now()
FROM {new} n
JOIN layers_category cat ON cat.id = n.category_id
JOIN layers_complaint o
  ON o.category_id = n.category_id
 AND o.id <> n.id
 AND o.received_at BETWEEN n.received_at - make_interval(days => cat.duplicate_window_days::int)
                       AND n.received_at + make_interval(days => cat.duplicate_window_days::int)
 AND o.location && ST_Expand(
        n.location, cat.duplicate_radius_m / (110000.0 * GREATEST(cos(radians(ST_Y(n.location))), 0.01)))
 AND ST_DWithin(o.location::geography, n.location::geography, cat.duplicate_radius_m)
WHERE n.location IS NOT NULL
ON CONFLICT DO NOTHING
"""


_LINK_SQL = link_insert_sql("(SELECT id, category_id, received_at, location FROM layers_complaint WHERE id = ANY(%s))")


def link_related(complaint_ids) -> int:
    """Link each given case to every case related to it, in one INSERT; returns links created.

    Pairs already linked (either way round) are left as they are.
    """
    ids = [int(i) for i in complaint_ids]
    if not ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_LINK_SQL, [ids])
        return cursor.rowcount


def _follow_sql(stamp: str) -> str:
    # `old` is read from the statement's snapshot, so it holds each duplicate's status before the
    # update: the event records the step actually taken.
    return f"""
    WITH moved AS (
        UPDATE layers_complaint d
        SET status = p.status,
            {stamp} = COALESCE(d.{stamp}, %(now)s),
            satisfaction = p.satisfaction,
            ledger_owner = p.ledger_owner,
            ledger_target_date = p.ledger_target_date,
            ledger_cleared_at = p.ledger_cleared_at,
            updated_at = %(now)s
        FROM layers_complaint p, layers_complaint old
        WHERE p.id = %(primary)s AND d.duplicate_of_id = p.id AND old.id = d.id AND d.status <> p.status
        RETURNING d.id, old.status AS from_status, d.status AS to_status
    )
    INSERT INTO layers_complaintevent (complaint_id, actor_id, at, from_status, to_status, note)
    SELECT id, %(actor)s, %(now)s, from_status, to_status, %(note)s FROM moved
    """


_FOLLOW_SQL = {status: _follow_sql(f"{status}_at") for status in Complaint.Status.values}


def follow_primary(primary: Complaint, actor, note: str = "") -> int:
    """Bring the primary's confirmed duplicates to its status, one event each; returns how many moved.

    Call inside the primary's transaction, after its own change is saved.
    """
    text = f"随主案{primary}（#{primary.pk}）流转" + (f"：{note}" if note else "")
    params = {"now": timezone.now(), "primary": primary.pk, "actor": getattr(actor, "pk", None), "note": text}
    with connection.cursor() as cursor:
        cursor.execute(_FOLLOW_SQL[primary.status], params)
        return cursor.rowcount


def _check_pair(primary: Complaint, duplicate: Complaint) -> None:
    if primary.pk == duplicate.pk:
        raise ValidationError({"duplicate": "a case cannot duplicate itself"})
    if primary.duplicate_of_id is not None:
        raise ValidationError(
            {"primary": f"#{primary.pk} is itself a duplicate of #{primary.duplicate_of_id}; confirm against that case"}
        )
    if duplicate.duplicate_of_id not in (None, primary.pk):
        raise ValidationError({"duplicate": f"#{duplicate.pk} is already a duplicate of #{duplicate.duplicate_of_id}"})
    if duplicate.duplicates.exists():
        raise ValidationError(
            {"duplicate": f"#{duplicate.pk} has confirmed duplicates of its own; it cannot become a duplicate"}
        )


def _distance_m(a: Complaint, b: Complaint) -> float | None:
    if a.location is None or b.location is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Distance(x.location::geography, y.location::geography)"
            " FROM layers_complaint x, layers_complaint y WHERE x.id = %s AND y.id = %s",
            [a.pk, b.pk],
        )
        return cursor.fetchone()[0]


def _confirm_link(primary: Complaint, duplicate: Complaint, actor, now) -> ComplaintLink:
    pair = Q(primary=primary, other=duplicate) | Q(primary=duplicate, other=primary)
    link = ComplaintLink.objects.filter(pair).first()
    if link is None:
        days = abs((duplicate.received_at - primary.received_at).total_seconds()) / 86400
        link = ComplaintLink(distance_m=_distance_m(primary, duplicate), days_apart=days)
    link.primary, link.other = primary, duplicate
    link.kind = ComplaintLink.Kind.DUPLICATE_CONFIRMED
    link.confirmed_by, link.confirmed_at = actor, now
    link.save()
    return link


def complaint_confirm_duplicate(*, primary, duplicate, actor) -> Complaint:
    """Confirm `duplicate` as a duplicate of `primary`: it is linked, marked and brought to the
    primary's status, and from then on follows every transition of the primary.

    Nothing is merged or deleted. Raises PermissionDenied for roles that do not dispatch and
    ValidationError (changing nothing) for a case paired with itself, a primary that is itself a
    duplicate, or a duplicate already attached elsewhere or with duplicates of its own.
    Confirming the same pair again changes nothing.
    """
    role = role_of(actor) if actor is not None else None
    if role not in OFFICE_ROLES:
        raise PermissionDenied(f"role {role!r} may not confirm duplicates")
    with transaction.atomic():
        locked = {c.pk: c for c in Complaint.objects.select_for_update().filter(pk__in=[primary.pk, duplicate.pk])}
        p, d = locked[primary.pk], locked[duplicate.pk]
        _check_pair(p, d)
        if d.duplicate_of_id == p.pk:
            return d
        now = timezone.now()
        _confirm_link(p, d, actor, now)
        Complaint.objects.filter(pk=d.pk).update(duplicate_of=p, updated_at=now)
        by = getattr(actor, "username", "")
        ComplaintEvent.record_step(p, actor, f"确认#{d.pk}为本案重复件（{by}）")
        if follow_primary(p, actor, f"确认为#{p.pk}的重复件") == 0:
            # Already at the primary's status: the confirmation is still a step in its history.
            note = f"确认为#{p.pk}的重复件，随主案流转"
            ComplaintEvent.record_step(d, actor, note)
    duplicate.refresh_from_db()
    return duplicate
