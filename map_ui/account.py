"""Who is logged in, as every page's header shows it (name and role, in the page's language).

Its own module so that every page (views, planner, patrols, mobile) imports it from below, never
from another page: map_ui's pages do not import each other (pyproject.toml, import-linter).
"""

from map_ui.i18n import labels_for, role_label


def user_summary(user, language_code):
    profile = getattr(user, "staff", None)
    if profile is None:
        return {"name": user.get_username(), "role": labels_for(language_code)["no_role"]}
    return {
        "name": profile.display_name or user.get_username(),
        "role": role_label(profile.role, language_code),
    }
