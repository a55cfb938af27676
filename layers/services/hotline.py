"""Writes that only the 12345 import makes, on top of complaint_create.

A 12345 dispatch sheet carries two facts our intake service does not take as arguments: when the
12345 centre dispatched the ticket to the sub-district (派单时间) and the deadline the centre set
(办理时限). The centre's deadline is the one the sub-district is assessed against, so it replaces
the category's default due_at. The case's status stays 接诉 (received): the sub-district's own
dispatch to a handler is a workflow transition, made later by a person (complaint_transition keeps
dispatched_at, since a stage timestamp records the first time a case reached the stage).
"""

from datetime import datetime

from django.db import transaction

from layers.models import Complaint


@transaction.atomic
def hotline_record_dispatch(*, complaint: Complaint, dispatched_at: datetime, due_at: datetime) -> Complaint:
    """Store the 12345 centre's dispatch time and deadline on a complaint just created from a sheet.

    Only fills a case that has no dispatch time yet, so a re-import never rewrites a case that
    has moved on: returns the complaint as stored.
    """
    Complaint.objects.filter(pk=complaint.pk, dispatched_at__isnull=True).update(
        dispatched_at=dispatched_at, due_at=due_at
    )
    complaint.refresh_from_db(fields=["dispatched_at", "due_at", "updated_at"])
    return complaint
