"""Whose patrol plans a user may see: the workers whose cells layers/scoping.py lets them see.

One rule for the API, the command's callers and the pages: a grid worker sees their own plan only;
a community cadre the workers of their community; department staff those of their communities;
leaders, planners, agency and admin every worker. (The same scoping as the cells themselves, so a
plan never shows a cell its reader could not open.)
"""

from layers.models import GridCell
from layers.scoping import WHOLE_SUBDISTRICT_ROLES, role_of, scope_grid_cells


def visible_workers(user) -> set[str]:
    """Usernames of the grid workers whose plans user may see (one query)."""
    if role_of(user) is None:
        return set()
    cells = scope_grid_cells(user, GridCell.objects.filter(grid_worker__isnull=False))
    return set(cells.values_list("grid_worker__username", flat=True).distinct())


def sees_everyone(user) -> bool:
    """True for roles scoped to the whole sub-district (no per-worker filter needed)."""
    return role_of(user) in WHOLE_SUBDISTRICT_ROLES
