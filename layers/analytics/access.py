"""Who may see analytics. The figures cover the whole sub-district (rankings compare communities
and departments with each other), so they are for the roles that work at sub-district level;
community cadres and grid workers see their own cases elsewhere, not the league tables."""

from layers.models import Role
from layers.scoping import role_of

ANALYTICS_ROLES = {Role.LEADER, Role.DEPARTMENT, Role.PLANNER, Role.AGENCY, Role.ADMIN}


def may_view_analytics(user) -> bool:
    return role_of(user) in ANALYTICS_ROLES


# The monthly 考评 names units for 约谈 (a leadership decision): sub-district leaders, the office's
# department staff who prepare it, and admins. Planners and district agencies see the weekly
# figures, not the internal assessment.
ASSESSMENT_ROLES = {Role.LEADER, Role.DEPARTMENT, Role.ADMIN}


def may_view_assessment(user) -> bool:
    return role_of(user) in ASSESSMENT_ROLES
