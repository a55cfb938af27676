"""Which complaints a user may see and act on, and how much personal data they see (四包).

Extends layers/scoping.py for complaints:
- grid worker: cases in their grid cells, and cases assigned to them by name;
- community cadre: cases in their community, and cases assigned to them;
- department staff: cases in the communities their department 包s, cases routed to their
  department, and cases assigned to them;
- leader, planner, agency, admin: every case.
Staff also read the cases they took in themselves (a grid worker reporting on patrol outside their
cells must still see the case and add its photos), but only act on them within the scope above.
How much personal data each reader sees is decided in one place for every reader of a case:
layers.selectors.cases.personal_data.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from layers.models import Complaint, ComplaintEvent, Role
from layers.scoping import WHOLE_SUBDISTRICT_ROLES, role_of

HANDLER_ROLES = {Role.LEADER, Role.DEPARTMENT, Role.CADRE, Role.GRID_WORKER, Role.ADMIN}
# Who may take in a new case (API, mobile page, Open311 key). Planners and agencies only read.
INTAKE_ROLES = HANDLER_ROLES


def _responsible(user, role) -> Q | None:
    if role == Role.GRID_WORKER:
        return Q(grid_cell__grid_worker=user) | Q(assignee=user)
    if role == Role.CADRE:
        return Q(community_id=user.staff.community_id) | Q(assignee=user)
    if role == Role.DEPARTMENT:
        department = user.staff.department_id
        return Q(community__department_id=department) | Q(assigned_department_id=department) | Q(assignee=user)
    return None


def may_read(user, pk) -> bool:
    """Whether user may read case pk: no query for the roles that read every case."""
    if role_of(user) in WHOLE_SUBDISTRICT_ROLES:
        return True
    return scope_complaints(user, Complaint.objects.filter(pk=pk)).exists()


def scope_complaints(user, queryset: QuerySet, include_own: bool = True) -> QuerySet:
    """Cases `user` may read (include_own) or act on (include_own=False)."""
    role = role_of(user)
    if role in WHOLE_SUBDISTRICT_ROLES:
        return queryset
    responsible = _responsible(user, role)
    if responsible is None:
        return queryset.none()
    if include_own:
        # The case's first event (no from_status) is its intake; its actor took the case in.
        took_in = ComplaintEvent.objects.filter(complaint=OuterRef("pk"), from_status="", actor=user)
        responsible |= Q(Exists(took_in))
    return queryset.filter(responsible)
