"""Each role's own home: where `/` (map_ui.views.home, and so every login without a `next`) takes a user.

A planner's work is the renovation ranking, an agency's the files and feeds, a grid worker's the
phone page, department staff's and community cadres' the case desk (/desk/: the cases they work all
day); leaders and admins start on the dashboard. The dashboard itself stays open to every role at
/dashboard/, so "back to the map" means the same for everyone.
"""

from django.urls import NoReverseMatch, reverse

from layers.models import Role
from layers.permissions import role_of

# Role -> URL name of its home; a role not listed (and a home not mounted) gets the dashboard.
HOMES = {
    Role.PLANNER: "map_ui:planner",
    Role.AGENCY: "map_ui:exports",
    Role.GRID_WORKER: "map_ui:mobile",
    Role.DEPARTMENT: "map_ui:desk",
    Role.CADRE: "map_ui:desk",
}


def home_url(user) -> str | None:
    """The path of the user's own home, or None when it is the dashboard."""
    name = HOMES.get(role_of(user))
    if name is None:
        return None
    try:
        return reverse(name)
    except NoReverseMatch:
        return None
