"""What a committed boundary change does to the cases (import_layer --commit calls it in the same
transaction as the new boundaries).

Every case is re-assigned to the layers it now lies in (reassign_all: one set-based UPDATE), so
maps, counts and who may see a case follow the boundary at once. Of the cases whose assignment
changed, those not yet dispatched (接诉) are routed again to whoever answers for their new place,
with an event saying so; a dispatched case keeps its handler, as when staff correct a case's
place (complaint_relocate): taking work away from someone who has started it is a dispatcher's
decision. Routing is per case (route() reads the place's facts, one query), but only for the few
cases a boundary edit moves while they wait to be dispatched.
"""

from dataclasses import dataclass

from layers.models import Complaint, ComplaintEvent
from layers.services.assignment import reassign_all_changed
from layers.services.routing import apply_route

ROUTED_FIELDS = ["assigned_department", "assignee", "routing_reason", "updated_at"]


@dataclass(frozen=True)
class BoundaryFollowUp:
    reassigned: int  # cases whose layers changed
    rerouted: int  # of them, cases not yet dispatched whose department, person or reason changed


def follow_boundaries() -> BoundaryFollowUp:
    changed = reassign_all_changed()
    waiting = [pk for pk, status in changed if status == Complaint.Status.RECEIVED]
    rerouted = 0
    for complaint in Complaint.objects.filter(pk__in=waiting).select_related("category"):
        before = (complaint.assigned_department_id, complaint.assignee_id, complaint.routing_reason)
        apply_route(complaint)
        if (complaint.assigned_department_id, complaint.assignee_id, complaint.routing_reason) == before:
            continue
        complaint.save(update_fields=ROUTED_FIELDS)
        ComplaintEvent.record_step(
            complaint,
            None,
            f"边界调整后重新派单 (re-routed after a boundary change)：{complaint.routing_reason}",
            handed_over=True,
        )
        rerouted += 1
    return BoundaryFollowUp(reassigned=len(changed), rerouted=rerouted)
