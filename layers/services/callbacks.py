"""回访: recording each call-back attempt, and what a reached call does to the case.

The 接诉即办 office calls the resident back after the case is resolved (办结). Every attempt is a
CallbackRecord (who, when, reached or not, remark); a reached call carries the resident's
satisfaction. The case follows the records:
- a reached call on a resolved case moves it to 回访 (callback) through complaint_transition, with
  that satisfaction: the one path for status changes, so roles, duplicates and the trail are checked
  there;
- a reached call on a case already in 回访 (the resident rang back, or a second call changed the
  answer) replaces the case's satisfaction, with a line in its history;
- an unreached attempt leaves the status as it is and is logged in the history.
So the case's satisfaction is always that of its last reached call, and the 三率 (layers/analytics/
rates.py) keep reading the case, unchanged in meaning. Calls are recorded in time order: a call
cannot be dated before one already recorded, which keeps "last" unambiguous.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from layers.i18n import source_text
from layers.models import CallbackRecord, Complaint, ComplaintEvent
from layers.moments import local_moment
from layers.permissions import role_of
from layers.services.complaint_input import check_choice, clean_text
from layers.services.complaints import ALLOWED_ROLES, complaint_transition

Status = Complaint.Status
# The office's independent check, like the transition to 回访 itself.
CALLBACK_ROLES = ALLOWED_ROLES[Status.CALLBACK]
CALLABLE = {Status.RESOLVED, Status.CALLBACK}
# A phone's clock may run a little ahead of the server's.
_CLOCK_SKEW = timedelta(minutes=5)


def _reached(value) -> bool:
    if isinstance(value, bool):
        return value
    raise ValidationError({"reached": f"must be true or false, got {value!r}"})


def _satisfaction(reached: bool, value) -> str:
    if not reached:
        if value not in (None, ""):
            raise ValidationError({"satisfaction": "an unreached call has no satisfaction (未接通无满意度)"})
        return ""
    if value in (None, ""):
        raise ValidationError({"satisfaction": "is required for a reached call (接通须记录满意度)"})
    return check_choice(value, "satisfaction", Complaint.Satisfaction)


def _when(value, case: Complaint, last: CallbackRecord | None) -> datetime:
    now = timezone.now()
    if value is None:
        return max(now, last.called_at) if last is not None else now
    if not isinstance(value, datetime) or timezone.is_naive(value):
        raise ValidationError({"called_at": f"must be a datetime with its time zone, got {value!r}"})
    try:
        value = local_moment(value)
    except ValueError as exc:
        raise ValidationError({"called_at": str(exc)}) from None
    problems = [
        (value > now + _CLOCK_SKEW, "is in the future"),
        (value < case.received_at, "is before the case was received"),
        (last is not None and value < last.called_at, "is before the call already recorded last"),
    ]
    for wrong, why in problems:
        if wrong:
            raise ValidationError({"called_at": f"{why}: {value.isoformat()}"})
    return value


def _check_case(case: Complaint) -> None:
    if case.duplicate_of_id is not None:
        raise ValidationError(
            {"complaint": f"#{case.pk} 是 #{case.duplicate_of_id} 的重复件：请回访主案 (call back the primary case)"}
        )
    if case.status not in CALLABLE:
        status = f"{case.get_status_display()} ({case.status})"
        raise ValidationError(
            {"complaint": f"{status} 的诉求不能回访：回访在办结之后 (only resolved cases are called back)"}
        )


def _apply(case: Complaint, record: CallbackRecord, actor, attempt: int) -> None:
    what = f"第{attempt}次回访"
    remark = f"；{record.remark}" if record.remark else ""
    if not record.reached:
        ComplaintEvent.record_step(case, actor, f"{what}：未接通{remark}")
        return
    # The trail is kept in Chinese, whatever language the caller's screen is in (layers.i18n.source_text).
    label = source_text(Complaint.Satisfaction(record.satisfaction).label)
    if case.status == Status.RESOLVED:
        note = f"{what}：已接通，{label}{remark}"
        complaint_transition(
            complaint=case, actor=actor, to_status=Status.CALLBACK, satisfaction=record.satisfaction, note=note
        )
        return
    before = source_text(Complaint.Satisfaction(case.satisfaction).label) if case.satisfaction else "（无）"
    case.satisfaction = record.satisfaction
    case.save(update_fields=["satisfaction", "updated_at"])
    ComplaintEvent.record_step(case, actor, f"{what}：已接通，满意度 {before} → {label}{remark}")


def callback_record(*, complaint, actor, reached, satisfaction=None, remark="", called_at=None) -> CallbackRecord:
    """Record one call-back attempt on a resolved case (or one in 回访) and apply it (module docstring).

    Raises PermissionDenied outside the office roles; ValidationError (changing nothing) for a case
    that is not resolved or is a confirmed duplicate, a reached call without satisfaction or an
    unreached one with it, a remark too long, or a call time in the future, before the case or
    before the last recorded call."""
    role = role_of(actor) if actor is not None else None
    if role not in CALLBACK_ROLES:
        raise PermissionDenied(f"role {role!r} may not record a call-back (回访)")
    reached = _reached(reached)
    satisfaction = _satisfaction(reached, satisfaction)
    remark = clean_text(remark, "remark")
    with transaction.atomic():
        case = Complaint.objects.select_for_update().get(pk=complaint.pk)
        _check_case(case)
        last = case.callbacks.order_by("-called_at", "-id").first()
        record = CallbackRecord.objects.create(
            complaint=case,
            caller=actor,
            called_at=_when(called_at, case, last),
            reached=reached,
            satisfaction=satisfaction,
            remark=remark,
        )
        _apply(case, record, actor, case.callbacks.count())
    complaint.refresh_from_db()
    return record
