"""What the demo leaves on the office's desk at the moment it stops: the load's closing report.

One aggregate over the open cases inside the sub-district (the desk's and the inbox's work), so the
person running `make demo` sees that today has work: new, overdue, due within two hours, on the
ledger (and past its target), returned and escalated cases, and the repeats among them.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from layers.models import Complaint
from layers.models.complaint import overdue_q, running_q, unfinished_q

Status = Complaint.Status
DUE_SOON = timedelta(hours=2)
RECENT = timedelta(days=3)


@dataclass(frozen=True)
class Desk:
    open: int
    recent: int  # received in the last RECENT and still open
    overdue: int
    due_soon: int
    ledger: int
    ledger_past_target: int
    returned: int  # waiting for the 12345 centre's answer
    escalated: int
    repeats: int

    def line(self) -> str:
        return (
            f"待办 (open) {self.open}: 近3天新收 (last 3 days) {self.recent}, 超期 (overdue) {self.overdue}, "
            f"2小时内到期 (due within 2 h) {self.due_soon}, 挂账 (ledger) {self.ledger} "
            f"(逾计划销账日期 past target {self.ledger_past_target}), 督办 (escalated) {self.escalated}, "
            f"回头件 (repeats) {self.repeats}; 退单待确认 (returned, awaiting 12345) {self.returned}"
        )


def desk_today(as_of: datetime) -> Desk:
    """The open work at `as_of` (the demo's stop), counted in one query."""
    # Open as the dashboard's 在办 and the weekly report's 未办结 count them (ledger included); overdue
    # and due soon only where the time limit runs (a ledger case has its own target date).
    is_open = unfinished_q() & Q(out_of_area=False)
    is_running = running_q() & Q(out_of_area=False)
    cases = Complaint.objects.filter(received_at__lt=as_of)
    counts = cases.aggregate(
        open=Count("id", filter=is_open),
        recent=Count("id", filter=is_open & Q(received_at__gte=as_of - RECENT)),
        overdue=Count("id", filter=overdue_q(as_of) & Q(out_of_area=False)),
        due_soon=Count("id", filter=is_running & Q(due_at__gte=as_of, due_at__lt=as_of + DUE_SOON)),
        ledger=Count("id", filter=Q(status=Status.LEDGER)),
        ledger_past_target=Count(
            "id", filter=Q(status=Status.LEDGER, ledger_target_date__lt=timezone.localdate(as_of))
        ),
        returned=Count("id", filter=Q(status=Status.RETURNED)),
        escalated=Count("id", filter=Q(status=Status.ESCALATED)),
        repeats=Count("id", filter=is_open & Q(is_repeat=True)),
    )
    return Desk(**counts)
