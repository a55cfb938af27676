"""Who is who and who may do what: every role set and every may_* check, in one place.

The roles (layers.models.staff.Role) and the 四包 rule behind them:
- leader, planner, agency, admin see the whole sub-district (WHOLE_SUBDISTRICT_ROLES);
- department staff see the communities their department 包s, cadres their community, grid workers
  their own cells (scope_grid_cells here; cases: Complaint.objects.visible_to, layers/models/complaint.py);
- a user without a staff profile sees nothing (superusers count as admin).
What each role may *do* is a named set below, each with the reason it has those members; the
services, the API, the pages and the commands ask here rather than keeping sets of their own.

This module sits beside the models at the bottom of the layering (README "Where things are"): it
reads only the Role choices and the user's staff profile, and the models' queryset of cases uses it.
"""

from django.db.models import QuerySet

from layers.models.staff import Role

# See every case, cell and topic: they work at sub-district level (or read for the district).
WHOLE_SUBDISTRICT_ROLES = frozenset({Role.LEADER, Role.PLANNER, Role.AGENCY, Role.ADMIN})
# Handle cases (respond, work on, resolve) and take new ones in (API, mobile page, Open311 key), add
# photos, confirm a place, complete co-governance actions. Planners and agencies only read.
HANDLER_ROLES = frozenset({Role.LEADER, Role.DEPARTMENT, Role.CADRE, Role.GRID_WORKER, Role.ADMIN})
INTAKE_ROLES = HANDLER_ROLES
# The 接诉即办 office's decisions: dispatch, callback (an independent check, not the handler's),
# close, return to 12345, override the 四事四办 type, confirm a duplicate, summon a department (吹哨),
# re-classify the cases waiting under 其他, take in the 12345 centre's dispatch sheets (/desk/import/).
OFFICE_ROLES = frozenset({Role.LEADER, Role.DEPARTMENT, Role.ADMIN})
# Leadership decisions: put a case on the ledger (挂账), escalate it (督办).
LEADERSHIP_ROLES = frozenset({Role.LEADER, Role.ADMIN})
# See the complainant's name and phone on every case they can read (they call back on any case);
# others only on the cases they handle (handles_case). The same goes for personal data written into
# a case's free text (description, address, call-back remarks, notes: layers/privacy); a document
# listing many cases (the weekly report, the ledger) shows it whole only to these roles.
ALL_CASES_HANDLER_ROLES = LEADERSHIP_ROLES
# Open and run co-governance topics (协商议事): the sub-district and community levels, not grid workers.
COGOV_WRITER_ROLES = frozenset({Role.LEADER, Role.DEPARTMENT, Role.CADRE, Role.ADMIN})
# The league tables and the weekly report compare communities and departments with each other:
# for the roles that work at sub-district level; cadres and grid workers see their own cases elsewhere.
ANALYTICS_ROLES = frozenset({Role.LEADER, Role.DEPARTMENT, Role.PLANNER, Role.AGENCY, Role.ADMIN})
# The monthly 考评 names units for 约谈 (a leadership decision): sub-district leaders, the office's
# department staff who prepare it, and admins. Planners and district agencies see the weekly
# figures, not the internal assessment.
ASSESSMENT_ROLES = frozenset({Role.LEADER, Role.DEPARTMENT, Role.ADMIN})
# Exports and agency feeds (OGC API, tiles, fast GeoJSON) are whole files: only for roles that see
# the whole sub-district, rather than a partial file that looks complete.
EXPORT_ROLES = WHOLE_SUBDISTRICT_ROLES
# The renovation planning API: counts per estate, no personal data; grid workers plan their own cells.
PLANNING_API_ROLES = frozenset({Role.LEADER, Role.PLANNER, Role.DEPARTMENT, Role.CADRE, Role.AGENCY, Role.ADMIN})
# The planners' pages (/planner/): planning covers the whole sub-district's estates.
PLANNER_PAGE_ROLES = frozenset({Role.PLANNER, Role.LEADER, Role.CADRE, Role.ADMIN})


def role_of(user) -> str | None:
    """The user's role; admin for superusers; None when not logged in or without a staff profile."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    profile = getattr(user, "staff", None)
    return profile.role if profile else None


def has_role(user) -> bool:
    """Any staff role at all: what every page and API asks first."""
    return role_of(user) is not None


def sees_whole_subdistrict(user) -> bool:
    return role_of(user) in WHOLE_SUBDISTRICT_ROLES


def may_take_in(user) -> bool:
    return role_of(user) in INTAKE_ROLES


def may_handle(user) -> bool:
    return role_of(user) in HANDLER_ROLES


def may_read(user, pk) -> bool:
    """Whether user may read case pk: no query for the roles that read every case."""
    if sees_whole_subdistrict(user):
        return True
    # Imported here: the models' queryset of cases imports this module (visible_to).
    from layers.models.complaint import Complaint

    return Complaint.objects.filter(pk=pk).visible_to(user).exists()


def may_act_on(user, pk) -> bool:
    """Whether user is responsible for case pk (四包 scope; having taken it in is not enough)."""
    from layers.models.complaint import Complaint

    return Complaint.objects.filter(pk=pk).visible_to(user, include_own=False).exists()


def may_import_hotline(user) -> bool:
    """Whether a user may upload the 12345 centre's dispatch sheets (the office's desk)."""
    return role_of(user) in OFFICE_ROLES


def may_view_analytics(user) -> bool:
    return role_of(user) in ANALYTICS_ROLES


def may_view_assessment(user) -> bool:
    return role_of(user) in ASSESSMENT_ROLES


def may_export(user) -> bool:
    return role_of(user) in EXPORT_ROLES


def may_use_planning_api(user) -> bool:
    return role_of(user) in PLANNING_API_ROLES


def may_plan(user) -> bool:
    """Whether a user may open the planners' pages (planners, leaders, cadres, administrators)."""
    return role_of(user) in PLANNER_PAGE_ROLES


def handles_case(user, complaint) -> bool:
    """Whether the user handles this case (四包), and so may see the complainant's name and phone:
    leaders and admins; the assignee; staff of the assigned department or of the community's 包片
    department; cadres of the case's community; the grid worker of its cell."""
    role = role_of(user)
    if role is None:
        return False
    if role in ALL_CASES_HANDLER_ROLES or complaint.assignee_id == user.pk:
        return True
    staff = user.staff
    if role == Role.DEPARTMENT:
        community = complaint.community
        departments = {complaint.assigned_department_id, community.department_id if community else None}
        return staff.department_id is not None and staff.department_id in departments
    if role == Role.CADRE:
        return complaint.community_id is not None and complaint.community_id == staff.community_id
    if role == Role.GRID_WORKER:
        return complaint.grid_cell is not None and complaint.grid_cell.grid_worker_id == user.pk
    return False


def may_see_personal_data(user, complaint) -> bool:
    """Whether the user sees the complainant's name, phone, e-mail and the personal data in the case's
    free text whole: those who handle the case (they call back), never agencies (they read and export
    for the district, and what leaves the sub-district carries none); everyone else sees them masked."""
    return role_of(user) != Role.AGENCY and handles_case(user, complaint)


def may_see_all_personal_data(user) -> bool:
    """Whether documents listing many cases (weekly report, ledger) show their free text whole."""
    return role_of(user) in ALL_CASES_HANDLER_ROLES


def scope_grid_cells(user, queryset: QuerySet) -> QuerySet:
    """Grid cells are work assignments: grid workers their own, cadres their community's, department
    staff those of the communities their department 包s, the whole-sub-district roles all."""
    role = role_of(user)
    if role in WHOLE_SUBDISTRICT_ROLES:
        return queryset
    if role == Role.GRID_WORKER:
        return queryset.filter(grid_worker=user)
    if role == Role.CADRE:
        return queryset.filter(community_id=user.staff.community_id)
    if role == Role.DEPARTMENT:
        return queryset.filter(community__department_id=user.staff.department_id)
    return queryset.none()


def scope_base_layer(user, queryset: QuerySet) -> QuerySet:
    """Base layers (sub-district, communities, estates, buildings, military zones) are the shared map
    every staff member works on."""
    return queryset if has_role(user) else queryset.none()
