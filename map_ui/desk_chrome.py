"""What every page of the office desk (/desk/) shares: who may open it, its header and navigation,
and the time left on a case. A helper of the desk's pages (desk, desk_case, desk_import), which do
not import each other (pyproject.toml, import-linter)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from layers.permissions import may_import_hotline, may_use_desk
from map_ui.account import user_summary


def require_desk(user) -> None:
    if not may_use_desk(user):
        raise PermissionDenied(_("案件台供街道领导、科室和社区使用"))


def desk_chrome(request, nav: str = "") -> dict:
    """The desk header's context (map_ui/desk/base.html): who is logged in, which entry of the
    navigation is the current page (list, review, import), and whether the 12345 sheet upload is
    this user's to use. The inbox and the desk itself are in the shared header (header_links)."""
    return {
        "user_summary": user_summary(request.user),
        "nav": nav,
        "may_import": may_import_hotline(request.user),
    }


def time_left(seconds: float | None) -> dict | None:
    """剩余/超期 in days and hours (minutes under an hour), with a class for the colour."""
    if seconds is None:
        return None
    late, left = seconds < 0, abs(int(seconds))
    days, hours, minutes = left // 86400, left % 86400 // 3600, left % 3600 // 60
    if days:
        amount = _("%(d)d天%(h)d小时") % {"d": days, "h": hours}
    elif hours:
        amount = _("%(h)d小时%(m)d分") % {"h": hours, "m": minutes}
    else:
        amount = _("%(m)d分钟") % {"m": minutes}
    if late:
        return {"text": _("超期 %(amount)s") % {"amount": amount}, "css": "overdue"}
    return {"text": _("剩余 %(amount)s") % {"amount": amount}, "css": "due-soon" if seconds < 86400 else "due"}
