"""Who is logged in, as every page's header shows it (name and role, in the active language).

Its own module so that every page (views, planner, patrols, mobile, desk import, inbox) imports it
from below, never from another page: map_ui's pages do not import each other (pyproject.toml,
import-linter).
"""

from django.utils.translation import gettext as _


def user_summary(user):
    profile = getattr(user, "staff", None)
    if profile is None:
        return {"name": user.get_username(), "role": _("未设置角色")}
    return {"name": profile.display_name or user.get_username(), "role": profile.get_role_display()}
