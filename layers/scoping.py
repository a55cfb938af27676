"""Which rows a user may see, by role (四包). Every queryset served to a user passes through here.

Base layers (sub-district, communities, estates, buildings, military zones) are the shared map
every staff member works on; grid cells are work assignments, so they are scoped:
- grid worker: only the cells assigned to them;
- community cadre: the cells of their community;
- department staff: the cells of the communities their department is responsible for;
- leader, planner, agency, admin: everything in the sub-district.
A user without a staff profile sees nothing (superusers excepted).
"""

from django.db.models import QuerySet

from layers.models import Role

WHOLE_SUBDISTRICT_ROLES = {Role.LEADER, Role.PLANNER, Role.AGENCY, Role.ADMIN}


def role_of(user) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    profile = getattr(user, "staff", None)
    return profile.role if profile else None


def scope_grid_cells(user, queryset: QuerySet) -> QuerySet:
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
    return queryset if role_of(user) else queryset.none()
