"""Writes that only the 12345 import makes, on top of complaint_create.

A 12345 dispatch sheet carries facts our intake service does not take as arguments: when the 12345
centre dispatched the ticket to the sub-district (派单时间), the deadline the centre set (办理时限)
and what was doubtful in the row (times that do not add up, a deadline that cannot be read, other
versions of the ticket in the sheet). The centre's deadline is the one the sub-district is assessed
against, so it replaces the category's default due_at and is marked as the centre's
(due_set_by_centre): a later change of category never recomputes it. The case's status stays 接诉
(received): the sub-district's own dispatch to a handler is a workflow transition, made later by a
person (complaint_transition keeps dispatched_at, since a stage timestamp records the first time a
case reached the stage).
"""

from datetime import datetime

from django.db import transaction

from layers.models import Complaint, ComplaintEvent
from layers.services.review_flags import Kind, flag


def _note(locked: Complaint, review: list[tuple[Kind, str]]) -> str:
    parts = []
    if locked.dispatched_at is not None:
        parts.append(f"12345派单时间 {locked.dispatched_at:%Y-%m-%d %H:%M}")
    if locked.due_set_by_centre:
        parts.append(f"中心设定办理时限 {locked.due_at:%Y-%m-%d %H:%M}")
    parts += [f"待人工核定：{reason}" for _kind, reason in review]
    return "；".join(parts)


@transaction.atomic
def hotline_record_dispatch(
    *, complaint: Complaint, dispatched_at: datetime | None, due_at: datetime | None, review=(), actor=None
) -> Complaint:
    """Store the 12345 centre's dispatch time, its deadline (None: the category's stays) and the
    sheet's review items on a complaint just created from a sheet, with a line in its history.

    Only fills a case the sheet has not filled yet, so a re-import never rewrites a case that has
    moved on: returns the complaint as stored."""
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if locked.dispatched_at is not None or locked.due_set_by_centre or locked.status != Complaint.Status.RECEIVED:
        complaint.refresh_from_db()
        return complaint
    locked.dispatched_at = dispatched_at
    if due_at is not None:
        locked.due_at, locked.due_set_by_centre = due_at, True
    for kind, reason in review:
        flag(locked, kind, reason)
    locked.save(
        update_fields=[
            "dispatched_at",
            "due_at",
            "due_set_by_centre",
            "review_items",
            "needs_review",
            "review_reason",
            "updated_at",
        ]
    )
    note = _note(locked, review)
    if note:
        ComplaintEvent.record_step(locked, actor, note)
    complaint.refresh_from_db()
    return complaint
