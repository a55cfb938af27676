"""The event trail and the 回访 records of the demo cases, as the services would have written them.

Built once the cases are stored and routed (complaint_load.py), so the steps that hand a case over
name who it went to, as the services' do (ComplaintEvent.handover): intake's routing (the first
event) and the dispatch (派单), which the notify worker announces to the handler. The call-backs
(layers/demo/callbacks.py) become CallbackRecord rows by an office clerk, and the trail gets what
layers/services/callbacks.py writes for each: an unreached attempt is a step that leaves the status
as it is, the reached call is the move to 回访 with its satisfaction, in the service's words.
"""

from layers.demo import clock
from layers.i18n import source_text
from layers.models import CallbackRecord, Complaint, ComplaintEvent, Role, StaffProfile

DEMO = "（演示数据）"
NOTES = {
    "received": clock.LEGACY_RECEIVED_NOTE,
    "dispatched": "派单（演示数据）",
    "responded": "已联系诉求人（演示数据）",
    "in_progress": "办理中（演示数据）",
    "resolved": "办结（演示数据）",
    "callback": "回访（演示数据）",
    "closed": "结案（演示数据）",
    "returned": "非本辖区或不属本街道职责，退回12345（演示数据）",
    "ledger": "需统筹资金和多方协调，挂账（演示数据）",
    "escalated": "超期未办结，街道督办（演示数据）",
}
HANDED_OVER = {"received", "dispatched"}


def office_clerks() -> list[int]:
    """Who makes the demo's call-backs, in turn: the offices' clerks (回访 is the office's check,
    layers/services/callbacks.CALLBACK_ROLES), not the 驻区部队 liaisons, who belong to no office."""
    clerks = StaffProfile.objects.filter(role=Role.DEPARTMENT, department__isnull=False, user__is_active=True)
    return list(clerks.order_by("user__username").values_list("user_id", flat=True))


def _call_note(attempt, number: int) -> str:
    # The service's words (layers/services/callbacks._apply), marked as demo data like every note here.
    remark = f"；{attempt.remark}" if attempt.remark else ""
    if not attempt.reached:
        return f"第{number}次回访：未接通{remark}{DEMO}"
    label = source_text(Complaint.Satisfaction(attempt.satisfaction).label)
    return f"第{number}次回访：已接通，{label}{remark}{DEMO}"


def events(case, complaint_id: int, holder: dict, caller: int | None) -> list[ComplaintEvent]:
    """The case's trail in time order: its stages, and a step for each unreached call-back attempt."""
    reached = {a.at: n for n, a in enumerate(case.callbacks, 1) if a.reached}
    trail, previous = [], ""
    for status, at in case.stages:
        note, actor = NOTES[status], None
        if status == "callback" and at in reached:
            note, actor = _call_note(case.callbacks[reached[at] - 1], reached[at]), caller
        handover = holder if status in HANDED_OVER else {}
        trail.append(
            ComplaintEvent(
                complaint_id=complaint_id,
                actor_id=actor,
                at=at,
                from_status=previous,
                to_status=status,
                note=note,
                **handover,
            )
        )
        previous = status
    for number, attempt in enumerate(case.callbacks, 1):
        if not attempt.reached:  # the case stays resolved (from = to)
            trail.append(
                ComplaintEvent(
                    complaint_id=complaint_id,
                    actor_id=caller,
                    at=attempt.at,
                    from_status="resolved",
                    to_status="resolved",
                    note=_call_note(attempt, number),
                )
            )
    # Sorted by time (stable: a stage keeps its place); the trail reads by (at, id), ids in this order.
    return sorted(trail, key=lambda event: event.at)


def records(case, complaint_id: int, caller: int | None) -> list[CallbackRecord]:
    return [
        CallbackRecord(
            complaint_id=complaint_id,
            caller_id=caller,
            called_at=a.at,
            reached=a.reached,
            satisfaction=a.satisfaction,
            remark=a.remark,
        )
        for a in case.callbacks
    ]
