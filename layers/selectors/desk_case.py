"""One case on the desk (/desk/cases/<id>/): what it carries and what this user may do with it now.

allowed_actions() derives the buttons from the services' own tables (complaints.TRANSITIONS and
ALLOWED_ROLES, case_assign's REASSIGNABLE and ASSIGN_ROLES), so the page never offers an action the
service would refuse for this status and role; the 四包 scope (acting, not only reading) and
confirmed duplicates (they follow their primary) are checked here the same way.

Reopening (重新办理): what TRANSITIONS allows — a case back from 回访 (the resident was not
satisfied), from the ledger (销账 by resuming) or from 督办 goes back into the work. A closed (结案)
case is not reopened: its 三率 are assessed and its history is final. A resident who calls again
about it is a new case, taken in like any other and linked to the old one as 回头件 (related.py),
which the case page lists under 关联诉求.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from layers.models import Complaint, ComplaintLink, ComplaintPhoto
from layers.permissions import role_of
from layers.selectors.desk import visible_cases
from layers.services.case_assign import ASSIGN_ROLES, REASSIGNABLE
from layers.services.complaints import ALLOWED_ROLES, TRANSITIONS

Status = Complaint.Status
# Cases a call-back (回访) may be recorded on: a resolved case, and one already called back (a second
# attempt, or the resident's answer changed). layers/services/callbacks.py (CALLABLE) decides.
CALLABLE = (Status.RESOLVED, Status.CALLBACK)


@dataclass(frozen=True)
class DeskAction:
    """A button on the case page. `form` names the fields its form asks (desk/case.js builds it)."""

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
# name → (label, form), in the order the page shows them.
ACTIONS = {
    "dispatch": (_("派单"), "handler"),
    "reassign": (_("改派"), "handler"),
    "respond": (_("响应"), "confirm"),
    "start": (_("开始办理"), "confirm"),
    "resolve": (_("办结"), "resolve"),
    "callback": (_("回访"), "callback"),
    "close": (_("结案"), "confirm"),
    "reopen": (_("重新办理（回访不满意）"), "reason"),
    "resume": (_("恢复办理"), "reason"),
    "ledger": (_("挂账"), "ledger"),
    "escalate": (_("督办"), "reason"),
    "return": (_("退单"), "reason"),
    "close_returned": (_("退单获准，结案"), "confirm"),
}


def may_act(user, complaint: Complaint) -> bool:
    """Responsible for the case (四包), not only able to read it."""
    return visible_cases(user, include_own=False).filter(pk=complaint.pk).exists()


def _names(role, complaint: Complaint) -> set[str]:
    status = complaint.status
    names = {_BY_STEP.get((status, to)) or _BY_TARGET[to] for to in TRANSITIONS[status] if role in ALLOWED_ROLES[to]}
    # To 回访 is recorded as a call-back (its own form, more than one attempt), not a bare transition.
    names.discard("callback")
    if status in CALLABLE and role in ALLOWED_ROLES[Status.CALLBACK]:
        names.add("callback")
    if status in REASSIGNABLE and role in ASSIGN_ROLES:
        names.add("reassign")
    return names


def allowed_actions(user, complaint: Complaint) -> list[DeskAction]:
    """The actions the services would accept from this user on this case in its present status."""
    if complaint.duplicate_of_id is not None or not may_act(user, complaint):
        return []
    names = _names(role_of(user), complaint)
    targets = {(_BY_STEP.get((complaint.status, to)) or _BY_TARGET[to]): to for to in TRANSITIONS[complaint.status]}
    return [
        DeskAction(name, str(label), None if name in ("reassign", "callback") else targets[name], form)
        for name, (label, form) in ACTIONS.items()
        if name in names
    ]


def case_trail(complaint: Complaint):
    """The whole event trail, oldest first, with the actors' names."""
    return complaint.events.select_related("actor__staff").order_by("at", "id")


def case_photos(complaint: Complaint):
    return ComplaintPhoto.objects.filter(complaint=complaint).order_by("uploaded_at", "id")


def related_cases(user, complaint: Complaint) -> list[dict]:
    """Linked cases (疑似相关, 确认重复: 回头件 among them) that user may read, with the link's facts."""
    links = ComplaintLink.objects.filter(Q(primary=complaint) | Q(other=complaint))
    others = {
        (link.other_id if link.primary_id == complaint.pk else link.primary_id): link
        for link in links.order_by("created_at", "id")
    }
    readable = visible_cases(user).filter(pk__in=others).select_related("category").order_by("-received_at")
    return [{"case": case, "link": others[case.pk]} for case in readable]
