"""Whose patrol plans a user may see: the workers whose cells layers/permissions.py lets them see.

One rule for the API and the pages: a grid worker sees their own plan only; a community cadre the
workers of their community; department staff those of their communities; leaders, planners, agency
and admin every worker. (The same scoping as the cells themselves, so a plan never shows a cell its
reader could not open.)
"""

from django.core.exceptions import PermissionDenied

from layers.models import GridCell, Role
from layers.permissions import role_of, scope_grid_cells, sees_whole_subdistrict


class UnknownWorker(ValueError):
    """No grid worker with cells has this username."""


def visible_workers(user) -> set[str]:
    """Usernames of the grid workers whose plans user may see (one query)."""
    if role_of(user) is None:
        return set()
    cells = scope_grid_cells(user, GridCell.objects.filter(grid_worker__isnull=False))
    return set(cells.values_list("grid_worker__username", flat=True).distinct())


def visible_communities(user) -> list[tuple[str, str]]:
    """(code, name) of the communities with grid workers whose plans user may see, by code."""
    if role_of(user) is None:
        return []
    cells = scope_grid_cells(user, GridCell.objects.filter(grid_worker__isnull=False))
    return list(cells.values_list("community__code", "community__name").distinct().order_by("community__code"))


def community_workers(user, community: str) -> list[str]:
    """Usernames of the workers with cells in community (a code) whose plans user may see."""
    cells = GridCell.objects.filter(grid_worker__isnull=False, community__code=community)
    return sorted(set(scope_grid_cells(user, cells).values_list("grid_worker__username", flat=True)))


def sees_everyone(user) -> bool:
    """True for roles scoped to the whole sub-district (no per-worker filter needed)."""
    return sees_whole_subdistrict(user)


def workers_for(user, worker: str | None) -> list[str] | None:
    """The usernames whose plans to build for user (None: everyone).

    Raises PermissionDenied (no role, or a worker the user may not see) and UnknownWorker.
    """
    if role_of(user) is None:
        raise PermissionDenied("未设置角色 / no staff role")
    if worker is not None:
        if not GridCell.objects.filter(grid_worker__username=worker).exists():
            raise UnknownWorker(f"没有名为 {worker!r} 且分配了网格的网格员 / no grid worker {worker!r} with cells")
        if worker not in visible_workers(user):
            raise PermissionDenied("只能查看本人负责范围内的巡查计划 / you may not see this worker's plan")
        return [worker]
    if role_of(user) == Role.GRID_WORKER:
        return [user.get_username()]
    return None if sees_everyone(user) else sorted(visible_workers(user))
