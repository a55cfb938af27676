"""What a user may do with a case now: the buttons of the desk's case page (/desk/cases/<id>/).

allowed_actions() derives them from the services' own rules — complaints.TRANSITIONS and
ALLOWED_ROLES, case_assign's REASSIGNABLE, callbacks' CALLABLE and CALLBACK_ROLES, the roles of
layers.permissions — so the page never offers an action the service behind it would refuse for this
status and role; the 四包 scope (acting, not only reading: permissions.may_act_on) and confirmed
duplicates (they follow their primary) are checked here the same way. It writes nothing: it lives
beside the tables it reads, and tests/layers/services/test_case_actions.py holds every offered
action accepted and every other refused.

Reopening (重新办理): what TRANSITIONS allows — a case back from 回访 (the resident was not
satisfied), from the ledger (销账 by resuming) or from 督办 goes back into the work. A closed (结案)
case is not reopened: its 三率 are assessed and its history is final. A resident who calls again
about it is a new case, taken in like any other and linked to the old one as 回头件 (related.py),
which the case page lists under 关联诉求.
"""

from dataclasses import dataclass

from django.utils.translation import pgettext_lazy

from layers.models import Complaint
from layers.permissions import may_act_on, may_dispatch, role_of
from layers.services.callbacks import CALLABLE, CALLBACK_ROLES
from layers.services.case_assign import REASSIGNABLE
from layers.services.complaints import ALLOWED_ROLES, TRANSITIONS

Status = Complaint.Status


@dataclass(frozen=True)
class CaseAction:
    """A button on the case page. `form` names the fields its form asks (desk/case.js sends it)."""

    name: str
    label: str
    to_status: str | None  # None: not a status change (reassign, call-back records)
    form: str  # handler | reason | ledger | callback | resolve | confirm


# (from, to) → the action's name where the same target means different things; else by target.
_BY_STEP = {
    (Status.CALLBACK, Status.IN_PROGRESS): "reopen",
    (Status.LEDGER, Status.IN_PROGRESS): "resume",
    (Status.ESCALATED, Status.IN_PROGRESS): "resume",
    (Status.RESPONDED, Status.IN_PROGRESS): "start",
    (Status.RETURNED, Status.CLOSED): "close_returned",
}
_BY_TARGET = {
    Status.DISPATCHED: "dispatch",
    Status.CALLBACK: "callback",
    Status.RESPONDED: "respond",
    Status.RESOLVED: "resolve",
    Status.CLOSED: "close",
    Status.RETURNED: "return",
    Status.ESCALATED: "escalate",
    Status.LEDGER: "ledger",
}
# name → (label, form), in the order the page shows them. The labels are verbs (context "action"):
# as a status the Chinese word names the state (派单 Dispatched), as a button the step (Dispatch).
ACTIONS = {
    "dispatch": (pgettext_lazy("action", "派单"), "handler"),
    "reassign": (pgettext_lazy("action", "改派"), "handler"),
    "respond": (pgettext_lazy("action", "响应"), "confirm"),
    "start": (pgettext_lazy("action", "开始办理"), "confirm"),
    "resolve": (pgettext_lazy("action", "办结"), "resolve"),
    "callback": (pgettext_lazy("action", "回访"), "callback"),
    "close": (pgettext_lazy("action", "结案"), "confirm"),
    "reopen": (pgettext_lazy("action", "重新办理（回访不满意）"), "reason"),
    "resume": (pgettext_lazy("action", "恢复办理"), "reason"),
    "ledger": (pgettext_lazy("action", "挂账"), "ledger"),
    "escalate": (pgettext_lazy("action", "督办"), "reason"),
    "return": (pgettext_lazy("action", "退单"), "reason"),
    "close_returned": (pgettext_lazy("action", "退单获准，结案"), "confirm"),
}


def _name(status: str, to_status: str) -> str:
    return _BY_STEP.get((status, to_status)) or _BY_TARGET[to_status]


def _names(user, complaint: Complaint) -> set[str]:
    status, role = complaint.status, role_of(user)
    names = {_name(status, to) for to in TRANSITIONS[status] if role in ALLOWED_ROLES[to]}
    # To 回访 is recorded as a call-back (its own form, more than one attempt), not a bare transition.
    names.discard("callback")
    if status in CALLABLE and role in CALLBACK_ROLES:
        names.add("callback")
    if status in REASSIGNABLE and may_dispatch(user):
        names.add("reassign")
    return names


def allowed_actions(user, complaint: Complaint) -> list[CaseAction]:
    """The actions the services would accept from this user on this case in its present status."""
    if complaint.duplicate_of_id is not None or not may_act_on(user, complaint.pk):
        return []
    names = _names(user, complaint)
    targets = {_name(complaint.status, to): to for to in TRANSITIONS[complaint.status]}
    return [
        CaseAction(name, str(label), None if name in ("reassign", "callback") else targets[name], form)
        for name, (label, form) in ACTIONS.items()
        if name in names
    ]
