"""Who handles a case after intake: dispatch (派单) to a named handler and reassignment (改派).

The one write path for a case's assignee and assigned department once routing (at intake) has set
them: the desk's case page, its bulk action and the API call these functions.

- A case whose status may move to 派单 (received; returned and sent back by 12345; escalated:
  TRANSITIONS says which) is dispatched: the handler is named and the status moves to dispatched
  through complaint_transition, whose event names the handler.
- A case in the work (dispatched, responded, in progress, on the ledger) is reassigned: same
  status, an event naming the old and the new handler.
- A resolved, called-back or closed case is not reassigned: its work is done (a new call about it
  is a new case, linked as 回头件). A confirmed duplicate follows its primary case and is not
  assigned alone.
- Naming only a department hands the case to it without a person: the former handler no longer
  holds it, and the department names its own.
Dispatching and reassigning are the 接诉即办 office's decision (layers.permissions.may_dispatch), and
only on cases within the actor's 四包 scope (Complaint.objects.visible_to, acting); the handler must
be active staff of a handling role (permissions.may_handle). Each step names the new handler in
the trail's structured fields (ComplaintEvent.assignee/department), which the notification worker
reads to tell them the case is now theirs.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from layers.models import Complaint, ComplaintEvent, Department
from layers.models.staff import person_name
from layers.permissions import may_dispatch, may_handle
from layers.services.complaint_input import clean_text
from layers.services.complaints import TRANSITIONS, complaint_transition

Status = Complaint.Status
REASSIGNABLE = {Status.DISPATCHED, Status.RESPONDED, Status.IN_PROGRESS, Status.LEDGER}
# A bulk action is one request from one page: at most a few pages of the list.
MAX_BULK = 500


@dataclass(frozen=True)
class Handler:
    assignee: object  # a User or None (a department without a named person)
    department: Department | None

    def label(self) -> str:
        names = [person_name(self.assignee) if self.assignee else "", str(self.department or "")]
        return "（".join(n for n in names if n) + ("）" if all(names) else "")


@dataclass
class BulkAssignReport:
    """Which cases were assigned, and for each one refused, why (in words staff can act on)."""

    done: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)
    # Of the failed, those the actor may not act on (or that do not exist): a permission refusal.
    forbidden: set[int] = field(default_factory=set)


def _check_actor(actor) -> None:
    if actor is None or not may_dispatch(actor):
        raise PermissionDenied(_("此角色不能派单或改派"))


def _handler(assignee, department) -> Handler:
    """The checked handler; ValidationError naming the field otherwise."""
    if assignee is None and department is None:
        raise ValidationError({"assignee": _("请指定承办人或承办科室")})
    if assignee is not None:
        name = person_name(assignee)
        if not assignee.is_active or not may_handle(assignee):
            raise ValidationError({"assignee": _("%(name)s 不是可承办诉求的在岗人员") % {"name": name}})
        own = getattr(getattr(assignee, "staff", None), "department", None)
        if department is None:
            department = own
        elif own is not None and own != department:
            message = _("%(name)s 属于%(own)s，不属于%(department)s")
            raise ValidationError({"department": message % {"name": name, "own": own, "department": department}})
    return Handler(assignee, department)


def _refusal(locked: Complaint, handler: Handler) -> str | None:
    if locked.duplicate_of_id is not None:
        return _("是 #%(primary)s 的重复件，随主案流转，请改派主案") % {"primary": locked.duplicate_of_id}
    if Status.DISPATCHED not in TRANSITIONS[locked.status] and locked.status not in REASSIGNABLE:
        return _("状态为%(status)s，不能派单或改派") % {"status": locked.get_status_display()}
    same_department = handler.department is None or handler.department.pk == locked.assigned_department_id
    if handler.assignee is not None and locked.assignee_id == handler.assignee.pk and same_department:
        return _("已由%(handler)s承办") % {"handler": handler.label()}
    return None


def _write(locked: Complaint, actor, handler: Handler, note: str) -> None:
    before = Handler(locked.assignee, locked.assigned_department).label() or "（未指定）"
    locked.assignee = handler.assignee
    if handler.department is not None:
        locked.assigned_department = handler.department
    locked.save(update_fields=["assignee", "assigned_department", "updated_at"])
    after = Handler(locked.assignee, locked.assigned_department).label()
    reason = f"：{note}" if note else ""
    if Status.DISPATCHED in TRANSITIONS[locked.status]:
        complaint_transition(complaint=locked, actor=actor, to_status=Status.DISPATCHED, note=f"派单给{after}{reason}")
    else:
        ComplaintEvent.record_step(locked, actor, f"改派：{before} → {after}{reason}", handed_over=True)


def _assign_locked(ids: list[int], actor, handler: Handler, note: str) -> BulkAssignReport:
    report = BulkAssignReport()
    scope = Complaint.objects.visible_to(actor, include_own=False)
    actionable = set(scope.filter(pk__in=ids).values_list("pk", flat=True))
    # Locked in id order, so two bulk actions over overlapping cases wait for each other, never deadlock.
    locked = {c.pk: c for c in Complaint.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    for pk in ids:
        case = locked.get(pk)
        if case is None or pk not in actionable:
            report.failed[pk] = _("不存在或不在您的负责范围内")
            report.forbidden.add(pk)
            continue
        refusal = _refusal(case, handler)
        if refusal:
            report.failed[pk] = refusal
            continue
        # A savepoint per case: a refusal from the transition leaves this case as it was.
        try:
            with transaction.atomic():
                _write(case, actor, handler, note)
        except ValidationError as exc:
            report.failed[pk] = "；".join(exc.messages)
            case.refresh_from_db()
            continue
        report.done.append(pk)
    return report


def complaint_assign_bulk(*, complaint_ids, actor, assignee=None, department=None, note="") -> BulkAssignReport:
    """Dispatch or reassign many cases to one handler in one transaction, each checked on its own.

    Cases that pass are written together; each refused case is left exactly as it was and reported
    with its reason (not yours, done, a duplicate, already with this handler). Raises
    PermissionDenied when the actor may not assign at all, ValidationError for a bad handler, note
    or list of cases (then nothing is written).
    """
    _check_actor(actor)
    note = clean_text(note, "note")
    handler = _handler(assignee, department)
    ids = list(dict.fromkeys(int(pk) for pk in complaint_ids))
    if not ids:
        raise ValidationError({"cases": _("请选择至少一件诉求")})
    if len(ids) > MAX_BULK:
        raise ValidationError({"cases": _("一次最多 %(max)d 件，收到 %(n)d 件") % {"max": MAX_BULK, "n": len(ids)}})
    with transaction.atomic():
        return _assign_locked(ids, actor, handler, note)


def complaint_assign(*, complaint, actor, assignee=None, department=None, note="") -> Complaint:
    """Dispatch or reassign one case (see the module's rules); ValidationError or PermissionDenied
    with the reason when refused, and then nothing is written."""
    report = complaint_assign_bulk(
        complaint_ids=[complaint.pk], actor=actor, assignee=assignee, department=department, note=note
    )
    if report.failed:
        reason = report.failed[complaint.pk]
        if complaint.pk in report.forbidden:
            raise PermissionDenied(reason)
        raise ValidationError({"assignee": reason})
    complaint.refresh_from_db()
    return complaint


def handler_by_username(username: str):
    """The user a form names as handler, or ValidationError."""
    user = get_user_model().objects.select_related("staff__department").filter(username=username).first()
    if user is None:
        raise ValidationError({"assignee": _("没有用户名为 %(name)s 的人员") % {"name": username}})
    return user
